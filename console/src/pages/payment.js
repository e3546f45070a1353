// One payment: what it is, its timeline (who, when, why), its ledger postings,
// its screenings with their explanations, and every message sent and received.
import { useState } from 'preact/hooks';
import { api, current, can } from '../session.js';
import { html, Page, Badge, Notice, Loading, Empty, KeyValues, ConfirmDialog, useDialog, useAsync, fmtAmount, fmtTime, download, href } from '../ui.js';
import { prettyXml } from '../xml.js';

const TERMINAL = ['COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED'];

function Timeline({ history }) {
  return html`<ol class="timeline" aria-label="Timeline of states">
    ${history.map((h, i) => html`<li key=${i}>
      <div class="tl-head"><${Badge} value=${h.to} /> <time datetime=${h.at}>${fmtTime(h.at)}</time></div>
      <div class="tl-body">${h.from ? html`from <b>${h.from}</b> ` : 'created '}by <b>${h.actor}</b>${h.reason ? html` — <span class="reason">${h.reason}</span>` : null}</div>
    </li>`)}
  </ol>`;
}

function Postings({ postings }) {
  if (!postings.length) return html`<${Empty}>Nothing posted.</${Empty}>`;
  return html`<table class="table compact">
    <caption class="sr-only">Ledger postings</caption>
    <thead><tr><th scope="col">Entry</th><th scope="col">Kind</th><th scope="col">Account</th><th scope="col" class="num">Amount</th><th scope="col">At (UTC)</th></tr></thead>
    <tbody>${postings.map((l, i) => html`<tr key=${i}>
      <td class="mono">${l.entry_id}</td><td>${l.kind}</td><td><a href=${href(`/ledger/${l.account}`)}>${l.account}</a></td>
      <td class=${`num ${l.amount_minor < 0 ? 'debit' : 'credit'}`}>${fmtAmount(l.amount, l.currency)}</td><td>${fmtTime(l.created_at)}</td>
    </tr>`)}</tbody>
  </table>`;
}

function Screenings({ id }) {
  const { data, error, loading } = useAsync(() => api('GET', `/api/v1/compliance/screenings?payment_id=${encodeURIComponent(id)}`), [id]);
  if (error) return html`<${Notice} error=${error} />`;
  if (loading) return html`<${Loading} />`;
  if (!data.screenings.length) return html`<${Empty}>Not screened yet.</${Empty}>`;
  return html`<div class="screenings">${data.screenings.map((s) => html`<article class="screening" key=${s.id}>
    <h3><${Badge} value=${s.outcome} /> ${s.trigger} — ${fmtTime(s.screened_at)}</h3>
    ${(s.hits || []).length ? html`<table class="table compact">
      <caption>Hits</caption>
      <thead><tr><th scope="col">Party</th><th scope="col">List entry</th><th scope="col">Score</th><th scope="col">Why</th></tr></thead>
      <tbody>${s.hits.map((hit, i) => html`<tr key=${i}>
        <td>${hit.field}${hit.field_value ? html`: <span class="quoted">${hit.field_value}</span>` : null}</td>
        <td>${hit.list} ${hit.entry_id ? html`<span class="mono">#${hit.entry_id}</span>` : null} ${hit.entry_name}${hit.matched_alias ? html` (alias ${hit.matched_alias})` : null}</td>
        <td class="num">${hit.score !== undefined ? `${Number(hit.score).toFixed(2)} / ${Number(hit.threshold || 0).toFixed(2)}` : ''}</td>
        <td class="small">${hit.kind} match${(hit.token_matches || []).length ? `: ${hit.token_matches.map((t) => `${t.payment_token}≈${t.list_token} (${Number(t.similarity).toFixed(2)})`).join(', ')}` : ''}</td>
      </tr>`)}</tbody></table>` : html`<p class="muted">No hits.</p>`}
    ${(s.suppressed || []).length ? html`<p class="small">Suppressed by release rules: ${s.suppressed.map((x) => JSON.stringify(x)).join('; ')}</p>` : null}
    ${(s.limit_breaches || []).length ? html`<p class="small">Limit breaches: ${s.limit_breaches.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('; ')}</p>` : null}
    ${s.list_versions ? html`<p class="small muted">Lists in force: ${(Array.isArray(s.list_versions) ? s.list_versions : Object.values(s.list_versions)).map((v) => (v && typeof v === 'object' ? `${v.list || ''} ${v.version || ''}${v.entries !== undefined ? ` (${v.entries} entries)` : ''}` : String(v))).join(', ')}</p>` : null}
  </article>`)}</div>`;
}

function Messages({ id, messages }) {
  const [open, setOpen] = useState({});
  const [error, setError] = useState(null);
  const fetchContent = async (m) => {
    const res = await api('GET', `/api/v1/payments/${id}/messages/${m.id}`, undefined, { raw: true });
    return { text: await res.text(), type: res.headers.get('content-type') || 'text/plain' };
  };
  const toggle = async (m) => {
    if (open[m.id]) return setOpen({ ...open, [m.id]: null });
    try {
      const c = await fetchContent(m);
      setOpen({ ...open, [m.id]: c.type.includes('xml') ? prettyXml(c.text) : c.type.includes('json') ? JSON.stringify(JSON.parse(c.text), null, 2) : c.text });
    } catch (e) {
      setError(e);
    }
  };
  const save = async (m) => {
    try {
      const c = await fetchContent(m);
      download(`${m.message_type}-${m.msg_id || m.id}.${c.type.includes('xml') ? 'xml' : c.type.includes('json') ? 'json' : 'txt'}`, c.text, c.type);
    } catch (e) {
      setError(e);
    }
  };
  if (!messages.length) return html`<${Empty}>No message yet.</${Empty}>`;
  return html`<div>
    <${Notice} error=${error} />
    <table class="table compact">
      <caption class="sr-only">Messages</caption>
      <thead><tr><th scope="col">Dir.</th><th scope="col">Type</th><th scope="col">Message id</th><th scope="col">Link</th><th scope="col">Delivery</th><th scope="col">At (UTC)</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>${messages.map((m) => html`<tr key=${m.id}>
        <td>${m.direction}</td><td class="mono">${m.message_type}</td><td class="mono">${m.msg_id}</td><td>${m.link}</td>
        <td>${m.outbox_status ? html`<${Badge} value=${m.outbox_status} />` : ''}</td><td>${fmtTime(m.created_at)}</td>
        <td class="nowrap">
          <button class="btn btn-small" type="button" aria-expanded=${!!open[m.id]} onClick=${() => toggle(m)}>${open[m.id] ? 'Hide' : 'View'}</button>
          <button class="btn btn-small" type="button" onClick=${() => save(m)}>Download</button>
        </td>
      </tr>`)}</tbody>
    </table>
    ${messages.filter((m) => open[m.id]).map((m) => html`<figure class="message" key=${m.id}>
      <figcaption>${m.direction === 'in' ? 'Received' : 'Sent'} ${m.message_type} ${m.msg_id}</figcaption>
      <pre class="code" tabindex="0">${open[m.id]}</pre>
    </figure>`)}
  </div>`;
}

export function PaymentDetail({ id }) {
  const me = current();
  const { data: p, error, loading, reload } = useAsync(() => api('GET', `/api/v1/payments/${encodeURIComponent(id)}`), [id]);
  const [dialog, openDialog, closeDialog] = useDialog();
  const [done, setDone] = useState(null);
  if (loading && !p) return html`<${Page} title="Payment"><${Loading} /></${Page}>`;
  if (error) return html`<${Page} title="Payment"><${Notice} error=${error} /></${Page}>`;
  const act = (title, body, label, tone, reason, call) => () => openDialog({
    title, body, confirmLabel: label, tone, reason,
    onConfirm: async (text) => {
      const r = await call(text);
      setDone(`${label}: done${r && r.action ? ` (${r.action})` : ''}.`);
    },
  });
  const actions = [];
  const ownPayment = p.created_by === me.username;
  if (p.status === 'PENDING_APPROVAL' && can.approve(me.role)) {
    actions.push(html`<button class="btn btn-primary" type="button" disabled=${ownPayment} title=${ownPayment ? 'Four eyes: you created this payment' : ''}
      onClick=${act('Approve payment', html`Approve ${fmtAmount(p.amount, p.currency)} to ${p.creditor.name}?`, 'Approve', 'primary', 'optional',
        (reason) => api('POST', `/api/v1/payments/${p.id}/approve`, reason ? { reason } : {}))}>Approve</button>`);
    actions.push(html`<button class="btn btn-danger" type="button" disabled=${ownPayment}
      onClick=${act('Reject payment', html`Reject ${fmtAmount(p.amount, p.currency)} to ${p.creditor.name}? It ends as REJECTED.`, 'Reject', 'danger', 'required',
        (reason) => api('POST', `/api/v1/payments/${p.id}/reject`, { reason }))}>Reject</button>`);
  }
  if (p.status === 'COMPLIANCE_HOLD' && can.decideHold(me.role)) {
    actions.push(html`<button class="btn btn-primary" type="button"
      onClick=${act('Release held payment', html`Release ${fmtAmount(p.amount, p.currency)} to ${p.creditor.name}? The approval policy then applies.`, 'Release', 'primary', 'required',
        (reason) => api('POST', `/api/v1/compliance/holds/${p.id}/release`, { reason }))}>Release</button>`);
    actions.push(html`<button class="btn btn-danger" type="button"
      onClick=${act('Reject held payment', html`Reject ${fmtAmount(p.amount, p.currency)} to ${p.creditor.name} (RR04)?`, 'Reject', 'danger', 'required',
        (reason) => api('POST', `/api/v1/compliance/holds/${p.id}/reject`, { reason }))}>Reject</button>`);
  }
  if (can.retrigger(me.role) && !TERMINAL.includes(p.status) && !['COMPLIANCE_HOLD', 'PENDING_APPROVAL'].includes(p.status)) {
    actions.push(html`<button class="btn" type="button"
      onClick=${act('Retrigger payment', html`Re-run the current stage of this ${p.status} payment? Identifiers stay the same, so the counterparty sees a resend, never a second payment.`, 'Retrigger', 'primary', 'none',
        () => api('POST', `/api/v1/payments/${p.id}/retrigger`))}>Retrigger</button>`);
  }
  return html`<${Page} title=${`Payment ${p.end_to_end_id}`} actions=${actions}>
    ${done ? html`<${Notice} tone="ok">${done}</${Notice}>` : null}
    <div class="columns">
      <div class="panel">
        <h2>Payment <${Badge} value=${p.status} /></h2>
        <${KeyValues} items=${[
          ['Amount', html`<b>${fmtAmount(p.amount, p.currency)}</b>`],
          ['Debtor', `${p.debtor.name} · ${p.debtor.account} · ${p.debtor.agent_bic}`],
          ['Creditor', `${p.creditor.name} · ${p.creditor.account} · ${p.creditor.agent_bic}`],
          ['Remittance', p.remittance_info],
          ['Direction', p.direction], ['Source', p.source], ['Created by', p.created_by],
          ['Approval', p.approval_mode ? `${p.approval_mode}${p.approved_by ? ` by ${p.approved_by}` : ''}` : ''],
          ['Link', p.link_name], ['Reason', p.reason_code ? `${p.reason_code} ${p.reason || ''}` : p.reason],
          ['Payment id', html`<span class="mono">${p.id}</span>`], ['UETR', html`<span class="mono">${p.uetr}</span>`],
          ['Message id', p.msg_id], ['Requested execution', p.requested_execution_date],
          ['Created', fmtTime(p.created_at)], ['Updated', fmtTime(p.updated_at)], ['Attempts', p.attempts ? String(p.attempts) : ''],
        ]} />
      </div>
      <div class="panel">
        <h2>Timeline</h2>
        <${Timeline} history=${p.history || []} />
      </div>
    </div>
    <div class="panel"><h2>Ledger postings</h2><${Postings} postings=${p.postings || []} /></div>
    ${can.readCompliance(me.role) ? html`<div class="panel"><h2>Screening</h2><${Screenings} id=${p.id} /></div>` : null}
    <div class="panel"><h2>Messages</h2><${Messages} id=${p.id} messages=${p.messages || []} /></div>
    ${dialog ? html`<${ConfirmDialog} ...${dialog} onClose=${(ok) => {
      closeDialog();
      if (ok) reload();
    }} />` : null}
  </${Page}>`;
}
