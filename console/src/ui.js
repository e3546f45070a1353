// Shared pieces of the console: the html tag, the hash router, formatting,
// and small accessible components (dialog with a mandatory reason, tables,
// fields, notices).
import { h, Fragment } from 'preact';
import { useEffect, useRef, useState, useCallback } from 'preact/hooks';
import htm from 'htm';
import { minorDigits } from './validate.js';

export const html = htm.bind(h);
export { Fragment };

// ---- routing: #/path?query (the hash never holds a secret) ----
export function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [p, q = ''] = raw.split('?');
  return { path: p || '/', query: Object.fromEntries(new URLSearchParams(q)) };
}

export function href(path, query = {}) {
  const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== '')).toString();
  return `#${path}${q ? `?${q}` : ''}`;
}

export function navigate(path, query) {
  location.hash = href(path, query);
}

export function useRoute() {
  const [route, setRoute] = useState(parseHash());
  useEffect(() => {
    const on = () => setRoute(parseHash());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

// ---- data loading ----
export function useAsync(fn, deps) {
  const [state, setState] = useState({ loading: true, data: null, error: null, ms: 0 });
  const reload = useCallback(() => {
    let cancelled = false;
    const t0 = performance.now();
    setState((s) => ({ ...s, loading: true, error: null }));
    fn().then(
      (data) => !cancelled && setState({ loading: false, data, error: null, ms: performance.now() - t0 }),
      (error) => !cancelled && setState({ loading: false, data: null, error, ms: performance.now() - t0 }),
    );
    return () => {
      cancelled = true;
    };
  }, deps); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(reload, [reload]);
  return { ...state, reload };
}

// Loads now, then again every `ms` while the tab is visible (a hidden tab does
// not poll). A failed refresh keeps the last data and reports its error.
export function usePolled(fn, ms, deps = []) {
  const [state, setState] = useState({ data: null, error: null, at: null });
  const runRef = useRef(null);
  useEffect(() => {
    let stopped = false;
    let timer = null;
    let seq = 0;
    const run = async () => {
      clearTimeout(timer);
      const mine = ++seq;
      let next;
      try {
        const data = await fn();
        next = { data, error: null, at: Date.now() };
      } catch (error) {
        next = { error };
      }
      if (stopped || mine !== seq) return; // a newer load is under way
      setState((s) => ({ ...s, ...next }));
      timer = setTimeout(poll, ms);
    };
    const poll = () => {
      if (document.visibilityState === 'visible') run();
      else timer = setTimeout(poll, ms);
    };
    runRef.current = run;
    run();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, deps); // eslint-disable-line react-hooks/exhaustive-deps
  const reload = useCallback(() => runRef.current && runRef.current(), []);
  return { ...state, loading: !state.data && !state.error, reload };
}

// ---- formatting ----
export const fmtTime = (iso) => {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
};
export const fmtAmount = (amount, ccy) => {
  if (amount === undefined || amount === null) return '';
  const [i, f] = String(amount).split('.');
  const grouped = i.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${grouped}${f !== undefined ? `.${f}` : ''}${ccy ? ` ${ccy}` : ''}`;
};
// An amount in minor units (as the API's *_minor fields) as a decimal string.
export const fromMinor = (n, ccy) => {
  const digits = minorDigits(ccy);
  const s = String(Math.abs(n)).padStart(digits + 1, '0');
  return `${n < 0 ? '-' : ''}${digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s}`;
};
// The same, grouped and with its currency; '–' when there is none.
export const fmtMinor = (n, ccy) => (n === null || n === undefined ? '–' : fmtAmount(fromMinor(n, ccy), ccy));
export const fmtNum = (n, digits = 0) =>
  n === null || n === undefined || Number.isNaN(n) ? '–' : Number(n).toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const statusTone = {
  COMPLETED: 'ok', APPROVED: 'info', POSTED: 'info', QUEUED: 'info', SENT: 'info', INITIATED: 'muted', SCREENING: 'muted',
  PENDING_APPROVAL: 'warn', COMPLIANCE_HOLD: 'warn', EXCEPTION: 'bad', FAILED: 'bad', REJECTED: 'bad', CANCELLED: 'muted',
  up: 'ok', ok: 'ok', closed: 'ok', degraded: 'warn', half_open: 'warn', connecting: 'warn', down: 'bad', open: 'bad',
  'open-circuit': 'bad', PENDING: 'warn', PROPOSED: 'warn', ACTIVE: 'ok', REVOKED: 'muted', HIT: 'bad', CLEAR: 'ok',
  logged_on: 'ok', disconnected: 'warn', APPLIED: 'ok',
};
// `tone` overrides the tone of the value (the same word can mean different things on two pages).
export function Badge({ value, tone }) {
  return html`<span class=${`badge tone-${tone || statusTone[value] || 'muted'}`}>${value}</span>`;
}

export function Notice({ error, children, tone }) {
  if (error) {
    const msg = error.status === 403 ? `Not allowed: ${error.message}` : error.message || String(error);
    return html`<div class="notice tone-bad" role="alert">${msg}</div>`;
  }
  if (!children) return null;
  return html`<div class=${`notice tone-${tone || 'info'}`} role="status">${children}</div>`;
}

export function Loading({ what = 'Loading' }) {
  return html`<p class="loading" role="status" aria-live="polite">${what}…</p>`;
}

export function Page({ title, actions, children }) {
  const ref = useRef();
  useEffect(() => {
    document.title = `${title} · Payment gateway`;
    // Move focus to the page heading on navigation (screen readers announce it).
    if (ref.current && document.activeElement === document.body) ref.current.focus();
  }, [title]);
  return html`<section class="page">
    <header class="page-head"><h1 tabindex="-1" ref=${ref}>${title}</h1><div class="actions">${actions}</div></header>
    ${children}
  </section>`;
}

export function Field({ label, id, error, hint, children }) {
  return html`<div class=${`field${error ? ' has-error' : ''}`}>
    <label for=${id}>${label}</label>
    ${children}
    ${hint && !error ? html`<small class="hint" id=${`${id}-hint`}>${hint}</small>` : null}
    ${error ? html`<small class="error" id=${`${id}-error`} role="alert">${error}</small>` : null}
  </div>`;
}

// A modal dialog (native <dialog>: focus is kept inside, Esc cancels) that
// confirms an action, with a reason field when one is needed. The reason is
// checked as it is typed; a server's refusal of the reason shows next to it.
// `extra` holds more fields: `check()` returns the id of the first of them that
// is wrong (submitting is then held back and focus goes there), or null.
export function ConfirmDialog({ title, body, confirmLabel = 'Confirm', tone = 'primary', reason = 'none', onConfirm, onClose, extra, check }) {
  const ref = useRef();
  const [text, setText] = useState('');
  const [dirty, setDirty] = useState(false);
  const [reasonServer, setReasonServer] = useState(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    const cancel = (e) => {
      e.preventDefault();
      onClose();
    };
    d.addEventListener('cancel', cancel);
    return () => d.removeEventListener('cancel', cancel);
  }, []);
  const required = reason === 'required';
  const reasonError = reasonServer || (dirty && required && !text.trim() ? 'A reason is required.' : null);
  const submit = async (e) => {
    e.preventDefault();
    const invalid = check ? check() : null;
    if (invalid || (required && !text.trim())) {
      setDirty(true);
      const t = ref.current && ref.current.querySelector(`#${invalid || 'dlg-reason'}`);
      if (t) t.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onConfirm(text.trim());
      onClose(true);
    } catch (err) {
      if (reason !== 'none' && err && err.status === 400 && /^reason\b/.test(err.message || '')) {
        setReasonServer(err.message);
        const t = ref.current && ref.current.querySelector('#dlg-reason');
        if (t) t.focus();
      } else setError(err);
      setBusy(false);
    }
  };
  return html`<dialog ref=${ref} class="dialog" aria-labelledby="dlg-title">
    <form method="dialog" onSubmit=${submit} noValidate>
      <h2 id="dlg-title">${title}</h2>
      <div class="dialog-body">${body}</div>
      ${extra}
      ${reason !== 'none' ? html`<${Field} label=${required ? 'Reason (required)' : 'Reason (optional)'} id="dlg-reason" error=${reasonError}>
        <textarea id="dlg-reason" name="reason" rows="3" maxlength="500" aria-required=${required ? 'true' : 'false'} value=${text}
          aria-invalid=${reasonError ? 'true' : 'false'} aria-describedby=${reasonError ? 'dlg-reason-error' : undefined}
          onInput=${(e) => {
            setText(e.currentTarget.value);
            setDirty(true);
            setReasonServer(null);
          }} autofocus></textarea>
      </${Field}>` : null}
      <${Notice} error=${error} />
      <div class="dialog-actions">
        <button type="button" class="btn" onClick=${() => onClose()} disabled=${busy}>Cancel</button>
        <button type="submit" class=${`btn btn-${tone}`} disabled=${busy}>${busy ? 'Working…' : confirmLabel}</button>
      </div>
    </form>
  </dialog>`;
}

// A state hook for "which dialog is open".
export function useDialog() {
  const [dialog, setDialog] = useState(null);
  return [dialog, (d) => setDialog(d), () => setDialog(null)];
}

export function KeyValues({ items }) {
  return html`<dl class="kv">${items.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => html`<${Fragment} key=${k}><dt>${k}</dt><dd>${v}</dd></${Fragment}>`)}</dl>`;
}

export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function Empty({ children }) {
  return html`<p class="empty">${children}</p>`;
}
