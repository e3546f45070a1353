// The FIX sessions page: gatewayd with one FIX session that no counterparty
// connects to (so it reads "disconnected"). An admin logs it out with a reason
// (held out: "disabled", audited) and on again; proposes a sequence reset, which
// the same admin cannot approve (the page says a second admin must; the server's
// 403 shows if the page is fooled into offering it); a second admin approves it
// and the new numbers show. An auditor reads sessions and proposals with no
// action; a maker reads the sessions only. The dashboard lists fix:desk1.
import { startGateway, launch, login, go, screenshot, check, main, axe, token, apiCall, freePort, log } from './lib/harness.mjs';

const DEBTOR = 'DE44500105175407324931'; // the demo customer's account (demo-setup.sh)

main('fix_sessions', async () => {
  const fixPort = await freePort();
  const gw = await startGateway({
    name: 'fix',
    bank: false,
    pkiNames: ['desk1'],
    // As tests/integration/fix_session_test.cc writes it.
    extraConfig: ({ pki }) => [
      '[fix]',
      'listen_address = "127.0.0.1"',
      `listen_port = ${fixPort}`,
      `ca_file = ${JSON.stringify(`${pki}/ca.crt`)}`,
      `cert_file = ${JSON.stringify(`${pki}/gw1-server.crt`)}`,
      `key_file = ${JSON.stringify(`${pki}/gw1-server.key`)}`,
      'handshake_timeout_ms = 3000',
      '',
      '[[fix.session]]',
      'name = "desk1"',
      'sender_comp_id = "GATEWAY"',
      'target_comp_id = "DESK1"',
      'allow_names = ["desk1"]',
      `debtor_accounts = ["${DEBTOR}"]`,
      'currencies = ["EUR"]',
      '',
    ].join('\n'),
  });
  const browser = await launch();
  try {
    gw.addOperator('demo-admin2', 'admin');

    // ---- admin 1: the session, logout and logon ----
    const page = await browser.context.newPage();
    await login(page, gw.base, 'demo-admin');
    await go(page, 'FIX sessions');
    const sessions = page.getByRole('table', { name: 'FIX sessions' });
    const row = sessions.getByRole('row').filter({ hasText: 'desk1' });
    await row.getByText('disconnected', { exact: true }).waitFor();
    const text = await row.textContent();
    for (const want of ['GATEWAY → DESK1', 'FIX.4.4', 'accepts', 'never'])
      check(text.includes(want), `the session row shows ${want}: ${text}`);
    await page.waitForLoadState('networkidle');
    await axe(page, 'fix-sessions');
    await screenshot(page, 'fix-sessions');

    await row.getByRole('button', { name: 'Log out the FIX session desk1' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Log out the FIX session desk1' }).waitFor();
    await dialog.getByRole('button', { name: 'Log out' }).click();
    await dialog.getByText('A reason is required.').waitFor(); // nothing sent without a reason
    await dialog.getByLabel('Reason (required)').fill('counterparty maintenance window');
    await dialog.getByRole('button', { name: 'Log out' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('desk1 is logged out and held out until an admin logs it on.').waitFor();
    await row.getByText('disabled', { exact: true }).waitFor();
    await row.getByRole('button', { name: 'Log on the FIX session desk1' }).waitFor();
    await screenshot(page, 'fix-sessions-disabled');
    const adminToken = await token(gw.base, 'demo-admin');
    const audit = async () => (await apiCall(gw.base, 'GET', '/api/v1/audit?entity_type=fix_session', { token: adminToken })).json.audit_logs
      .map((a) => `${a.actor}:${a.action}:${a.entity_id}:${(a.details && a.details.reason) || ''}`);
    check((await audit()).includes('demo-admin:fix.session_logout:desk1:counterparty maintenance window'), `the logout is audited: ${(await audit()).join(' | ')}`);
    const api = await apiCall(gw.base, 'GET', '/api/v1/fix/sessions', { token: adminToken });
    check(api.json.sessions[0].state === 'disabled', `the API agrees: ${api.text}`);

    await row.getByRole('button', { name: 'Log on the FIX session desk1' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason (required)').fill('maintenance over');
    await dialog.getByRole('button', { name: 'Log on' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('desk1 may log on again.').waitFor();
    await row.getByText('disconnected', { exact: true }).waitFor();
    check((await audit()).includes('demo-admin:fix.session_logon:desk1:maintenance over'), 'the logon is audited');

    // ---- admin 1 proposes a reset: checked as typed ----
    await row.getByRole('button', { name: 'Propose sequence reset for desk1' }).click();
    dialog = page.getByRole('dialog');
    const out = dialog.getByLabel('Next sequence number out');
    const inn = dialog.getByLabel('Next sequence number in');
    await out.waitFor();
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'fix-next-sender-seq', null, { timeout: 5000 }); // focus starts on the first number
    await out.fill('0');
    await dialog.getByText('at least 1').waitFor();
    check(await out.getAttribute('aria-invalid') === 'true', 'the field is marked invalid');
    await out.fill('');
    await dialog.getByText('required', { exact: true }).waitFor();
    await inn.fill('3000000000');
    await dialog.getByText(/^at most/).waitFor();
    await dialog.getByRole('button', { name: 'Propose reset' }).click(); // held back: focus goes to the first wrong field
    check(await page.evaluate(() => document.activeElement.id) === 'fix-next-sender-seq', 'focus moves to the first wrong number');
    await out.fill('1000');
    await inn.fill('2000');
    check(await dialog.locator('#fix-next-sender-seq-error, #fix-next-target-seq-error').count() === 0, 'no error once both numbers are right');
    check(await out.getAttribute('aria-invalid') === 'false', 'the field is no longer marked invalid');
    await axe(page, 'fix-propose-dialog');
    await screenshot(page, 'fix-propose-dialog');
    await dialog.getByText('A reason is required.').waitFor(); // shown since the first attempt
    await dialog.getByLabel('Reason (required)').fill('counterparty restored from backup');
    // A refusal by the server that names the numbers shows next to them (here
    // forged: what the page checks leaves nothing for the server to refuse).
    const refusal = 'next_sender_seq and next_target_seq (integers from 1) are required';
    await page.route('**/api/v1/fix/sessions/desk1/sequence-resets', (route) =>
      route.fulfill({ status: 400, json: { error: { code: 'invalid_argument', message: refusal } } }));
    await dialog.getByRole('button', { name: 'Propose reset' }).click();
    await dialog.getByText('The gateway refused the numbers: see the fields.').waitFor();
    check(await dialog.locator('#fix-next-sender-seq-error').textContent() === refusal, 'the refusal is next to the first number');
    check(await dialog.locator('#fix-next-target-seq-error').textContent() === refusal, 'and next to the second');
    await screenshot(page, 'fix-propose-refused');
    await page.unroute('**/api/v1/fix/sessions/desk1/sequence-resets');
    await out.fill('1000');
    check(await dialog.locator('#fix-next-sender-seq-error').count() === 0, 'typing clears the refusal of that field');
    await dialog.getByRole('button', { name: 'Propose reset' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(/Sequence reset \d+ proposed for desk1: a second admin must approve it/).waitFor();
    const proposals = page.getByRole('table', { name: 'Sequence reset proposals, open ones first' });
    const proposal = proposals.getByRole('row').filter({ hasText: 'counterparty restored from backup' });
    await proposal.getByText('PROPOSED', { exact: true }).waitFor();
    await proposal.getByText('Proposed by you: a second admin must approve or reject it.').waitFor();
    check(await proposal.getByRole('button').count() === 0, 'the proposer has no Approve or Reject');
    await row.getByText(/reset \d+ proposed/).waitFor();
    check(await row.getByRole('button', { name: /Propose/ }).count() === 0, 'no second proposal while one is open');
    await axe(page, 'fix-sessions-proposed');
    await screenshot(page, 'fix-sessions-proposed');

    // The server refuses the proposer anyway: a page fooled into offering the
    // buttons shows the 403's message.
    await page.route('**/api/v1/fix/sequence-resets', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      for (const r of body.sequence_resets) r.proposed_by = 'someone-else';
      await route.fulfill({ response, json: body });
    });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await proposal.getByRole('button', { name: /^Approve sequence reset/ }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason (required)').fill('trying my own');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await dialog.getByText(/Not allowed: four eyes: the admin who proposed a sequence reset cannot approve it/).waitFor();
    await screenshot(page, 'fix-approve-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.unroute('**/api/v1/fix/sequence-resets');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await proposal.getByText('Proposed by you: a second admin must approve or reject it.').waitFor();

    // ---- admin 2 approves ----
    const page2 = await browser.context.newPage();
    await login(page2, gw.base, 'demo-admin2');
    await go(page2, 'FIX sessions');
    const proposal2 = page2.getByRole('table', { name: 'Sequence reset proposals, open ones first' }).getByRole('row').filter({ hasText: 'counterparty restored from backup' });
    await proposal2.getByRole('button', { name: /^Approve sequence reset/ }).click();
    dialog = page2.getByRole('dialog');
    await dialog.getByLabel('Reason (required)').fill('numbers agreed with the desk by phone');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page2.getByText(/Sequence reset \d+ APPLIED: desk1 continues at 1000 out, 2000 in\./).waitFor();
    await proposal2.getByText('APPLIED', { exact: true }).waitFor();
    check((await proposal2.textContent()).includes('demo-admin2'), 'the decider is shown');
    const row2 = page2.getByRole('table', { name: 'FIX sessions' }).getByRole('row').filter({ hasText: 'desk1' });
    await page2.waitForFunction(() => {
      const r = [...document.querySelectorAll('table tr')].find((tr) => tr.textContent.includes('GATEWAY → DESK1'));
      return r && r.textContent.includes('1,000') && r.textContent.includes('2,000');
    }, null, { timeout: 15000 });
    log(`session row after the reset: ${await row2.textContent()}`);
    await screenshot(page2, 'fix-sessions-applied');
    // admin 1's page follows by itself (it refreshes every few seconds).
    await proposal.getByText('APPLIED', { exact: true }).waitFor({ timeout: 15000 });
    const actions = (await audit()).filter((a) => a.includes(':fix.sequence_reset_'));
    check(actions.some((a) => a.startsWith('demo-admin:fix.sequence_reset_proposed:desk1')) && actions.some((a) => a.startsWith('demo-admin2:fix.sequence_reset_applied:desk1')),
      `proposal and approval are audited: ${actions.join(' | ')}`);

    // ---- the dashboard lists the session's health ----
    await go(page, 'Dashboard');
    await page.getByRole('table', { name: 'Components and their state' }).getByRole('link', { name: 'fix:desk1' }).waitFor();

    // ---- an auditor reads everything, with no action ----
    const auditor = await browser.context.newPage();
    await login(auditor, gw.base, 'demo-auditor');
    await go(auditor, 'FIX sessions');
    await auditor.getByRole('table', { name: 'FIX sessions' }).getByRole('row').filter({ hasText: 'desk1' }).getByText('disconnected', { exact: true }).waitFor();
    await auditor.getByRole('table', { name: 'Sequence reset proposals, open ones first' }).getByText('APPLIED', { exact: true }).waitFor();
    const buttons = await auditor.locator('main').getByRole('button').allTextContents();
    check(buttons.length === 1 && buttons[0].trim() === 'Refresh', `the auditor's only button is Refresh: ${buttons.join(' | ')}`);
    await auditor.getByText('Read only: logging sessions out and on, and sequence resets, are for admins.').waitFor();
    await axe(auditor, 'fix-sessions-auditor');
    await screenshot(auditor, 'fix-sessions-auditor');

    // ---- a maker reads the sessions only ----
    const maker = await browser.context.newPage();
    await login(maker, gw.base, 'demo-maker');
    await go(maker, 'FIX sessions');
    await maker.getByRole('table', { name: 'FIX sessions' }).getByRole('row').filter({ hasText: 'desk1' }).waitFor();
    check(await maker.getByRole('heading', { name: 'Sequence resets' }).count() === 0, 'a maker sees no proposals');
    const makerButtons = await maker.locator('main').getByRole('button').allTextContents();
    check(makerButtons.length === 1, `the maker's only button is Refresh: ${makerButtons.join(' | ')}`);
  } finally {
    await browser.close();
    await gw.stop();
  }
});
