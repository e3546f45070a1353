// Reconciliation (admin, checker, auditor): a day's report per link (the
// stored run, or the outcome as it stands before the day's run), its
// unmatched items, CSV export, the aging of open items; an admin reconciles a
// day now. The exception queue: every unmatched item and EXCEPTION payment as
// a case to assign, comment on and resolve (retrigger, manual match, write-off;
// the last two take a second operator's approval).
import { useRef, useState } from 'preact/hooks';
import { api, current, can } from '../session.js';
import { html, Page, Badge, Notice, Loading, Empty, Field, ConfirmDialog, useDialog, useAsync, fmtAmount, fmtMinor, fmtTime, href, navigate, download } from '../ui.js';

const todayUtc = () => new Date().toISOString().slice(0, 10);

function LinkReport({ link }) {
  const run = link.run;
  return html`<div class="panel">
    <h2>${link.link} ${link.provisional ? html`<${Badge} value="PROVISIONAL" tone="warn" />` : html`<${Badge} value=${run.kind.toUpperCase()} tone="ok" />`}</h2>
    <p class="small muted">
      ${link.provisional ? 'Not run yet: the outcome as it stands now, not stored. ' : `Run ${run.id} by ${run.started_by}, ${fmtTime(run.finished_at)}. `}
      Window ${fmtTime(link.window.from)} – ${fmtTime(link.window.to)} (cut-off ${link.cutoff} UTC).
      Statement: ${link.statement.source}${link.statement.statement_ids.length ? ` (${link.statement.statement_ids.join(', ')})` : ''}${link.statement.complete ? '' : ', incomplete (pages missing)'}.
    </p>
    <div class="table-wrap" tabindex="0"><table class="table">
      <caption class="sr-only">${`Totals of ${link.link} by currency`}</caption>
      <thead><tr><th scope="col">Currency</th><th scope="col" class="num">Matched</th><th scope="col" class="num">Unmatched</th><th scope="col" class="num">Open</th>
        <th scope="col" class="num">Written off</th><th scope="col" class="num">Our closing</th><th scope="col" class="num">Statement closing</th><th scope="col" class="num">Difference</th></tr></thead>
      <tbody>${link.currencies.map((c) => html`<tr key=${c.currency}>
        <th scope="row">${c.currency}</th>
        <td class="num">${c.matched.count} <span class="muted small">${fmtMinor(c.matched.sum_minor, c.currency)}</span></td>
        <td class="num">${c.unmatched.count} <span class="muted small">${fmtMinor(c.unmatched.sum_minor, c.currency)}</span></td>
        <td class="num">${c.open.count}</td><td class="num">${c.written_off.count}</td>
        <td class="num nowrap">${c.balances ? fmtMinor(c.balances.ours_closing_minor, c.currency) : '–'}</td>
        <td class="num nowrap">${c.balances ? fmtMinor(c.balances.statement_closing_minor, c.currency) : '–'}</td>
        <td class=${`num nowrap ${c.balances && c.balances.closing_difference_minor ? 'bad' : ''}`}>${c.balances ? fmtMinor(c.balances.closing_difference_minor, c.currency) : '–'}</td>
      </tr>`)}</tbody>
    </table></div>
  </div>`;
}

function Items({ items }) {
  if (!items.length) return html`<${Empty}>Nothing unmatched.</${Empty}>`;
  return html`<div class="table-wrap" tabindex="0"><table class="table">
    <caption class="sr-only">Unmatched items</caption>
    <thead><tr><th scope="col">Link</th><th scope="col">Reason</th><th scope="col">Item</th><th scope="col" class="num">Amount</th><th scope="col" class="num">On the statement</th>
      <th scope="col">UETR / end-to-end id</th><th scope="col">Value dates (ours / theirs)</th><th scope="col">Resolution</th></tr></thead>
    <tbody>${items.map((it) => html`<tr key=${`${it.link}/${it.item_key}`}>
      <td>${it.link}</td><td><${Badge} value=${it.reason} tone="bad" /></td>
      <td class="mono small">${it.payment_id ? html`<a href=${href(`/payments/${it.payment_id}`)}>${it.item_key}</a>` : it.item_key}</td>
      <td class="num nowrap">${fmtAmount(it.amount, it.currency)}</td>
      <td class="num nowrap">${it.statement_amount_minor === null || it.statement_amount_minor === undefined ? '–' : fmtMinor(it.statement_amount_minor, it.currency)}</td>
      <td class="mono small">${it.uetr || ''}${it.end_to_end_id ? html`<br />${it.end_to_end_id}` : null}</td>
      <td class="small nowrap">${it.our_value_date || '–'} / ${it.statement_value_date || '–'}</td>
      <td class="small">${it.resolution || ''}</td>
    </tr>`)}</tbody>
  </table></div>`;
}

function Aging() {
  const { data, error, loading } = useAsync(() => api('GET', '/api/v1/payments/reconciliation/aging?days=30'), []);
  if (error) return html`<${Notice} error=${error} />`;
  if (loading && !data) return html`<${Loading} />`;
  return html`<div class="table-wrap" tabindex="0"><table class="table compact">
    <caption class="sr-only">Open unmatched items by age (last 30 days)</caption>
    <thead><tr><th scope="col">Age (days)</th><th scope="col" class="num">Items</th><th scope="col">By currency</th></tr></thead>
    <tbody>${Object.entries(data.buckets).map(([b, v]) => html`<tr key=${b}><th scope="row">${b}</th><td class="num">${v.count}</td>
      <td class="small">${Object.entries(v.by_currency || {}).map(([ccy, x]) => `${ccy}: ${x.count} (${fmtMinor(x.sum_minor, ccy)})`).join(', ')}</td></tr>`)}</tbody>
  </table></div>`;
}

export function Reconciliation({ query }) {
  const me = current();
  const date = /^\d{4}-\d{2}-\d{2}$/.test(query.date || '') ? query.date : todayUtc();
  const [d, setD] = useState(date);
  const [dialog, openDialog, closeDialog] = useDialog();
  const [done, setDone] = useState(null);
  const { data, error, loading, reload } = useAsync(() => api('GET', `/api/v1/payments/reconciliation/daily?date=${date}`), [date]);
  const exportCsv = async () => {
    try {
      const r = await api('GET', `/api/v1/payments/reconciliation/daily?date=${date}&format=csv`, undefined, { raw: true });
      download(`reconciliation-${date}.csv`, await r.text(), 'text/csv');
    } catch (err) {
      setDone(`Export failed: ${err.message}`);
    }
  };
  const runNow = () => openDialog({
    title: `Reconcile ${date} now`,
    body: html`<p>Match every link's payments of ${date} against the statements received so far, and store the result (a later run of the day replaces it).</p>`,
    confirmLabel: 'Reconcile',
    onConfirm: async () => {
      const r = await api('POST', `/api/v1/payments/reconciliation/runs?date=${date}`);
      setDone(`Reconciled ${date}: ${(r.runs || []).map((x) => `${x.link} ${x.matched} matched, ${x.unmatched} unmatched`).join('; ')}.`);
    },
    after: reload,
  });
  const actions = html`<button class="btn" type="button" onClick=${exportCsv}>Export CSV</button>
    ${can.runReconciliation(me.role) ? html` <button class="btn btn-primary" type="button" onClick=${runNow}>Reconcile now</button>` : null}`;
  return html`<${Page} title="Reconciliation" actions=${actions}>
    <form class="filters" role="search" aria-label="Choose the day" onSubmit=${(e) => {
      e.preventDefault();
      navigate('/reconciliation', { date: d });
    }}>
      <${Field} label="Business day" id="rc-date"><input id="rc-date" type="date" required value=${d} onInput=${(e) => setD(e.currentTarget.value)} /></${Field}>
      <div class="filter-actions"><button class="btn btn-primary" type="submit">Show</button>
        <a class="btn" href=${href('/exceptions')}>Exception queue</a></div>
    </form>
    ${done ? html`<${Notice} tone="ok">${done}</${Notice}>` : null}
    <${Notice} error=${error} />
    ${loading && !data ? html`<${Loading} />` : null}
    ${data && !data.links.length ? html`<${Empty}>No link has a settlement account to reconcile.</${Empty}>` : null}
    ${data ? data.links.map((l) => html`<${LinkReport} key=${l.link} link=${l} />`) : null}
    ${data ? html`<div class="panel"><h2>Unmatched items of ${date}</h2><${Items} items=${data.items} /></div>` : null}
    <div class="panel"><h2>Open items by age</h2><${Aging} /></div>
    ${dialog ? html`<${ConfirmDialog} ...${dialog} onClose=${(ok) => {
      closeDialog();
      if (ok && dialog.after) dialog.after();
    }} />` : null}
  </${Page}>`;
}

// A manual match needs the statement line (or the payment) it pairs with;
// what is typed goes into `into` (read when the dialog is confirmed).
function MatchFields({ into }) {
  const put = (k) => (e) => {
    into.current[k] = e.currentTarget.value.trim();
  };
  return html`<div>
    <${Field} label="Statement entry id" id="mm-entry" hint="for a payment missing from the statement"><input id="mm-entry" inputmode="numeric" onInput=${put('entry')} /></${Field}>
    <${Field} label="Payment id" id="mm-payment" hint="for a statement line unknown to us"><input id="mm-payment" onInput=${put('payment')} /></${Field}>
  </div>`;
}

function CaseDetail({ id, worker, openDialog, setDone, onChanged }) {
  const me = current();
  const { data: c, error, loading, reload } = useAsync(() => api('GET', `/api/v1/exceptions/${id}`), [id]);
  const match = useRef({ entry: '', payment: '' });
  if (error) return html`<${Notice} error=${error} />`;
  if (loading && !c) return html`<${Loading} />`;
  const after = () => {
    reload();
    onChanged();
  };
  const act = (title, path, { label, tone = 'primary', reason = 'required', body, bodyOf = (comment) => ({ comment }), extra } = {}) => () => openDialog({
    title,
    body: body || html`<p>Case ${c.id}: ${c.reason} ${c.amount ? fmtAmount(c.amount, c.currency) : ''}</p>`,
    confirmLabel: label || title,
    tone,
    reason,
    extra,
    onConfirm: async (comment) => {
      await api('POST', `/api/v1/exceptions/${c.id}/${path}`, bodyOf(comment));
      setDone(`Case ${c.id}: ${title.toLowerCase()} done.`);
    },
    after,
  });
  const pending = c.proposals.find((p) => !p.decision);
  const open = c.status !== 'RESOLVED';
  return html`<div class="case-detail">
    <h2>Case ${c.id} <${Badge} value=${c.status} /></h2>
    <p class="small">${c.kind === 'payment_exception' ? 'Payment in EXCEPTION' : `Reconciliation of ${c.business_date} on ${c.link}`}: <b>${c.reason}</b>
      ${c.payment_id ? html` · payment <a href=${href(`/payments/${c.payment_id}`)} class="mono">${c.payment_id}</a>` : null}
      ${c.statement_entry_id ? html` · statement entry <span class="mono">${c.statement_entry_id}</span>` : null}
      ${c.assigned_to ? html` · assigned to ${c.assigned_to}` : ' · unassigned'}${c.resolution ? html` · resolved: ${c.resolution} by ${c.resolved_by}` : null}</p>
    ${worker && open ? html`<div class="actions">
      ${c.assigned_to !== me.username ? html`<button class="btn btn-small" type="button" onClick=${act('Assign to me', 'assign', { reason: 'none', bodyOf: () => ({}) })}>Assign to me</button>` : null}
      <button class="btn btn-small" type="button" onClick=${act('Comment', 'comments', { label: 'Add comment', body: html`<p>A note on case ${c.id}, kept with its steps.</p>` })}>Comment</button>
      ${c.payment_id && c.status === 'OPEN' && can.retrigger(me.role) ? html`<button class="btn btn-small" type="button" onClick=${act('Retrigger', 'retrigger', { reason: 'optional', body: html`<p>Run the payment again (EXCEPTION) or send its message again (no answer).</p>` })}>Retrigger</button>` : null}
      ${c.status === 'OPEN' ? html`
        <button class="btn btn-small" type="button" onClick=${act('Propose manual match', 'manual-match', {
          label: 'Propose',
          extra: html`<${MatchFields} into=${match} />`,
          bodyOf: (comment) => {
            const m = match.current;
            return { comment, ...(m.entry ? { statement_entry_id: Number(m.entry) } : {}), ...(m.payment ? { payment_id: m.payment } : {}) };
          },
          body: html`<p>Pair case ${c.id} with a statement line or payment; a second operator approves it.</p>`,
        })}>Propose manual match</button>
        <button class="btn btn-small btn-danger" type="button" onClick=${act('Propose write-off', 'write-off', {
          label: 'Propose', tone: 'danger',
          body: html`<p>Write case ${c.id} (${c.amount ? fmtAmount(c.amount, c.currency) : ''}) off to the suspense account; a second operator approves it.</p>`,
        })}>Propose write-off</button>` : null}
      ${pending && pending.proposed_by !== me.username ? html`
        <button class="btn btn-small btn-primary" type="button" onClick=${act(`Approve ${pending.action.replace('_', ' ')}`, 'approve', { label: 'Approve', reason: 'optional' })}>Approve ${pending.action.replace('_', ' ')}</button>
        <button class="btn btn-small btn-danger" type="button" onClick=${act(`Reject ${pending.action.replace('_', ' ')}`, 'reject', { label: 'Reject', tone: 'danger' })}>Reject ${pending.action.replace('_', ' ')}</button>` : null}
      ${pending && pending.proposed_by === me.username ? html`<span class="muted small">your ${pending.action.replace('_', ' ')}: a second operator approves or rejects it</span>` : null}
    </div>` : null}
    <ol class="timeline" aria-label=${`Steps of case ${c.id}`}>${c.steps.map((s) => html`<li key=${s.id}><span class="nowrap small">${fmtTime(s.at)}</span> <b>${s.actor}</b> ${s.action}${s.comment ? html`: <span>${s.comment}</span>` : null}</li>`)}</ol>
  </div>`;
}

export function Exceptions({ query }) {
  const me = current();
  const worker = can.workExceptions(me.role);
  const status = query.status || 'open';
  const [f, setF] = useState({ status, reason: query.reason || '', link: query.link || '' });
  const [selected, setSelected] = useState(query.case || null);
  const [dialog, openDialog, closeDialog] = useDialog();
  const [done, setDone] = useState(null);
  const params = new URLSearchParams(Object.entries({ status, reason: query.reason || '', link: query.link || '', before: query.before || '' }).filter(([, v]) => v));
  params.set('limit', '50');
  const key = params.toString();
  const { data, error, loading, reload } = useAsync(() => api('GET', `/api/v1/exceptions?${key}`), [key]);
  const set = (k) => (e) => setF({ ...f, [k]: e.currentTarget.value });
  return html`<${Page} title="Exception queue" actions=${data ? html`<span class="muted small">${data.open_counts.OPEN} open, ${data.open_counts.PENDING_APPROVAL} awaiting approval</span>` : null}>
    <form class="filters" role="search" aria-label="Filter cases" onSubmit=${(e) => {
      e.preventDefault();
      navigate('/exceptions', f);
    }}>
      <${Field} label="Status" id="ex-status"><select id="ex-status" value=${f.status} onChange=${set('status')}>
        <option value="open">not resolved</option><option value="OPEN">OPEN</option><option value="PENDING_APPROVAL">PENDING_APPROVAL</option><option value="RESOLVED">RESOLVED</option>
      </select></${Field}>
      <${Field} label="Reason" id="ex-reason"><input id="ex-reason" value=${f.reason} onInput=${set('reason')} /></${Field}>
      <${Field} label="Link" id="ex-link"><input id="ex-link" value=${f.link} onInput=${set('link')} /></${Field}>
      <div class="filter-actions"><button class="btn btn-primary" type="submit">Filter</button></div>
    </form>
    ${done ? html`<${Notice} tone="ok">${done}</${Notice}>` : null}
    ${!worker ? html`<${Notice} tone="info">Read only: cases are worked by checkers and admins.</${Notice}>` : null}
    <${Notice} error=${error} />
    ${loading && !data ? html`<${Loading} />` : null}
    ${data && !data.cases.length ? html`<${Empty}>No case matches.</${Empty}>` : null}
    ${data && data.cases.length ? html`<div class="table-wrap" tabindex="0"><table class="table">
      <caption class="sr-only">Cases</caption>
      <thead><tr><th scope="col">Case</th><th scope="col">Opened (UTC)</th><th scope="col">Reason</th><th scope="col">Day / link</th><th scope="col" class="num">Amount</th>
        <th scope="col">Status</th><th scope="col">Assigned to</th><th scope="col"><span class="sr-only">Open</span></th></tr></thead>
      <tbody>${data.cases.map((c) => html`<tr key=${c.id} aria-selected=${String(c.id) === String(selected)}>
        <td>${c.id}</td><td class="nowrap">${fmtTime(c.opened_at)}</td><td><${Badge} value=${c.reason} tone="bad" /></td>
        <td class="small">${c.business_date || '–'} ${c.link || ''}</td><td class="num nowrap">${c.amount ? fmtAmount(c.amount, c.currency) : '–'}</td>
        <td><${Badge} value=${c.status} /></td><td>${c.assigned_to || html`<span class="muted">nobody</span>`}</td>
        <td><button class="btn btn-small" type="button" aria-label=${`Open case ${c.id}`} onClick=${() => setSelected(c.id)}>Open</button></td>
      </tr>`)}</tbody>
    </table></div>
    <nav class="pager" aria-label="Pages">
      <button class="btn" type="button" disabled=${!query.before} onClick=${() => history.back()}>Newer</button>
      <button class="btn" type="button" disabled=${!data.next} onClick=${() => navigate('/exceptions', { ...query, before: data.next })}>Older</button>
    </nav>` : null}
    ${selected ? html`<div class="panel"><${CaseDetail} key=${selected} id=${selected} worker=${worker} openDialog=${openDialog} setDone=${setDone} onChanged=${reload} /></div>` : null}
    ${dialog ? html`<${ConfirmDialog} ...${dialog} onClose=${(ok) => {
      closeDialog();
      if (ok && dialog.after) dialog.after();
    }} />` : null}
  </${Page}>`;
}
