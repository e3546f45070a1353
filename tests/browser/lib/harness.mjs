// What every browser test shares: its own database and gatewayd (with the demo
// counterparty bank, its certificates and the demo operators), Debian's Chromium
// driven by playwright-core, login, screenshots and axe-core checks.
//
// Environment (set by CTest, see tests/browser/CMakeLists.txt):
//   GW_TEST_DATABASE_URL  an administrator's URL of the test cluster (appliance/test.sh)
//   GW_BINARY_DIR         the build directory (bin/gatewayd, bin/gatewayctl, console/www)
//   GW_SOURCE_DIR         the source tree
//   GW_NODE_MODULES       where playwright-core and axe-core were installed
//   GW_ARTIFACTS          where screenshots go
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the browser tests through ctest (appliance/test.sh -L browser)`);
  return v;
};
const require = createRequire(path.join(env('GW_NODE_MODULES'), 'noop.js'));
export const { chromium } = require('playwright-core');
export const axeSource = require('axe-core').source;

export const SOURCE = env('GW_SOURCE_DIR');
export const BINARY = env('GW_BINARY_DIR');
export const ARTIFACTS = process.env.GW_ARTIFACTS || path.join(BINARY, 'browser-artifacts');
export const PASSWORD = 'demo-password-for-browser-tests';
const RUNTIME_USER = 'gwtest_app';
const RUNTIME_PASSWORD = 'gwtest-runtime-role';

export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

export function log(...args) {
  console.log(`[${new Date().toISOString().slice(11, 23)}]`, ...args);
}

function withDatabase(url, db) {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}
function withUser(url, user, password) {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

function psql(url, sql) {
  const r = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout.trim();
}

function run(cmd, args, extraEnv = {}, input) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...extraEnv }, input });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

// A port free now on 127.0.0.1, never one this process was handed before: the
// kernel may give the port just closed to the next listen(0), so two calls in a
// row (gatewayd's port and the bank's) could otherwise return the same one.
const portsHandedOut = new Set();
export async function freePort() {
  for (;;) {
    const port = await new Promise((resolve, reject) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => {
        const { port: p } = s.address();
        s.close(() => resolve(p));
      });
      s.on('error', reject);
    });
    if (!portsHandedOut.has(port)) {
      portsHandedOut.add(port);
      return port;
    }
  }
}

// A database, the demo set-up and a gatewayd on free ports. stop() ends both.
// With `bank` false, no link runs (payments stop at EXCEPTION: no route can deliver).
// `pkiNames` adds certificates to the test's PKI (gw1 and demo-bank are always
// there); `extraConfig({ pki })` returns TOML appended to the configuration
// (e.g. a [fix] section), `pki` being the folder of the certificates.
export async function startGateway({ name = 'browser', bank = true, pkiNames = [], extraConfig = null, env: extraEnv = {} } = {}) {
  const admin = env('GW_TEST_DATABASE_URL');
  const db = `gwtest_${crypto.randomBytes(5).toString('hex')}`;
  psql(admin, `CREATE DATABASE ${db}`);
  const dbUrl = withDatabase(admin, db);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `gw-${name}-`));
  const ctl = path.join(BINARY, 'bin', 'gatewayctl');
  let gatewayd = null;
  const stop = async () => {
    if (gatewayd && gatewayd.exitCode === null) {
      gatewayd.kill('SIGTERM');
      await new Promise((r) => {
        const t = setTimeout(() => {
          gatewayd.kill('SIGKILL');
          r();
        }, 10000);
        gatewayd.once('exit', () => {
          clearTimeout(t);
          r();
        });
      });
    }
    try {
      psql(admin, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    } catch (e) {
      console.error(`could not drop ${db}: ${e.message}`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const ctlEnv = { DATABASE_URL: dbUrl, GATEWAY_DEMO_PASSWORD: PASSWORD };
    run(ctl, ['migrate'], ctlEnv);
    // The runtime login role, as tests/support/test_env.cc creates it (cluster-wide).
    psql(admin, `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${RUNTIME_USER}') THEN BEGIN ` +
      `CREATE ROLE ${RUNTIME_USER} LOGIN PASSWORD '${RUNTIME_PASSWORD}' IN ROLE gateway_runtime; ` +
      'EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END; END IF; END $$');
    run(ctl, ['demo-operators'], ctlEnv);
    run('bash', [path.join(SOURCE, 'appliance/scripts/demo-setup.sh'), ctl], ctlEnv);
    run(ctl, ['pki', 'init', '--dir', path.join(dir, 'pki'), '--names', ['gw1', 'demo-bank', ...pkiNames].join(',')], ctlEnv);
    const [port, bankPort] = [await freePort(), await freePort()];
    const pki = (f) => JSON.stringify(path.join(dir, 'pki', f));
    const config = fs.readFileSync(path.join(SOURCE, 'appliance/config/demo/links-demo.toml'), 'utf8')
      .replace(/"var\/pki\/([^"]+)"/g, (_, f) => pki(f))
      .replace(/\b7450\b/g, String(bankPort));
    const extra = extraConfig ? `\n${extraConfig({ pki: path.join(dir, 'pki') })}` : '';
    fs.writeFileSync(path.join(dir, 'gateway.toml'), (bank ? config : '') + extra);
    const logPath = path.join(dir, 'gatewayd.out');
    const out = fs.openSync(logPath, 'w');
    // GW_GATEWAYD_WRAPPER (e.g. "gdb -batch -ex run -ex bt --args") runs gatewayd under a debugger.
    const wrapper = (process.env.GW_GATEWAYD_WRAPPER || '').split(' ').filter(Boolean);
    const argv = [...wrapper, path.join(BINARY, 'bin', 'gatewayd'), '--config', path.join(dir, 'gateway.toml')];
    gatewayd = spawn(argv[0], argv.slice(1), {
      env: {
        ...process.env,
        DATABASE_URL: withUser(dbUrl, RUNTIME_USER, RUNTIME_PASSWORD),
        PORT: String(port),
        LOG_DIR: path.join(dir, 'logs'),
        GATEWAY_CONFIG: '',
        // No FIX from links-demo.toml: its demo FIX counterparty would add payments the
        // scenarios do not expect. A test that configures FIX itself (extraConfig) keeps it.
        ...(extraConfig ? {} : { FIX_LISTEN_PORT: '0' }),
        ...extraEnv,
      },
      stdio: ['ignore', out, out],
    });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30000;
    for (;;) {
      if (gatewayd.exitCode !== null) throw new Error(`gatewayd exited ${gatewayd.exitCode}:\n${fs.readFileSync(logPath, 'utf8')}`);
      try {
        const r = await fetch(`${base}/health`);
        await r.arrayBuffer();
        if (r.status === 200) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`gatewayd not healthy in 30 s:\n${fs.readFileSync(logPath, 'utf8')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    log(`gatewayd on ${base}, database ${db}`);
    // Another operator, as an administrator adds one with gatewayctl (password PASSWORD).
    const addOperator = (username, role) =>
      run(ctl, ['operator', 'add', '--username', username, '--role', role, '--password-stdin'], ctlEnv, `${PASSWORD}\n`);
    return { base, port, dbUrl, db, dir, stop, addOperator, output: () => fs.readFileSync(logPath, "utf8"), pid: gatewayd.pid, process: gatewayd };
  } catch (e) {
    await stop();
    throw e;
  }
}

// Calls the API directly (as a script or a forger would).
export async function apiCall(base, method, p, { token, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const r = await fetch(base + p, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, json, text, headers: r.headers };
}

export async function token(base, username) {
  const r = await apiCall(base, 'POST', '/api/v1/auth/login', { body: { username, password: PASSWORD } });
  check(r.status === 200, `login ${username}: ${r.status} ${r.text}`);
  return r.json.token;
}

export async function waitFor(fn, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function paymentStatus(base, tok, id) {
  const r = await apiCall(base, 'GET', `/api/v1/payments/${id}`, { token: tok });
  return r.json && r.json.status;
}

export function paymentBody(overrides = {}) {
  const e2e = `E2E-${crypto.randomBytes(4).toString('hex').toUpperCase()}`;
  return {
    end_to_end_id: e2e, amount: '120.00', currency: 'EUR',
    debtor: { name: 'Demo Customer GmbH', account: 'DE44500105175407324931', agent_bic: 'GWAYDEFFXXX' },
    creditor: { name: 'Empfaenger AG', account: 'DE89370400440532013000', agent_bic: 'BANKDEFFXXX' },
    ...overrides,
  };
}

// A fresh Chromium profile per browser (Debian's /usr/bin/chromium).
export async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
  });
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

// Watches a page for CSP violations and console errors.
export function watch(page) {
  const events = { violations: [], errors: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') events.errors.push(m.text());
  });
  page.on('pageerror', (e) => events.errors.push(String(e)));
  return events;
}

export async function login(page, base, username) {
  await page.goto(`${base}/`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

// Follows a link of the main navigation.
export async function go(page, label) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
  await page.getByRole('heading', { name: label, level: 1 }).waitFor();
}

export async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  log(`screenshot ${file}`);
}

// axe-core in the page; fails on serious or critical violations.
export async function axe(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result.violations)
    log(`axe ${label}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} node(s): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')})`);
  check(bad.length === 0, `${label}: ${bad.length} serious or critical accessibility violation(s): ${bad.map((v) => v.id).join(', ')}`);
}

// Runs `body` and reports; exit code 0 when it passes.
export async function main(name, body) {
  const t0 = Date.now();
  try {
    await body();
    log(`${name}: passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    process.exit(0);
  } catch (e) {
    console.error(`${name}: FAILED: ${e.stack || e}`);
    process.exit(1);
  }
}
