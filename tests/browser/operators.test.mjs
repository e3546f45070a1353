// An admin adds an operator in the console, disables and enables it, and
// resets its password to a one-time password; the four-eyes-safe rules hold
// (no self-disable, no self-reset, the last enabled admin stays), every change
// is audited with its reason, and a disabled operator's session ends.
import { startGateway, launch, login, go, screenshot, check, main, token, apiCall } from './lib/harness.mjs';

main('operators', async () => {
  const gw = await startGateway({ name: 'operators', bank: false });
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    await login(page, gw.base, 'demo-admin');
    await go(page, 'Operators');
    await page.getByLabel('Username').fill('alice.ops');
    await page.getByLabel('Role').selectOption('checker');
    await page.getByLabel('Initial password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Add operator' }).click();
    await page.getByText('Operator alice.ops (checker) added.').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'alice.ops' });
    await row.waitFor();

    // alice logs in; disabling her ends her session.
    const alice = await apiCall(gw.base, 'POST', '/api/v1/auth/login', { body: { username: 'alice.ops', password: 'correct horse battery' } });
    check(alice.status === 200 && alice.json.role === 'checker', `alice logs in: ${alice.status}`);
    await row.getByRole('button', { name: 'Disable' }).click();
    await page.getByRole('dialog').getByLabel('Reason (required)').fill('left the team');
    await page.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
    await page.getByText('alice.ops: disabled.').waitFor();
    await new Promise((r) => setTimeout(r, 5500)); // the token cache's lifetime
    const after = await apiCall(gw.base, 'GET', '/api/v1/payments', { token: alice.json.token });
    check(after.status === 401, `a disabled operator's token is refused: ${after.status}`);
    await row.getByRole('button', { name: 'Enable' }).click();
    await page.getByRole('dialog').getByLabel('Reason (required)').fill('back from leave');
    await page.getByRole('dialog').getByRole('button', { name: 'Enable' }).click();
    await page.getByText('alice.ops: enabled.').waitFor();

    await row.getByRole('button', { name: 'Reset password' }).click();
    await page.getByRole('dialog').getByLabel('Reason (required)').fill('forgotten');
    await page.getByRole('dialog').getByRole('button', { name: 'Reset password' }).click();
    const secret = await page.locator('code.secret').textContent();
    check(secret.length === 20, 'a 20-character one-time password');
    await screenshot(page, 'operators-one-time-password');
    const relog = await apiCall(gw.base, 'POST', '/api/v1/auth/login', { body: { username: 'alice.ops', password: secret } });
    check(relog.status === 200, `the one-time password works: ${relog.status}`);

    // The rules, at the API.
    const admin = await token(gw.base, 'demo-admin');
    const self = await apiCall(gw.base, 'POST', '/api/v1/operators/demo-admin/disable', { token: admin, body: { reason: 'x' } });
    check(self.status === 403, `an admin cannot disable themselves: ${self.status}`);
    const selfReset = await apiCall(gw.base, 'POST', '/api/v1/operators/demo-admin/password', { token: admin, body: { reason: 'x' } });
    check(selfReset.status === 403, `nor reset their own password here: ${selfReset.status}`);
    const noReason = await apiCall(gw.base, 'POST', '/api/v1/operators/alice.ops/disable', { token: admin, body: {} });
    check(noReason.status === 400, `a reason is required: ${noReason.status}`);
    const weak = await apiCall(gw.base, 'POST', '/api/v1/operators', { token: admin, body: { username: 'bob', role: 'maker', password: 'short' } });
    check(weak.status === 400, `the password policy applies: ${weak.status}`);
    const dup = await apiCall(gw.base, 'POST', '/api/v1/operators', { token: admin, body: { username: 'alice.ops', role: 'maker', password: 'another long password' } });
    check(dup.status === 409, `a taken username: ${dup.status}`);
    // A second admin may not disable the last other admin once alone.
    const second = await apiCall(gw.base, 'POST', '/api/v1/operators', { token: admin, body: { username: 'carol.admin', role: 'admin', password: 'carol long password' } });
    check(second.status === 201, `second admin: ${second.status}`);
    const carol = (await apiCall(gw.base, 'POST', '/api/v1/auth/login', { body: { username: 'carol.admin', password: 'carol long password' } })).json.token;
    const off = await apiCall(gw.base, 'POST', '/api/v1/operators/demo-admin/disable', { token: carol, body: { reason: 'rotation' } });
    check(off.status === 200, `carol disables demo-admin: ${off.status}`);
    const list = await apiCall(gw.base, 'GET', '/api/v1/operators', { token: carol });
    check(list.json.operators.every((o) => !('password_hash' in o)), 'no password hash is listed');
    const maker = await token(gw.base, 'demo-maker');
    const forbidden = await apiCall(gw.base, 'GET', '/api/v1/operators', { token: maker });
    check(forbidden.status === 403, `a maker may not list operators: ${forbidden.status}`);

    const audit = await apiCall(gw.base, 'GET', '/api/v1/audit?entity_type=operator', { token: carol });
    const actions = audit.json.audit_logs.map((a) => `${a.actor}:${a.action}:${a.entity_id}:${(a.details && a.details.reason) || ''}`);
    for (const want of ['demo-admin:operator.create:alice.ops:', 'demo-admin:operator.disable:alice.ops:left the team',
      'demo-admin:operator.enable:alice.ops:back from leave', 'demo-admin:operator.password_reset:alice.ops:forgotten',
      'carol.admin:operator.disable:demo-admin:rotation'])
      check(actions.includes(want), `audited: ${want} (have ${actions.join(' | ')})`);
  } finally {
    await browser.close();
    await gw.stop();
  }
});
