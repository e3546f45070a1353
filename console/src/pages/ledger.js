// The ledger: accounts with balances, an account's entries, the trial balance.
import { api } from '../session.js';
import { html, Page, Badge, Notice, Loading, Empty, useAsync, fmtAmount, fromMinor, fmtTime, href, navigate } from '../ui.js';


export function Ledger() {
  const accounts = useAsync(() => api('GET', '/api/v1/ledger/accounts'), []);
  const trial = useAsync(() => api('GET', '/api/v1/ledger/trial-balance'), []);
  return html`<${Page} title="Ledger">
    <div class="panel">
      <h2>Trial balance ${trial.data ? html`<${Badge} value=${trial.data.balanced ? 'ok' : 'down'} />` : null}</h2>
      <${Notice} error=${trial.error} />
      ${trial.data ? html`<p class="small">${trial.data.balanced ? 'Every currency balances: debits equal credits, and balances sum to zero.' : 'OUT OF BALANCE: investigate before anything else.'}</p>
      <table class="table compact">
        <caption class="sr-only">Trial balance per currency</caption>
        <thead><tr><th scope="col">Currency</th><th scope="col" class="num">Debits</th><th scope="col" class="num">Credits</th><th scope="col" class="num">Net</th><th scope="col" class="num">Balances net</th></tr></thead>
        <tbody>${trial.data.currencies.map((c) => html`<tr key=${c.currency}><th scope="row">${c.currency}</th>
          <td class="num">${fmtAmount(fromMinor(c.debits_minor, c.currency))}</td><td class="num">${fmtAmount(fromMinor(c.credits_minor, c.currency))}</td>
          <td class="num">${fmtAmount(fromMinor(c.net_minor, c.currency))}</td><td class="num">${fmtAmount(fromMinor(c.balances_net_minor, c.currency))}</td></tr>`)}</tbody>
      </table>` : html`<${Loading} />`}
    </div>
    <div class="panel">
      <h2>Accounts</h2>
      <${Notice} error=${accounts.error} />
      ${accounts.data ? html`<div class="table-wrap" tabindex="0"><table class="table">
        <caption class="sr-only">Ledger accounts</caption>
        <thead><tr><th scope="col">Account</th><th scope="col">Kind</th><th scope="col">Name</th><th scope="col">IBAN</th><th scope="col">Counterparty</th><th scope="col" class="num">Balance</th></tr></thead>
        <tbody>${accounts.data.accounts.map((a) => html`<tr key=${a.id}>
          <th scope="row"><a href=${href(`/ledger/${a.id}`)}>${a.id}</a></th><td>${a.kind}</td><td>${a.name}</td><td class="mono">${a.iban}</td><td>${a.counterparty}</td>
          <td class=${`num ${a.balance_minor < 0 ? 'debit' : ''}`}>${fmtAmount(a.balance, a.currency)}</td></tr>`)}</tbody>
      </table></div>` : html`<${Loading} />`}
    </div>
  </${Page}>`;
}

export function LedgerAccount({ id, query }) {
  const before = query.before || '';
  const { data, error, loading } = useAsync(() => api('GET', `/api/v1/ledger/accounts/${encodeURIComponent(id)}/entries?limit=100${before ? `&before=${encodeURIComponent(before)}` : ''}`), [id, before]);
  const entries = data ? data.entries : [];
  return html`<${Page} title=${`Account ${id}`} actions=${html`<a class="btn" href=${href('/ledger')}>All accounts</a>`}>
    <${Notice} error=${error} />
    ${loading && !data ? html`<${Loading} />` : null}
    ${data ? html`<p><b>${data.account.name}</b> (${data.account.kind}, ${data.account.currency}) — balance <b>${fmtAmount(data.account.balance, data.account.currency)}</b></p>
    ${entries.length ? html`<div class="table-wrap" tabindex="0"><table class="table">
      <caption class="sr-only">Entries, newest first</caption>
      <thead><tr><th scope="col">At (UTC)</th><th scope="col">Entry</th><th scope="col">Kind</th><th scope="col">Payment</th><th scope="col">Description</th><th scope="col" class="num">Amount</th></tr></thead>
      <tbody>${entries.map((l) => html`<tr key=${l.posting_id}>
        <td class="nowrap">${fmtTime(l.created_at)}</td><td class="mono">${l.entry_id}</td><td>${l.kind}</td>
        <td>${l.payment_id ? html`<a class="mono" href=${href(`/payments/${l.payment_id}`)}>${l.payment_id.slice(0, 8)}…</a>` : ''}</td>
        <td class="small">${l.description}</td><td class=${`num ${l.amount_minor < 0 ? 'debit' : 'credit'}`}>${fmtAmount(l.amount, l.currency)}</td></tr>`)}</tbody>
    </table></div>
    <nav class="pager" aria-label="Pages">
      <button class="btn" type="button" disabled=${!before} onClick=${() => history.back()}>Newer</button>
      <button class="btn" type="button" disabled=${entries.length < 100} onClick=${() => navigate(`/ledger/${id}`, { before: entries[entries.length - 1].posting_id })}>Older</button>
    </nav>` : html`<${Empty}>No entry.</${Empty}>`}` : null}
  </${Page}>`;
}
