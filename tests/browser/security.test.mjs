// The console's security headers; the CSP blocks an injected inline script; a
// creditor name holding HTML or script shows as text; the token is never in
// storage, cookies or URLs, and a reload asks to log in again; the first load
// stays under 300 KB compressed.
import { startGateway, launch, login, screenshot, check, main, token, paymentBody, apiCall, log } from './lib/harness.mjs';

main('security', async () => {
  const gw = await startGateway({ name: 'security', bank: false });
  const browser = await launch();
  try {
    // Headers on every console response.
    const index = await fetch(`${gw.base}/`, { headers: { 'Accept-Encoding': 'br, gzip' } });
    const csp = index.headers.get('content-security-policy') || '';
    for (const d of ["default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"])
      check(csp.includes(d), `CSP has ${d}: ${csp}`);
    check(!/script-src[^;]*unsafe-inline/.test(csp) && !csp.includes('unsafe-eval'), 'no unsafe script sources');
    check(index.headers.get('x-content-type-options') === 'nosniff', 'nosniff');
    check(index.headers.get('referrer-policy') === 'no-referrer', 'Referrer-Policy');
    check(index.headers.get('cache-control') === 'no-cache', 'index.html is revalidated');
    const html = await index.text();
    check(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(html) && !/\son[a-z]+=/i.test(html) && !/<style/i.test(html), 'no inline script, handler or style in index.html');
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    let compressed = Number(index.headers.get('content-length') || html.length);
    for (const a of assets) {
      const r = await fetch(gw.base + a, { headers: { 'Accept-Encoding': 'br, gzip' } });
      check(r.status === 200, `${a}: ${r.status}`);
      check((r.headers.get('cache-control') || '').includes('immutable'), `${a} is cached as immutable`);
      check(r.headers.get('content-security-policy'), `${a} carries the CSP`);
      check(['br', 'gzip'].includes(r.headers.get('content-encoding')), `${a} is sent compressed`);
      compressed += Number(r.headers.get('content-length'));
      await r.arrayBuffer();
    }
    log(`first load: ${(compressed / 1024).toFixed(1)} KB compressed (${assets.length + 1} files)`);
    check(compressed <= 300 * 1024, `first load ${compressed} bytes > 300 KB`);
    const missing = await fetch(`${gw.base}/assets/..%2Findex.html`);
    check(missing.status === 404, `no path traversal: ${missing.status}`);

    // An HTML / script creditor name.
    const maker = await token(gw.base, 'demo-maker');
    const evil = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    const created = await apiCall(gw.base, 'POST', '/api/v1/payments', { token: maker, body: paymentBody({ creditor: { name: evil, account: 'DE89370400440532013000', agent_bic: 'BANKDEFFXXX' } }) });
    check([201, 422].includes(created.status), `created: ${created.status} ${created.text}`);
    const id = (created.json.payment || created.json).id;

    const page = await browser.context.newPage();
    const violations = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await login(page, gw.base, 'demo-admin');
    // Nothing is kept in storage, cookies or the URL.
    const stored = await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie]);
    check(stored[0] === 0 && stored[1] === 0 && stored[2] === '', `nothing stored: ${JSON.stringify(stored)}`);
    check((await browser.context.cookies()).length === 0, 'no cookie');
    check(!/token|bearer/i.test(page.url()), 'no token in the URL');

    await page.goto(`${gw.base}/#/payments/${id}`);
    await page.getByRole('heading', { name: /Payment E2E-/ }).waitFor();
    await page.getByText(evil).first().waitFor();
    check(await page.evaluate(() => window.__xss) === undefined, 'the creditor name did not run');
    check(await page.locator('main img').count() === 0, 'no <img> was made from the name');
    await screenshot(page, 'payment-html-name');

    // An injected inline script is blocked by the CSP.
    const ran = await page.evaluate(() => new Promise((resolve) => {
      let blocked = false;
      document.addEventListener('securitypolicyviolation', () => {
        blocked = true;
      }, { once: true });
      const s = document.createElement('script');
      s.textContent = 'window.__injected = 1';
      document.body.appendChild(s);
      setTimeout(() => resolve({ ran: window.__injected === 1, blocked }), 200);
    }));
    check(!ran.ran && ran.blocked, `inline script blocked: ${JSON.stringify(ran)}`);
    const inlineHandler = await page.evaluate(() => new Promise((resolve) => {
      const d = document.createElement('div');
      d.innerHTML = '<img src="data:," onerror="window.__handler=1">';
      document.body.appendChild(d);
      setTimeout(() => resolve(window.__handler === 1), 300);
    }));
    check(!inlineHandler, 'an inline event handler does not run');
    log(`CSP violations reported: ${violations.length}`);

    // A reload forgets the session.
    await page.reload();
    await page.getByRole('button', { name: 'Log in' }).waitFor();

    // Idle logout and logout revoke the token.
    await login(page, gw.base, 'demo-admin');
    const tokenResponse = await apiCall(gw.base, 'POST', '/api/v1/auth/login', { body: { username: 'demo-admin', password: 'wrong-password-123' } });
    check(tokenResponse.status === 401, 'wrong password refused');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByText('You are logged out.').waitFor();
  } finally {
    await browser.close();
    await gw.stop();
  }
});
