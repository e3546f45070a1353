// The operator's session. The bearer token lives in this module's memory only:
// never in localStorage, sessionStorage, a cookie or a URL. Requests carry it in
// the Authorization header, which a cross-site page cannot make a browser add,
// so every state-changing request is CSRF-safe by construction. A reload (or a
// new tab) starts without a token and asks to log in again: that is the price,
// accepted on purpose.
//
// The session ends at the token's own expiry, after IDLE_MS without keyboard or
// pointer input, or on logout; the server refuses the token afterwards anyway.

export const IDLE_MS = 15 * 60 * 1000;
const WARN_MS = 60 * 1000;

let session = null; // { token, username, role, expiresAt }
const listeners = new Set();
let lastActivity = Date.now();
let timer = null;
let warned = false;

export function current() {
  return session && { username: session.username, role: session.role, expiresAt: session.expiresAt };
}

export function onChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function emit(reason) {
  for (const fn of listeners) fn(current(), reason);
}

export class ApiError extends Error {
  constructor(status, body) {
    const err = body && body.error ? body.error : {};
    super(err.message || `HTTP ${status}`);
    this.status = status;
    this.code = err.code || String(status);
    this.issues = err.issues || [];
    this.body = body;
  }
}

// fetch() against the gateway: JSON in and out, the token in the header.
export async function api(method, path, body, { raw = false, headers = {} } = {}) {
  const h = { Accept: raw ? '*/*' : 'application/json', ...headers };
  if (session) h.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
    redirect: 'error',
  });
  if (res.status === 401 && session && path !== '/api/v1/auth/logout') {
    end('expired');
  }
  if (raw) {
    if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
    return res;
  }
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export async function login(username, password) {
  const r = await api('POST', '/api/v1/auth/login', { username, password });
  session = { token: r.token, username: r.username, role: r.role, expiresAt: Date.parse(r.expires_at) || Date.now() + 3600e3 };
  lastActivity = Date.now();
  startTimer();
  emit('login');
  return current();
}

export async function logout(reason = 'logout') {
  if (!session) return;
  const token = session.token;
  end(reason);
  try {
    await fetch('/api/v1/auth/logout', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, credentials: 'omit' });
  } catch {
    /* the token expires by itself */
  }
}

function end(reason) {
  session = null;
  clearInterval(timer);
  timer = null;
  emit(reason);
}

// Milliseconds before the session ends (idle or expiry), or 0.
export function remaining() {
  if (!session) return 0;
  return Math.max(0, Math.min(lastActivity + IDLE_MS, session.expiresAt) - Date.now());
}
export const warnWithin = WARN_MS;

function startTimer() {
  clearInterval(timer);
  timer = setInterval(() => {
    if (!session) return;
    const left = remaining();
    if (left <= 0) {
      logout(Date.now() >= session.expiresAt ? 'expired' : 'idle');
    } else if (left <= WARN_MS) {
      warned = true;
      emit('warning');
    } else if (warned) {
      warned = false;
      emit('active');
    }
  }, 1000);
}

for (const ev of ['keydown', 'pointerdown', 'wheel', 'touchstart']) {
  addEventListener(ev, () => {
    lastActivity = Date.now();
  }, { passive: true, capture: true });
}

export const can = {
  createPayment: (r) => r === 'maker' || r === 'admin',
  approve: (r) => r === 'checker',
  decideHold: (r) => r === 'compliance',
  readCompliance: (r) => ['compliance', 'auditor', 'admin'].includes(r),
  retrigger: (r) => r === 'admin',
  resetBreaker: (r) => r === 'admin',
  readAudit: (r) => r === 'auditor' || r === 'admin',
  manageOperators: (r) => r === 'admin',
  operateFix: (r) => r === 'admin',
  readFixResets: (r) => r === 'admin' || r === 'auditor',
  readReconciliation: (r) => ['admin', 'checker', 'auditor'].includes(r),
  runReconciliation: (r) => r === 'admin',
  workExceptions: (r) => r === 'admin' || r === 'checker',
};
