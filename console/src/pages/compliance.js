// Compliance officers: payments held by screening (release or reject, with a
// reason), and release rules (proposed by one officer, approved by another).
import { useState } from 'preact/hooks';
import { api, current, can } from '../session.js';
import { html, Page, Badge, Notice, Loading, Empty, Field, ConfirmDialog, useDialog, useAsync, fmtAmount, fmtTime, href } from '../ui.js';

function Holds({ officer, openDialog, setDone }) {
  const { data, error, loading, reload } = useAsync(() => api('GET', '/api/v1/compliance/holds'), []);
  const decide = (p, release) => () => openDialog({
    title: release ? 'Release held payment' : 'Reject held payment',
    body: html`<p>${release ? 'Release' : 'Reject (RR04)'} <b>${fmtAmount(p.amount, p.currency)}</b> from ${p.debtor.name} to <b>${p.creditor.name}</b>?${release ? ' The approval policy then applies.' : ''}</p>`,
    confirmLabel: release ? 'Release' : 'Reject',
    tone: release ? 'primary' : 'danger',
    reason: 'required',
    onConfirm: async (reason) => {
      await api('POST', `/api/v1/compliance/holds/${p.id}/${release ? 'release' : 'reject'}`, { reason });
      setDone(`${release ? 'Released' : 'Rejected'} ${p.end_to_end_id}.`);
    },
    after: reload,
  });
  if (error) return html`<${Notice} error=${error} />`;
  if (loading && !data) return html`<${Loading} />`;
  if (!data.holds.length) return html`<${Empty}>No payment is held.</${Empty}>`;
  return html`<div class="table-wrap" tabindex="0"><table class="table">
    <caption class="sr-only">Held payments, oldest first</caption>
    <thead><tr><th scope="col">Held since (UTC)</th><th scope="col" class="num">Amount</th><th scope="col">Debtor</th><th scope="col">Creditor</th>
      <th scope="col">Why</th>${officer ? html`<th scope="col"><span class="sr-only">Decision</span></th>` : null}</tr></thead>
    <tbody>${data.holds.map((p) => html`<tr key=${p.id}>
      <td class="nowrap"><a href=${href(`/payments/${p.id}`)}>${fmtTime(p.updated_at)}</a></td>
      <td class="num nowrap">${fmtAmount(p.amount, p.currency)}</td><td>${p.debtor.name}</td><td>${p.creditor.name}</td>
      <td class="small">${p.screening ? html`<${Badge} value=${p.screening.outcome} /> ${(p.screening.hits || []).map((h) => `${h.field} ≈ ${h.entry_name} (${h.list}, ${Number(h.score).toFixed(2)})`).join('; ')}${(p.screening.limit_breaches || []).length ? ` limits: ${p.screening.limit_breaches.map((b) => (typeof b === 'string' ? b : b.rule || b.limit || JSON.stringify(b))).join('; ')}` : ''}` : p.reason}</td>
      ${officer ? html`<td class="nowrap">
        <button class="btn btn-small btn-primary" type="button" onClick=${decide(p, true)} aria-label=${`Release ${p.end_to_end_id}`}>Release</button>
        <button class="btn btn-small btn-danger" type="button" onClick=${decide(p, false)} aria-label=${`Reject ${p.end_to_end_id}`}>Reject</button>
      </td>` : null}
    </tr>`)}</tbody>
  </table></div>`;
}

function ProposeRule({ onDone }) {
  const [v, setV] = useState({ list: '', entry_id: '', party_name: '', reason: '' });
  const [error, setError] = useState(null);
  const set = (k) => (e) => setV({ ...v, [k]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', '/api/v1/compliance/rules', v);
      setV({ list: '', entry_id: '', party_name: '', reason: '' });
      onDone('Rule proposed; a second compliance officer must approve it.');
    } catch (err) {
      setError(err);
    }
  };
  return html`<form class="form inline-form" onSubmit=${submit} aria-labelledby="propose-h">
    <h3 id="propose-h">Propose a release rule</h3>
    <p class="muted small">A rule stops one list entry from holding payments for one party (a known false positive).</p>
    <div class="grid">
      <${Field} label="List" id="r-list"><input id="r-list" required value=${v.list} onInput=${set('list')} /></${Field}>
      <${Field} label="Entry id" id="r-entry"><input id="r-entry" required value=${v.entry_id} onInput=${set('entry_id')} /></${Field}>
      <${Field} label="Party name" id="r-party"><input id="r-party" required value=${v.party_name} onInput=${set('party_name')} /></${Field}>
    </div>
    <${Field} label="Reason (required)" id="r-reason"><textarea id="r-reason" required maxlength="500" rows="2" value=${v.reason} onInput=${set('reason')}></textarea></${Field}>
    <${Notice} error=${error} />
    <button class="btn btn-primary" type="submit">Propose</button>
  </form>`;
}

function Rules({ officer, openDialog, setDone }) {
  const me = current();
  const { data, error, loading, reload } = useAsync(() => api('GET', '/api/v1/compliance/rules'), []);
  const act = (r, action) => () => openDialog({
    title: `${action[0].toUpperCase()}${action.slice(1)} rule ${r.id}`,
    body: html`<p>${action} the rule releasing <b>${r.party_name}</b> from ${r.list} entry ${r.entry_id}?</p>`,
    confirmLabel: action[0].toUpperCase() + action.slice(1),
    tone: action === 'approve' ? 'primary' : 'danger',
    reason: action === 'approve' ? 'none' : 'required',
    onConfirm: async (reason) => {
      await api('POST', `/api/v1/compliance/rules/${r.id}/${action}`, action === 'approve' ? {} : { reason });
      setDone(`Rule ${r.id}: ${action} done.`);
    },
    after: reload,
  });
  return html`<div>
    ${officer ? html`<${ProposeRule} onDone=${(m) => {
      setDone(m);
      reload();
    }} />` : null}
    <${Notice} error=${error} />
    ${loading && !data ? html`<${Loading} />` : null}
    ${data && !data.rules.length ? html`<${Empty}>No release rule.</${Empty}>` : null}
    ${data && data.rules.length ? html`<div class="table-wrap" tabindex="0"><table class="table">
      <caption class="sr-only">Release rules</caption>
      <thead><tr><th scope="col">Id</th><th scope="col">State</th><th scope="col">List entry</th><th scope="col">Party</th><th scope="col">Reason</th>
        <th scope="col">Proposed by</th><th scope="col">Decided by</th>${officer ? html`<th scope="col"><span class="sr-only">Actions</span></th>` : null}</tr></thead>
      <tbody>${data.rules.map((r) => html`<tr key=${r.id}>
        <td>${r.id}</td><td><${Badge} value=${r.status} /></td><td>${r.list} ${r.entry_id}</td><td>${r.party_name}</td><td class="small">${r.reason}</td>
        <td>${r.created_by}<br /><span class="muted small">${fmtTime(r.created_at)}</span></td><td>${r.decided_by || r.revoked_by || ''}</td>
        ${officer ? html`<td class="nowrap">
          ${r.status === 'PENDING' && r.created_by !== me.username ? html`
            <button class="btn btn-small btn-primary" type="button" onClick=${act(r, 'approve')}>Approve</button>
            <button class="btn btn-small btn-danger" type="button" onClick=${act(r, 'reject')}>Reject</button>` : null}
          ${r.status === 'PENDING' && r.created_by === me.username ? html`<span class="muted small">yours: another officer decides</span>` : null}
          ${r.status === 'ACTIVE' ? html`<button class="btn btn-small btn-danger" type="button" onClick=${act(r, 'revoke')}>Revoke</button>` : null}
        </td>` : null}
      </tr>`)}</tbody>
    </table></div>` : null}
  </div>`;
}

export function Compliance() {
  const me = current();
  const officer = can.decideHold(me.role);
  const [dialog, openDialog, closeDialog] = useDialog();
  const [done, setDone] = useState(null);
  return html`<${Page} title="Compliance">
    ${done ? html`<${Notice} tone="ok">${done}</${Notice}>` : null}
    ${!officer ? html`<${Notice} tone="info">Read only: decisions are for compliance officers.</${Notice}>` : null}
    <div class="panel"><h2>Held payments</h2><${Holds} officer=${officer} openDialog=${openDialog} setDone=${setDone} /></div>
    <div class="panel"><h2>Release rules</h2><${Rules} officer=${officer} openDialog=${openDialog} setDone=${setDone} /></div>
    ${dialog ? html`<${ConfirmDialog} ...${dialog} onClose=${(ok) => {
      closeDialog();
      if (ok && dialog.after) dialog.after();
    }} />` : null}
  </${Page}>`;
}
