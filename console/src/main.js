// The console: login, then the pages each role may use. Hash routes (#/...).
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './console.css';
import * as session from './session.js';
import { html, useRoute, href, Notice, Field, ConfirmDialog } from './ui.js';
import { Dashboard } from './pages/dashboard.js';
import { Payments } from './pages/payments.js';
import { PaymentDetail } from './pages/payment.js';
import { NewPayment } from './pages/new-payment.js';
import { Approvals } from './pages/approvals.js';
import { Compliance } from './pages/compliance.js';
import { Links } from './pages/links.js';
import { FixSessions } from './pages/fix.js';
import { Ledger, LedgerAccount } from './pages/ledger.js';
import { Audit } from './pages/audit.js';
import { Operators } from './pages/operators.js';
import { Reconciliation, Exceptions } from './pages/reconciliation.js';

const { can } = session;

function Login({ reason }) {
  const [username, setUser] = useState('');
  const [password, setPass] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.login(username.trim(), password);
    } catch (err) {
      setError(err.status === 401 ? { message: 'Wrong username or password.' } : err);
      setBusy(false);
    }
  };
  const why = { idle: 'You were logged out after 15 minutes without activity.', expired: 'Your session expired. Log in again.', logout: 'You are logged out.' }[reason];
  return html`<main class="login" id="main">
    <form class="login-box" onSubmit=${submit} aria-labelledby="login-h">
      <h1 id="login-h">Payment gateway</h1>
      <p class="muted">Operations console. The session is kept in this tab only; reloading asks you to log in again.</p>
      ${why ? html`<${Notice} tone="info">${why}</${Notice}>` : null}
      <${Field} label="Username" id="login-user"><input id="login-user" name="username" autocomplete="username" required autofocus value=${username} onInput=${(e) => setUser(e.currentTarget.value)} /></${Field}>
      <${Field} label="Password" id="login-pass"><input id="login-pass" name="password" type="password" autocomplete="current-password" required value=${password} onInput=${(e) => setPass(e.currentTarget.value)} /></${Field}>
      <${Notice} error=${error} />
      <button class="btn btn-primary btn-block" type="submit" disabled=${busy}>${busy ? 'Logging in…' : 'Log in'}</button>
      <p class="small"><a href="/api-docs">API reference</a></p>
    </form>
  </main>`;
}

function ChangePassword({ onClose }) {
  const [cur, setCur] = useState('');
  const [next, setNext] = useState('');
  return html`<${ConfirmDialog} title="Change your password" confirmLabel="Change password" onClose=${onClose}
    body=${html`<p class="small">12 characters or more. Your other sessions end.</p>`}
    extra=${html`<div>
      <${Field} label="Current password" id="cp-cur"><input id="cp-cur" type="password" autocomplete="current-password" value=${cur} onInput=${(e) => setCur(e.currentTarget.value)} /></${Field}>
      <${Field} label="New password" id="cp-new"><input id="cp-new" type="password" autocomplete="new-password" minlength="12" value=${next} onInput=${(e) => setNext(e.currentTarget.value)} /></${Field}>
    </div>`}
    onConfirm=${() => session.api('POST', '/api/v1/auth/password', { current_password: cur, new_password: next })} />`;
}

const NAV = [
  ['/', 'Dashboard', () => true],
  ['/payments', 'Payments', () => true],
  ['/payments/new', 'New payment', can.createPayment],
  ['/approvals', 'Approvals', (r) => r === 'checker' || r === 'admin' || r === 'maker'],
  ['/compliance', 'Compliance', can.readCompliance],
  ['/links', 'Links', () => true],
  ['/fix', 'FIX sessions', () => true],
  ['/ledger', 'Ledger', () => true],
  ['/reconciliation', 'Reconciliation', can.readReconciliation],
  ['/exceptions', 'Exception queue', can.readReconciliation],
  ['/audit', 'Audit', can.readAudit],
  ['/operators', 'Operators', can.manageOperators],
];

function Forbidden() {
  return html`<section class="page"><h1 tabindex="-1">Not available</h1><p>Your role does not include this page.</p></section>`;
}

function route(path, query, role) {
  const allowed = (p) => {
    const n = NAV.find(([np]) => np === p);
    return !n || n[2](role);
  };
  if (path === '/' || path === '') return html`<${Dashboard} />`;
  if (path === '/payments') return html`<${Payments} query=${query} />`;
  if (path === '/payments/new') return allowed(path) ? html`<${NewPayment} />` : html`<${Forbidden} />`;
  let m = /^\/payments\/([0-9a-fA-F-]{36})$/.exec(path);
  if (m) return html`<${PaymentDetail} id=${m[1]} key=${m[1]} />`;
  if (path === '/approvals') return allowed(path) ? html`<${Approvals} />` : html`<${Forbidden} />`;
  if (path === '/compliance') return allowed(path) ? html`<${Compliance} />` : html`<${Forbidden} />`;
  if (path === '/links') return html`<${Links} />`;
  if (path === '/fix') return html`<${FixSessions} />`;
  if (path === '/ledger') return html`<${Ledger} />`;
  m = /^\/ledger\/(.+)$/.exec(path);
  if (m) return html`<${LedgerAccount} id=${decodeURIComponent(m[1])} query=${query} key=${m[1]} />`;
  if (path === '/audit') return allowed(path) ? html`<${Audit} query=${query} key=${JSON.stringify(query)} />` : html`<${Forbidden} />`;
  if (path === '/operators') return allowed(path) ? html`<${Operators} />` : html`<${Forbidden} />`;
  if (path === '/reconciliation') return allowed(path) ? html`<${Reconciliation} query=${query} key=${JSON.stringify(query)} />` : html`<${Forbidden} />`;
  if (path === '/exceptions') return allowed(path) ? html`<${Exceptions} query=${query} key=${JSON.stringify(query)} />` : html`<${Forbidden} />`;
  return html`<section class="page"><h1 tabindex="-1">Not found</h1><p><a href="#/">Back to the dashboard</a></p></section>`;
}

function App() {
  const [me, setMe] = useState(session.current());
  const [reason, setReason] = useState(null);
  const [warning, setWarning] = useState(false);
  const [changing, setChanging] = useState(false);
  const { path, query } = useRoute();
  useEffect(() => session.onChange((s, why) => {
    if (why === 'warning') {
      setWarning(true);
      return;
    }
    setWarning(false);
    setMe(s);
    if (!s) setReason(why);
  }), []);
  if (!me) return html`<${Login} reason=${reason} />`;
  const current = NAV.filter(([p]) => p === path || (p !== '/' && path.startsWith(`${p}/`) && !NAV.some(([q]) => q === path))).map(([p]) => p)[0] || (path === '/' ? '/' : null);
  return html`<div class="shell">
    <a class="skip" href="#main" onClick=${(e) => {
      e.preventDefault();
      document.getElementById('main').focus();
    }}>Skip to content</a>
    <header class="topbar">
      <span class="brand">Payment gateway</span>
      <span class="who">${me.username} <span class="role">${me.role}</span></span>
      <button class="btn btn-small btn-ghost" type="button" onClick=${() => setChanging(true)}>Password</button>
      <a class="btn btn-small btn-ghost" href="/api-docs" target="_blank" rel="noopener noreferrer">API</a>
      <button class="btn btn-small btn-ghost" type="button" onClick=${() => session.logout('logout')}>Log out</button>
    </header>
    <nav class="sidebar" aria-label="Main">
      <ul>${NAV.filter(([, , ok]) => ok(me.role)).map(([p, label]) => html`<li key=${p}><a href=${href(p)} aria-current=${current === p ? 'page' : undefined}>${label}</a></li>`)}</ul>
    </nav>
    <main id="main" class="content" tabindex="-1">
      ${warning ? html`<div class="notice tone-warn" role="alert">Your session ends in less than a minute: press a key or move the pointer to stay logged in${session.remaining() > 0 ? '' : ''}.</div>` : null}
      ${route(path, query, me.role)}
    </main>
    ${changing ? html`<${ChangePassword} onClose=${() => setChanging(false)} />` : null}
  </div>`;
}

render(html`<${App} />`, document.getElementById('app'));
