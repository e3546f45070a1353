// A maker creates a payment above the four-eyes threshold in the console (the
// form checks IBAN, BIC and amount as they are typed, and shows the server's
// 422 issues next to their fields); a checker approves it in the queue; it
// completes against the demo bank, and its page shows the timeline, the
// postings and the pacs.008.
import { startGateway, launch, login, go, screenshot, check, main, waitFor, token, paymentStatus, log } from './lib/harness.mjs';

main('maker_checker', async () => {
  const gw = await startGateway({ name: 'maker-checker' });
  const browser = await launch();
  try {
    const maker = await browser.context.newPage();
    await login(maker, gw.base, 'demo-maker');
    await go(maker, 'New payment');
    await maker.getByRole('heading', { name: 'New payment' }).waitFor();

    // Checks as one types.
    await maker.locator('#np-creditor\\.account').fill('DE89370400440532013001');
    await maker.locator('#np-creditor\\.account').blur();
    await maker.getByText('the check digits do not match (mod 97)').waitFor();
    await maker.locator('#np-creditor\\.agent_bic').fill('BANK');
    await maker.locator('#np-creditor\\.agent_bic').blur();
    await maker.getByText('a BIC is 8 or 11 characters').waitFor();
    await maker.locator('#np-amount').fill('12.345');
    await maker.locator('#np-amount').blur();
    await maker.getByText('at most 2 decimals').waitFor();
    await screenshot(maker, 'new-payment-checks');

    // A currency the form accepts and the gateway does not: its 422 issue lands next to the field.
    await maker.locator('#np-amount').fill('12500.00');
    await maker.locator('#np-currency').fill('XXY');
    await maker.locator('#np-debtor\\.name').fill('Demo Customer GmbH');
    await maker.locator('#np-debtor\\.account').fill('DE44 5001 0517 5407 3249 31');
    await maker.locator('#np-debtor\\.agent_bic').fill('GWAYDEFFXXX');
    await maker.locator('#np-creditor\\.name').fill('Empfaenger AG');
    await maker.locator('#np-creditor\\.account').fill('DE89370400440532013000');
    await maker.locator('#np-creditor\\.agent_bic').fill('BANKDEFFXXX');
    await maker.getByRole('button', { name: 'Review…' }).click();
    await maker.getByRole('button', { name: 'Send payment' }).click();
    const currencyError = maker.locator('#np-currency-error');
    await currencyError.waitFor();
    log(`422 issue next to currency: ${await currencyError.textContent()}`);
    await screenshot(maker, 'new-payment-422');

    await maker.locator('#np-currency').fill('EUR');
    await maker.getByRole('button', { name: 'Review…' }).click();
    await maker.getByRole('button', { name: 'Send payment' }).click();
    await maker.waitForURL(/#\/payments\/[0-9a-f-]{36}$/);
    const id = maker.url().split('/').pop();
    log(`payment ${id}`);
    const adminToken = await token(gw.base, 'demo-admin');
    await waitFor(async () => (await paymentStatus(gw.base, adminToken, id)) === 'PENDING_APPROVAL', 'PENDING_APPROVAL');
    await maker.reload();
    await login(maker, gw.base, 'demo-maker');
    await maker.goto(`${gw.base}/#/payments/${id}`);
    await maker.getByText('PENDING_APPROVAL').first().waitFor();
    check(await maker.getByRole('button', { name: 'Approve' }).count() === 0, 'a maker sees no Approve button');
    await screenshot(maker, 'payment-pending-approval');

    const checkerPage = await browser.context.newPage();
    await login(checkerPage, gw.base, 'demo-checker');
    await go(checkerPage, 'Approvals');
    await checkerPage.getByRole('heading', { name: 'Approvals' }).waitFor();
    await screenshot(checkerPage, 'approvals');
    const row = checkerPage.getByRole('row').filter({ hasText: /12.500\.00 EUR/ });
    await row.getByRole('button', { name: /^Approve/ }).click();
    const dialog = checkerPage.getByRole('dialog');
    await dialog.getByLabel('Reason (optional)').fill('checked against the invoice');
    await screenshot(checkerPage, 'approve-dialog');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await checkerPage.getByText(/^Approved E2E-/).waitFor();

    await waitFor(async () => (await paymentStatus(gw.base, adminToken, id)) === 'COMPLETED', 'COMPLETED', 60000);
    await checkerPage.goto(`${gw.base}/#/payments/${id}`);
    await checkerPage.getByRole('heading', { name: /Payment E2E-/ }).waitFor();
    const timeline = checkerPage.getByRole('list', { name: 'Timeline of states' });
    for (const s of ['PENDING_APPROVAL', 'APPROVED', 'POSTED', 'QUEUED', 'SENT', 'COMPLETED'])
      await timeline.getByText(s, { exact: true }).first().waitFor();
    await timeline.getByText('demo-checker').first().waitFor();
    await timeline.getByText('checked against the invoice').waitFor();
    const postings = checkerPage.getByRole('table', { name: 'Ledger postings' });
    check(await postings.getByRole('row').count() >= 3, 'two postings or more (debit and credit)');
    await postings.getByText('NOSTRO-DEMO-BANK-EUR').first().waitFor();
    const messages = checkerPage.getByRole('table', { name: 'Messages' });
    const pacs008 = messages.getByRole('row').filter({ hasText: 'pacs.008' });
    await pacs008.getByRole('button', { name: 'View' }).click();
    const xml = await checkerPage.locator('pre.code').first().textContent();
    check(xml.includes('<FIToFICstmrCdtTrf>') || xml.includes('FIToFICstmrCdtTrf'), 'the pacs.008 is shown');
    check(xml.includes('\n  '), 'the XML is indented');
    await screenshot(checkerPage, 'payment-completed');
  } finally {
    await browser.close();
    await gw.stop();
  }
});
