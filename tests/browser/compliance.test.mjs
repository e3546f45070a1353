// A compliance officer releases a held payment with a reason; the audit search
// shows the release, by whom and why.
import { startGateway, launch, login, go, screenshot, check, main, waitFor, token, paymentStatus, paymentBody, apiCall } from './lib/harness.mjs';

main('compliance', async () => {
  const gw = await startGateway({ name: 'compliance', bank: false });
  const browser = await launch();
  try {
    const maker = await token(gw.base, 'demo-maker');
    const body = paymentBody({ creditor: { name: 'Demonov Ivan', account: 'DE89370400440532013000', agent_bic: 'BANKDEFFXXX' } });
    const created = await apiCall(gw.base, 'POST', '/api/v1/payments', { token: maker, body });
    check(created.status === 201, `created: ${created.status} ${created.text}`);
    const id = created.json.id;
    await waitFor(async () => (await paymentStatus(gw.base, maker, id)) === 'COMPLIANCE_HOLD', 'COMPLIANCE_HOLD');

    const page = await browser.context.newPage();
    await login(page, gw.base, 'demo-compliance');
    await go(page, 'Compliance');
    const row = page.getByRole('row').filter({ hasText: 'Demonov Ivan' });
    await row.waitFor();
    await screenshot(page, 'compliance-holds');
    await row.getByRole('button', { name: /^Release/ }).click();
    const dialog = page.getByRole('dialog');
    // The reason is mandatory.
    await dialog.getByRole('button', { name: 'Release' }).click();
    await dialog.getByText('A reason is required.').waitFor();
    await dialog.getByLabel('Reason (required)').fill('different person: date of birth differs');
    await dialog.getByRole('button', { name: 'Release' }).click();
    await page.getByText(`Released ${body.end_to_end_id}.`).waitFor();
    await waitFor(async () => (await paymentStatus(gw.base, maker, id)) !== 'COMPLIANCE_HOLD', 'released');

    // The detail page explains the screening.
    await page.goto(`${gw.base}/#/payments/${id}`);
    await page.getByRole('heading', { name: 'Screening' }).waitFor();
    await page.getByRole('table', { name: 'Hits' }).first().waitFor();
    await screenshot(page, 'payment-screening');

    const auditor = await browser.context.newPage();
    await login(auditor, gw.base, 'demo-auditor');
    await go(auditor, 'Audit');
    await auditor.getByLabel('Action').fill('compliance.');
    await auditor.getByLabel('Actor').fill('demo-compliance');
    await auditor.getByRole('button', { name: 'Search' }).click();
    const audit = auditor.getByRole('table', { name: 'Audit records, newest first' });
    const hit = audit.getByRole('row').filter({ hasText: 'compliance.release' });
    await hit.waitFor();
    check((await hit.textContent()).includes('different person: date of birth differs'), 'the reason is in the audit record');
    check((await hit.textContent()).includes(id), 'the audit record names the payment');
    await screenshot(auditor, 'audit-search');
    const download = auditor.waitForEvent('download');
    await auditor.getByRole('button', { name: 'Export CSV' }).click();
    const file = await download;
    const csv = await (await file.createReadStream()).toArray();
    const text = Buffer.concat(csv).toString('utf8');
    check(text.startsWith('id,timestamp,actor,action'), 'CSV header');
    check(text.includes('compliance.release'), 'CSV holds the release');
  } finally {
    await browser.close();
    await gw.stop();
  }
});
