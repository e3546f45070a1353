// Links to counterparties: state, circuit breaker, outbox; breaker reset (admin).
import { useState } from 'preact/hooks';
import { api, current, can } from '../session.js';
import { html, Page, Badge, Notice, Loading, Empty, ConfirmDialog, useDialog, useAsync, fmtNum } from '../ui.js';

export function Links() {
  const me = current();
  const { data, error, loading, reload } = useAsync(() => api('GET', '/api/v1/links'), []);
  const [dialog, openDialog, closeDialog] = useDialog();
  const [done, setDone] = useState(null);
  const admin = can.resetBreaker(me.role);
  const reset = (l) => () => openDialog({
    title: `Reset the circuit breaker of ${l.name}`,
    body: html`<p>Close the breaker of <b>${l.name}</b> (now ${l.breaker}) so that the link tries to deliver again at once? Do it when the counterparty is known to be back.</p>`,
    confirmLabel: 'Reset breaker',
    onConfirm: async () => {
      await api('POST', `/api/v1/links/${encodeURIComponent(l.name)}/circuit-breaker/reset`);
      setDone(`Breaker of ${l.name} closed.`);
    },
  });
  return html`<${Page} title="Links" actions=${html`<button class="btn" type="button" onClick=${reload}>Refresh</button>`}>
    ${done ? html`<${Notice} tone="ok">${done}</${Notice}>` : null}
    <${Notice} error=${error} />
    ${loading && !data ? html`<${Loading} />` : null}
    ${data && !data.links.length ? html`<${Empty}>No link is configured.</${Empty}>` : null}
    ${data && data.links.length ? html`<div class="table-wrap" tabindex="0"><table class="table">
      <caption class="sr-only">Links</caption>
      <thead><tr><th scope="col">Link</th><th scope="col">Direction</th><th scope="col">State</th><th scope="col">Breaker</th>
        <th scope="col" class="num">Connections</th><th scope="col" class="num">In flight</th><th scope="col" class="num">Outbox</th>
        <th scope="col" class="num">Answered</th><th scope="col" class="num">Undeliverable</th><th scope="col">Last error</th>${admin ? html`<th scope="col"><span class="sr-only">Actions</span></th>` : null}</tr></thead>
      <tbody>${data.links.map((l) => html`<tr key=${`${l.name}-${l.direction}`}>
        <th scope="row">${l.name}</th><td>${l.direction}</td><td><${Badge} value=${l.state} /></td><td>${l.breaker ? html`<${Badge} value=${l.breaker} />` : '–'}</td>
        <td class="num">${fmtNum(l.connections)}</td><td class="num">${fmtNum(l.in_flight)}</td><td class="num">${fmtNum(l.outbox_depth)}</td>
        <td class="num">${fmtNum(l.answered)}</td><td class="num">${fmtNum(l.undeliverable)}</td><td class="small">${l.last_error || ''}</td>
        ${admin ? html`<td>${l.direction === 'outbound' ? html`<button class="btn btn-small" type="button" onClick=${reset(l)} aria-label=${`Reset the circuit breaker of ${l.name}`}>Reset breaker</button>` : null}</td>` : null}
      </tr>`)}</tbody>
    </table></div>` : null}
    ${dialog ? html`<${ConfirmDialog} ...${dialog} onClose=${(ok) => {
      closeDialog();
      if (ok) reload();
    }} />` : null}
  </${Page}>`;
}
