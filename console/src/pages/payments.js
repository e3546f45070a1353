// Payments: filters in the URL (#/payments?status=...), pages fetched from the
// server by keyset (?before=<id of the last row>).
import { useState } from 'preact/hooks';
import { api, current, can } from '../session.js';
import { html, Page, Badge, Notice, Loading, Empty, href, navigate, useAsync, fmtAmount, fmtTime, Field } from '../ui.js';

export const STATUSES = ['INITIATED', 'SCREENING', 'COMPLIANCE_HOLD', 'PENDING_APPROVAL', 'APPROVED', 'POSTED', 'QUEUED',
  'SENT', 'COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED', 'EXCEPTION'];
const FILTERS = ['q', 'status', 'from', 'to', 'min_amount', 'max_amount', 'currency', 'counterparty', 'direction', 'source', 'stuck'];

export function PaymentTable({ payments, caption }) {
  return html`<div class="table-wrap" tabindex="0"><table class="table">
    <caption class="sr-only">${caption}</caption>
    <thead><tr>
      <th scope="col">Created (UTC)</th><th scope="col">Status</th><th scope="col" class="num">Amount</th>
      <th scope="col">Debtor</th><th scope="col">Creditor</th><th scope="col">Creditor agent</th>
      <th scope="col">End-to-end id</th><th scope="col">Dir.</th><th scope="col">Source</th>
    </tr></thead>
    <tbody>${payments.map((p) => html`<tr key=${p.id}>
      <td class="nowrap"><a href=${href(`/payments/${p.id}`)} aria-label=${`Payment ${p.end_to_end_id}, created ${fmtTime(p.created_at)}`}>${fmtTime(p.created_at)}</a></td>
      <td><${Badge} value=${p.status} /></td>
      <td class="num nowrap">${fmtAmount(p.amount, p.currency)}</td>
      <td>${p.debtor && p.debtor.name}</td>
      <td>${p.creditor && p.creditor.name}</td>
      <td class="mono">${p.creditor && p.creditor.agent_bic}</td>
      <td class="mono">${p.end_to_end_id}</td>
      <td>${p.direction === 'inbound' ? 'in' : 'out'}</td>
      <td class="small">${p.source}</td>
    </tr>`)}</tbody>
  </table></div>`;
}

function Filters({ query }) {
  const [f, setF] = useState(() => Object.fromEntries(FILTERS.map((k) => [k, query[k] || ''])));
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.type === 'checkbox' ? (e.currentTarget.checked ? 'true' : '') : e.currentTarget.value });
  const submit = (e) => {
    e.preventDefault();
    navigate('/payments', f);
  };
  const clear = () => {
    const empty = Object.fromEntries(FILTERS.map((k) => [k, '']));
    setF(empty);
    navigate('/payments', {});
  };
  return html`<form class="filters" role="search" aria-label="Filter payments" onSubmit=${submit}>
    <${Field} label="Search" id="f-q" hint="Name, end-to-end id, message id, UETR or payment id">
      <input id="f-q" type="search" value=${f.q} onInput=${set('q')} maxlength="140" />
    </${Field}>
    <${Field} label="Status" id="f-status">
      <select id="f-status" value=${f.status} onChange=${set('status')}>
        <option value="">any</option>${STATUSES.map((s) => html`<option value=${s}>${s}</option>`)}
      </select>
    </${Field}>
    <${Field} label="Created from" id="f-from"><input id="f-from" type="date" value=${f.from} onInput=${set('from')} /></${Field}>
    <${Field} label="Created before" id="f-to"><input id="f-to" type="date" value=${f.to} onInput=${set('to')} /></${Field}>
    <${Field} label="Min amount" id="f-min"><input id="f-min" inputmode="decimal" value=${f.min_amount} onInput=${set('min_amount')} /></${Field}>
    <${Field} label="Max amount" id="f-max"><input id="f-max" inputmode="decimal" value=${f.max_amount} onInput=${set('max_amount')} /></${Field}>
    <${Field} label="Currency" id="f-ccy"><input id="f-ccy" size="4" maxlength="3" value=${f.currency} onInput=${set('currency')} /></${Field}>
    <${Field} label="Counterparty" id="f-cp" hint="BIC prefix or link"><input id="f-cp" value=${f.counterparty} onInput=${set('counterparty')} /></${Field}>
    <${Field} label="Direction" id="f-dir">
      <select id="f-dir" value=${f.direction} onChange=${set('direction')}>
        <option value="">any</option><option value="outbound">outbound</option><option value="inbound">inbound</option>
      </select>
    </${Field}>
    <${Field} label="Source" id="f-src" hint="api, api-xml, link:…"><input id="f-src" value=${f.source} onInput=${set('source')} /></${Field}>
    <div class="field check"><input id="f-stuck" type="checkbox" checked=${f.stuck === 'true'} onChange=${set('stuck')} /><label for="f-stuck">Stuck only</label></div>
    <div class="filter-actions">
      <button class="btn btn-primary" type="submit">Apply</button>
      <button class="btn" type="button" onClick=${clear}>Clear</button>
    </div>
  </form>`;
}

export function Payments({ query }) {
  const params = new URLSearchParams(Object.entries(query).filter(([k, v]) => v && (FILTERS.includes(k) || k === 'before')));
  params.set('limit', '50');
  const key = params.toString();
  const { data, error, loading, ms } = useAsync(() => api('GET', `/api/v1/payments?${key}`), [key]);
  const trail = query.trail ? query.trail.split(',') : [];
  const next = () => navigate('/payments', { ...query, before: data.next, trail: [...trail, query.before || ''].join(',') });
  const prev = () => {
    const t = [...trail];
    const before = t.pop();
    navigate('/payments', { ...query, before, trail: t.join(',') });
  };
  const me = current();
  return html`<${Page} title="Payments" actions=${me && can.createPayment(me.role) ? html`<a class="btn btn-primary" href=${href('/payments/new')}>New payment</a>` : null}>
    <${Filters} query=${query} key=${FILTERS.map((k) => query[k] || '').join('|')} />
    <${Notice} error=${error} />
    ${loading && !data ? html`<${Loading} />` : null}
    ${data ? html`
      <p class="muted small" aria-live="polite">${data.payments.length} payment(s) on this page${query.before ? ' (older page)' : ''}, answered in ${Math.round(ms)} ms</p>
      ${data.payments.length ? html`<${PaymentTable} payments=${data.payments} caption="Payments, newest first" />` : html`<${Empty}>No payment matches.</${Empty}>`}
      <nav class="pager" aria-label="Pages">
        <button class="btn" type="button" onClick=${prev} disabled=${!query.before}>Newer</button>
        <button class="btn" type="button" onClick=${next} disabled=${!data.next}>Older</button>
      </nav>` : null}
  </${Page}>`;
}
