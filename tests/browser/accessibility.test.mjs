// The main pages work with the keyboard alone and pass axe-core with no
// serious or critical violation; a screenshot of each page is kept.
import { startGateway, launch, screenshot, check, main, axe, waitFor, token, paymentStatus, paymentBody, apiCall, PASSWORD } from './lib/harness.mjs';

main('accessibility', async () => {
  const gw = await startGateway({ name: 'a11y', bank: false });
  const browser = await launch();
  try {
    const maker = await token(gw.base, 'demo-maker');
    const big = await apiCall(gw.base, 'POST', '/api/v1/payments', { token: maker, body: paymentBody({ amount: '15000.00' }) });
    const held = await apiCall(gw.base, 'POST', '/api/v1/payments', { token: maker, body: paymentBody({ creditor: { name: 'Demonov Ivan', account: 'DE89370400440532013000', agent_bic: 'BANKDEFFXXX' } }) });
    const small = await apiCall(gw.base, 'POST', '/api/v1/payments', { token: maker, body: paymentBody() });
    await waitFor(async () => (await paymentStatus(gw.base, maker, big.json.id)) === 'PENDING_APPROVAL', 'PENDING_APPROVAL');
    await waitFor(async () => (await paymentStatus(gw.base, maker, held.json.id)) === 'COMPLIANCE_HOLD', 'COMPLIANCE_HOLD');
    await waitFor(async () => ['QUEUED', 'EXCEPTION', 'COMPLETED'].includes(await paymentStatus(gw.base, maker, small.json.id)), 'the small payment processed', 60000);

    const page = await browser.context.newPage();
    await page.goto(`${gw.base}/`);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await axe(page, 'login');
    await screenshot(page, 'login');
    // Keyboard only: the username field has focus; Tab to the password, Enter logs in.
    check(await page.evaluate(() => document.activeElement.id) === 'login-user', 'focus starts on the username');
    await page.keyboard.type('demo-admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();

    // Tab goes round the page: the skip link, the top bar, the navigation, the content.
    const stops = [];
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => ({ text: document.activeElement.textContent.trim(), tag: document.activeElement.tagName, nav: !!document.activeElement.closest('nav') }));
      stops.push(stop.text);
      reached = stop.tag === 'A' && stop.nav && stop.text === 'Payments';
    }
    check(reached, `Payments reached with Tab (stops: ${stops.join(' | ')})`);
    check(stops.includes('Skip to content'), 'the skip link is a Tab stop');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Payments', level: 1 }).waitFor();

    const pages = [
      ['dashboard', '/', 'Dashboard'],
      ['payments', '/payments', 'Payments'],
      ['payment-detail', `/payments/${small.json.id}`, /Payment E2E-/],
      ['new-payment', '/payments/new', 'New payment'],
      ['approvals', '/approvals', 'Approvals'],
      ['compliance', '/compliance', 'Compliance'],
      ['links', '/links', 'Links'],
      ['fix-sessions-none', '/fix', 'FIX sessions'],
      ['ledger', '/ledger', 'Ledger'],
      ['ledger-account', '/ledger/NOSTRO-DEMO-BANK-EUR', /Account NOSTRO/],
      ['audit', '/audit', 'Audit'],
      ['operators', '/operators', 'Operators'],
    ];
    for (const [name, hash, heading] of pages) {
      await page.goto(`${gw.base}/#${hash}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      await axe(page, name);
      await screenshot(page, name);
    }

    // A dialog by keyboard: open it, Escape closes it, focus stays in the page.
    await page.goto(`${gw.base}/#/operators`);
    const reset = page.getByRole('button', { name: 'Reset password' }).first();
    await reset.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await axe(page, 'dialog');
    await screenshot(page, 'dialog');
    check(await page.evaluate(() => document.activeElement.closest('dialog') !== null), 'focus moves into the dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  } finally {
    await browser.close();
    await gw.stop();
  }
});
