// The OpenAPI document describes exactly the /api/v1 routes gatewayd serves
// (gatewayd compares its router with the document at start-up and logs every
// difference), every operation documents its roles, answers and errors, and
// /api-docs renders it under the console's CSP.
import { startGateway, launch, screenshot, check, main, log } from './lib/harness.mjs';

main('api_docs', async () => {
  const gw = await startGateway({ name: 'api-docs', bank: false });
  const browser = await launch();
  try {
    const out = gw.output();
    const problems = out.split('\n').filter((l) => /api-docs: .*(not described|not served)/.test(l));
    check(/api-docs: every \/api\/v1 route is described/.test(out) || problems.length,
      'gatewayd logs its comparison of routes and document');
    check(problems.length === 0, `routes and the OpenAPI document differ (add the route to schemas/api/openapi.json, or remove it):\n${problems.join('\n')}`);

    const r = await fetch(`${gw.base}/api-docs/openapi.json`);
    check(r.status === 200, `/api-docs/openapi.json: ${r.status}`);
    const doc = await r.json();
    check(doc.openapi && doc.openapi.startsWith('3.'), 'OpenAPI 3');
    const errors = [];
    let operations = 0;
    for (const [p, item] of Object.entries(doc.paths)) {
      if (!p.startsWith('/api/v1/')) continue;
      for (const [method, op] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        operations++;
        const where = `${method.toUpperCase()} ${p}`;
        if (!Array.isArray(op['x-roles'])) errors.push(`${where}: no x-roles`);
        if (!Array.isArray(op.tags) || !op.tags.length) errors.push(`${where}: no tag (the reference groups operations by tag)`);
        const responses = op.responses || {};
        const ok = Object.entries(responses).filter(([c]) => c.startsWith('2'));
        if (!ok.length) errors.push(`${where}: no 2xx response`);
        for (const [c, resp] of ok) if (c !== '204' && !resp.content && !resp.$ref) errors.push(`${where}: ${c} has no content schema`);
        if (p !== '/api/v1/auth/login' && !responses['401']) errors.push(`${where}: no 401`);
        if (op['x-roles'] && op['x-roles'].length && op['x-roles'].length < 5 && !responses['403']) errors.push(`${where}: no 403`);
        for (const [c, resp] of Object.entries(responses))
          if (/^[45]/.test(c) && !resp.$ref && !resp.content) errors.push(`${where}: ${c} has no error schema`);
      }
    }
    check(doc.components.schemas.Error, 'the error shape is described');
    log(`${operations} /api/v1 operations described`);
    check(errors.length === 0, `incomplete descriptions:\n${errors.join('\n')}`);

    // Rendered with Redoc, under a CSP that allows no inline script.
    const page = await browser.context.newPage();
    const violations = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto(`${gw.base}/api-docs`);
    const csp = res.headers()['content-security-policy'] || '';
    check(csp.includes("script-src 'self'") && !/script-src[^;]*unsafe/.test(csp), `api-docs CSP: ${csp}`);
    await page.locator('h2', { hasText: 'List payments, newest first' }).first().waitFor({ timeout: 30000 });
    await page.locator('h2', { hasText: 'Add an operator' }).first().waitFor();
    await screenshot(page, 'api-docs');
    const scriptViolations = violations.filter((v) => /script/i.test(v));
    check(scriptViolations.length === 0, `CSP script violations on /api-docs: ${scriptViolations.join('\n')}`);
    if (violations.length) log(`other CSP reports on /api-docs: ${violations.length}`);
  } finally {
    await browser.close();
    await gw.stop();
  }
});
