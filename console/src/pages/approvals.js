// The checker's queue: payments waiting for a second pair of eyes.
import { api, current, can } from '../session.js';
import { html, Page, Notice, Loading, Empty, ConfirmDialog, useDialog, useAsync, fmtAmount, fmtTime, href } from '../ui.js';
import { useState } from 'preact/hooks';

export function Approvals() {
  const me = current();
  const { data, error, loading, reload } = useAsync(() => api('GET', '/api/v1/payments?status=PENDING_APPROVAL&limit=200'), []);
  const [dialog, openDialog, closeDialog] = useDialog();
  const [done, setDone] = useState(null);
  const decide = (p, approve) => () => openDialog({
    title: approve ? 'Approve payment' : 'Reject payment',
    body: html`<p>${approve ? 'Approve' : 'Reject'} <b>${fmtAmount(p.amount, p.currency)}</b> from ${p.debtor.name} to <b>${p.creditor.name}</b> (${p.creditor.agent_bic}), made by ${p.created_by}?</p>`,
    confirmLabel: approve ? 'Approve' : 'Reject',
    tone: approve ? 'primary' : 'danger',
    reason: approve ? 'optional' : 'required',
    onConfirm: async (reason) => {
      await api('POST', `/api/v1/payments/${p.id}/${approve ? 'approve' : 'reject'}`, reason ? { reason } : {});
      setDone(`${approve ? 'Approved' : 'Rejected'} ${p.end_to_end_id}.`);
    },
  });
  const checker = can.approve(me.role);
  return html`<${Page} title="Approvals">
    ${!checker ? html`<${Notice} tone="info">Only a checker approves or rejects; this is the queue as it stands.</${Notice}>` : null}
    ${done ? html`<${Notice} tone="ok">${done}</${Notice}>` : null}
    <${Notice} error=${error} />
    ${loading && !data ? html`<${Loading} />` : null}
    ${data && !data.payments.length ? html`<${Empty}>Nothing waits for approval.</${Empty}>` : null}
    ${data && data.payments.length ? html`<div class="table-wrap" tabindex="0"><table class="table">
      <caption class="sr-only">Payments waiting for approval, newest first</caption>
      <thead><tr><th scope="col">Created (UTC)</th><th scope="col" class="num">Amount</th><th scope="col">Debtor</th><th scope="col">Creditor</th>
        <th scope="col">Maker</th><th scope="col">End-to-end id</th>${checker ? html`<th scope="col"><span class="sr-only">Decision</span></th>` : null}</tr></thead>
      <tbody>${data.payments.map((p) => {
        const own = p.created_by === me.username;
        return html`<tr key=${p.id}>
          <td class="nowrap"><a href=${href(`/payments/${p.id}`)}>${fmtTime(p.created_at)}</a></td>
          <td class="num nowrap">${fmtAmount(p.amount, p.currency)}</td><td>${p.debtor.name}</td><td>${p.creditor.name}</td>
          <td>${p.created_by}</td><td class="mono">${p.end_to_end_id}</td>
          ${checker ? html`<td class="nowrap">${own ? html`<span class="muted small">yours: another checker decides</span>` : html`
            <button class="btn btn-small btn-primary" type="button" onClick=${decide(p, true)} aria-label=${`Approve ${p.end_to_end_id}`}>Approve</button>
            <button class="btn btn-small btn-danger" type="button" onClick=${decide(p, false)} aria-label=${`Reject ${p.end_to_end_id}`}>Reject</button>`}</td>` : null}
        </tr>`;
      })}</tbody>
    </table></div>` : null}
    ${dialog ? html`<${ConfirmDialog} ...${dialog} onClose=${(ok) => {
      closeDialog();
      if (ok) reload();
    }} />` : null}
  </${Page}>`;
}
