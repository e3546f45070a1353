// Operators (admin): list, add, disable / enable, reset a password.
import { useState } from 'preact/hooks';
import { api, current } from '../session.js';
import { html, Page, Badge, Notice, Loading, Field, ConfirmDialog, useDialog, useAsync, fmtTime } from '../ui.js';

const ROLES = ['maker', 'checker', 'compliance', 'auditor', 'admin'];

function AddOperator({ onDone }) {
  const [v, setV] = useState({ username: '', role: 'maker', password: '' });
  const [error, setError] = useState(null);
  const set = (k) => (e) => setV({ ...v, [k]: e.currentTarget.value });
  const weak = v.password && v.password.length < 12 ? 'at least 12 characters' : null;
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', '/api/v1/operators', v);
      onDone(`Operator ${v.username} (${v.role}) added.`);
      setV({ username: '', role: 'maker', password: '' });
    } catch (err) {
      setError(err);
    }
  };
  return html`<form class="form inline-form" onSubmit=${submit} aria-labelledby="add-op-h">
    <h2 id="add-op-h">Add an operator</h2>
    <div class="grid">
      <${Field} label="Username" id="op-user" hint="a-z, 0-9, . _ -"><input id="op-user" required autocomplete="off" value=${v.username} onInput=${set('username')} pattern="[a-z0-9][a-z0-9._\\-]{1,62}" /></${Field}>
      <${Field} label="Role" id="op-role"><select id="op-role" value=${v.role} onChange=${set('role')}>${ROLES.map((r) => html`<option value=${r}>${r}</option>`)}</select></${Field}>
      <${Field} label="Initial password" id="op-pass" error=${weak} hint="12 characters or more; the operator changes it"><input id="op-pass" type="password" required minlength="12" autocomplete="new-password" value=${v.password} onInput=${set('password')} /></${Field}>
    </div>
    <${Notice} error=${error} />
    <button class="btn btn-primary" type="submit">Add operator</button>
  </form>`;
}

export function Operators() {
  const me = current();
  const { data, error, loading, reload } = useAsync(() => api('GET', '/api/v1/operators'), []);
  const [dialog, openDialog, closeDialog] = useDialog();
  const [done, setDone] = useState(null);
  const [secret, setSecret] = useState(null);
  const change = (o, what) => () => openDialog({
    title: { disable: `Disable ${o.username}`, enable: `Enable ${o.username}`, password: `Reset the password of ${o.username}` }[what],
    body: html`<p>${{
      disable: 'The operator can no longer log in, and their open sessions end.',
      enable: 'The operator can log in again.',
      password: 'A one-time password replaces the current one, shown once here; open sessions end. Give it to the operator over a separate channel.',
    }[what]}</p>`,
    confirmLabel: { disable: 'Disable', enable: 'Enable', password: 'Reset password' }[what],
    tone: what === 'enable' ? 'primary' : 'danger',
    reason: 'required',
    onConfirm: async (reason) => {
      const r = await api('POST', `/api/v1/operators/${encodeURIComponent(o.username)}/${what}`, { reason });
      if (what === 'password') setSecret({ username: o.username, password: r.one_time_password });
      else setDone(`${o.username}: ${what}d.`);
    },
  });
  return html`<${Page} title="Operators">
    ${done ? html`<${Notice} tone="ok">${done}</${Notice}>` : null}
    ${secret ? html`<div class="notice tone-warn" role="alert">One-time password for <b>${secret.username}</b>: <code class="secret">${secret.password}</code>
      <button class="btn btn-small" type="button" onClick=${() => setSecret(null)}>Done, hide it</button></div>` : null}
    <${Notice} error=${error} />
    ${loading && !data ? html`<${Loading} />` : null}
    ${data ? html`<div class="table-wrap" tabindex="0"><table class="table">
      <caption class="sr-only">Operators</caption>
      <thead><tr><th scope="col">Username</th><th scope="col">Role</th><th scope="col">State</th><th scope="col" class="num">Open sessions</th><th scope="col">Created (UTC)</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
      <tbody>${data.operators.map((o) => html`<tr key=${o.id}>
        <th scope="row">${o.username}${o.username === me.username ? html` <span class="muted small">(you)</span>` : null}</th><td>${o.role}</td>
        <td><${Badge} value=${o.disabled ? 'disabled' : 'active'} /></td><td class="num">${o.active_sessions}</td><td>${fmtTime(o.created_at)}</td>
        <td class="nowrap">${o.username === me.username ? html`<span class="muted small">change your own password from the menu</span>` : html`
          ${o.disabled ? html`<button class="btn btn-small" type="button" onClick=${change(o, 'enable')}>Enable</button>` : html`<button class="btn btn-small btn-danger" type="button" onClick=${change(o, 'disable')}>Disable</button>`}
          <button class="btn btn-small" type="button" onClick=${change(o, 'password')}>Reset password</button>`}</td>
      </tr>`)}</tbody>
    </table></div>` : null}
    <${AddOperator} onDone=${(m) => {
      setDone(m);
      reload();
    }} />
    ${dialog ? html`<${ConfirmDialog} ...${dialog} onClose=${(ok) => {
      closeDialog();
      if (ok) reload();
    }} />` : null}
  </${Page}>`;
}
