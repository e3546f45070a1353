// An auditor sees every page they may read and no action; the same requests
// forged with the auditor's own session are refused by the gateway.
import { startGateway, launch, login, screenshot, check, main, waitFor, token, paymentStatus, paymentBody, apiCall } from './lib/harness.mjs';

main('auditor', async () => {
  const gw = await startGateway({ name: 'auditor', bank: false });
  const browser = await launch();
  try {
    const maker = await token(gw.base, 'demo-maker');
    const created = await apiCall(gw.base, 'POST', '/api/v1/payments', { token: maker, body: paymentBody({ amount: '25000.00' }) });
    check(created.status === 201, `created: ${created.status}`);
    const id = created.json.id;
    await waitFor(async () => (await paymentStatus(gw.base, maker, id)) === 'PENDING_APPROVAL', 'PENDING_APPROVAL');

    const page = await browser.context.newPage();
    const loginResponse = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
    await login(page, gw.base, 'demo-auditor');
    const auditorToken = (await (await loginResponse).json()).token;
    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const hidden of ['New payment', 'Operators']) check(await nav.getByRole('link', { name: hidden }).count() === 0, `no ${hidden} link`);
    for (const shown of ['Payments', 'Audit', 'Ledger', 'Compliance']) check(await nav.getByRole('link', { name: shown }).count() === 1, `${shown} link`);

    await page.goto(`${gw.base}/#/payments/${id}`);
    await page.getByText('PENDING_APPROVAL').first().waitFor();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    const actionNames = /^(Approve|Reject|Release|Retrigger|Reset breaker|Disable|Enable|Reset password|New payment|Propose|Log on|Propose sequence reset)$/;
    check(await page.getByRole('button', { name: actionNames }).count() === 0, 'no action on the payment page');
    await screenshot(page, 'auditor-payment');
    for (const p of ['/links', '/fix', '/compliance', '/ledger', '/payments']) {
      await page.goto(`${gw.base}/#${p}`);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      check(await page.getByRole('button', { name: actionNames }).count() === 0, `no action on ${p}`);
      check(await page.getByRole('link', { name: 'New payment' }).count() === 0, `no New payment link on ${p}`);
    }
    await page.goto(`${gw.base}/#/operators`);
    await page.getByRole('heading', { name: 'Not available' }).waitFor();

    // Forged with the auditor's own token: every state-changing call is 403.
    const forged = [
      ['POST', `/api/v1/payments/${id}/approve`, {}],
      ['POST', `/api/v1/payments/${id}/reject`, { reason: 'forged' }],
      ['POST', `/api/v1/payments/${id}/retrigger`, undefined],
      ['POST', '/api/v1/payments', paymentBody()],
      ['POST', `/api/v1/compliance/holds/${id}/release`, { reason: 'forged' }],
      ['POST', '/api/v1/links/demo-bank/circuit-breaker/reset', undefined],
      ['POST', '/api/v1/operators', { username: 'mallory', role: 'admin', password: 'a-long-enough-password' }],
      ['POST', '/api/v1/operators/demo-admin/disable', { reason: 'forged' }],
    ];
    for (const [method, p, body] of forged) {
      const r = await page.evaluate(async ([m, u, b, t]) => {
        const res = await fetch(u, { method: m, headers: { Authorization: `Bearer ${t}`, 'Content-Type': 'application/json' }, body: b === undefined ? undefined : JSON.stringify(b) });
        return res.status;
      }, [method, p, body, auditorToken]);
      check(r === 403, `${method} ${p} with the auditor's token: ${r}, not 403`);
    }
    // Without the header (what a cross-site form could send): 401, never a cookie session.
    const noHeader = await apiCall(gw.base, 'POST', `/api/v1/payments/${id}/approve`, { body: {} });
    check(noHeader.status === 401, `no bearer: ${noHeader.status}`);
    check(await paymentStatus(gw.base, maker, id) === 'PENDING_APPROVAL', 'the payment is untouched');
    const ops = await apiCall(gw.base, 'GET', '/api/v1/operators', { token: await token(gw.base, 'demo-admin') });
    check(!ops.json.operators.some((o) => o.username === 'mallory'), 'no operator was added');
  } finally {
    await browser.close();
    await gw.stop();
  }
});
