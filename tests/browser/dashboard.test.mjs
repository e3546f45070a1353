// The dashboard's charts hold the last hour as gatewayd sampled it, not only
// what happened since the page was opened: payments completed before an
// operator opens the console show on its charts at once, and the charts go on
// taking the new points. The history route refuses a malformed `since` and a
// caller without a token.
import { startGateway, launch, login, screenshot, check, main, token, apiCall, waitFor, paymentBody, paymentStatus } from './lib/harness.mjs';

main('dashboard', async () => {
  const gw = await startGateway({ name: 'dashboard' });
  const browser = await launch();
  try {
    const maker = await token(gw.base, 'demo-maker');
    const ids = [];
    for (let i = 0; i < 5; ++i) {
      const r = await apiCall(gw.base, 'POST', '/api/v1/payments', {
        token: maker,
        body: paymentBody({ amount: `${120 + i}.00`, end_to_end_id: `E2E-DASH-${i}` }),
        headers: { 'Idempotency-Key': `dashboard-${i}` },
      });
      check(r.status === 201 || r.status === 202, `payment ${i} accepted: ${r.status} ${JSON.stringify(r.json)}`);
      ids.push(r.json.id);
    }
    for (const id of ids) await waitFor(async () => (await paymentStatus(gw.base, maker, id)) === 'COMPLETED', `payment ${id} COMPLETED`);

    // gatewayd samples every 5 s: wait until a sample has seen them complete.
    const auditor = await token(gw.base, 'demo-auditor');
    let before = null;
    await waitFor(async () => {
      const h = await apiCall(gw.base, 'GET', '/api/v1/metrics/history', { token: auditor });
      if (h.status !== 200) return false;
      before = h.json;
      return h.json.completed_per_s.some((v) => v > 0) && h.json.t.length >= 3;
    }, 'a history sample with completed payments', 40000);
    check(before.interval_seconds === 5 && before.window_seconds === 3600, `interval and window: ${before.interval_seconds} s, ${before.window_seconds} s`);
    for (const col of ['in_per_s', 'completed_per_s', 'p95_ms', 'pool_in_use', 'outbox'])
      check(before[col].length === before.t.length, `column ${col} as long as t`);
    check(before.p95_ms.some((v) => v !== null && v > 0), 'a p95 latency in the history');
    const last = before.t[before.t.length - 1];
    const later = await apiCall(gw.base, 'GET', `/api/v1/metrics/history?since=${last}`, { token: auditor });
    check(later.status === 200 && later.json.t.every((t) => t > last), `since= returns only later points: ${JSON.stringify(later.json.t)}`);

    const bad = await apiCall(gw.base, 'GET', '/api/v1/metrics/history?since=yesterday', { token: auditor });
    check(bad.status === 400 && /since/.test(bad.json.error.message), `a malformed since is refused naming it: ${bad.status} ${JSON.stringify(bad.json)}`);
    const anonymous = await apiCall(gw.base, 'GET', '/api/v1/metrics/history');
    check(anonymous.status === 401, `no token, no history: ${anonymous.status}`);

    // An operator opening the console now sees the history at once.
    const opened = Date.now() / 1000;
    const page = await browser.context.newPage();
    await login(page, gw.base, 'demo-auditor');
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    const chart = page.getByRole('img', { name: 'Payments per second, last hour' });
    await chart.waitFor();
    await waitFor(async () => Number(await chart.getAttribute('data-points')) >= before.t.length, 'the chart filled from the history');
    const from = Number(await chart.getAttribute('data-from'));
    check(from > 0 && from < opened - 5, `the chart starts before the page was opened (${from} < ${opened})`);
    const points = Number(await chart.getAttribute('data-points'));
    // ... and keeps taking new points (one every 5 s).
    await waitFor(async () => Number(await chart.getAttribute('data-points')) > points, 'a new point on the chart', 20000);
    for (const name of ['p95 processing latency', 'Database pool in use', 'Outbox depth (all links)'])
      check(Number(await page.getByRole('img', { name: `${name}, last hour` }).getAttribute('data-points')) >= points, `${name} holds the history too`);
    await screenshot(page, 'dashboard-history');
  } finally {
    await browser.close();
    await gw.stop();
  }
});
