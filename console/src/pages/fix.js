// FIX sessions: each session's state, sequence numbers and traffic, refreshed
// every few seconds; an admin's logout / logon and the sequence resets that one
// admin proposes and a second admin approves (four eyes). Auditors read the
// proposals; every other role reads the sessions.
import { useState } from 'preact/hooks';
import { api, current, can } from '../session.js';
import { html, Page, Badge, Notice, Loading, Empty, Field, ConfirmDialog, useDialog, usePolled, fmtNum, fmtTime } from '../ui.js';

export const FIX_REFRESH_MS = 3000;
const MAX_SEQ = 2000000000; // what the API accepts

// The state's badge: a session an admin logged out is held out until logon.
const STATE_TONE = { logged_on: 'ok', disconnected: 'warn', disabled: 'bad' };

// QuickFIX's UTCTimestamp (20261207-11:09:33.123) and PostgreSQL's timestamptz
// text (2026-12-07 11:09:33.123+00) as the console shows times.
export function fmtFixTime(value) {
  if (!value) return '';
  const fix = /^(\d{4})(\d{2})(\d{2})-(\d{2}:\d{2}:\d{2})(\.\d+)?$/.exec(value);
  if (fix) return `${fix[1]}-${fix[2]}-${fix[3]} ${fix[4]}Z`;
  return fmtTime(String(value).replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'));
}

// A next sequence number as typed: null when it is acceptable.
export function checkSeq(value) {
  const v = String(value ?? '').trim();
  if (!v) return 'required';
  if (!/^[0-9]+$/.test(v)) return 'a whole number from 1';
  const n = Number(v);
  if (n < 1) return 'at least 1';
  if (n > MAX_SEQ) return `at most ${fmtNum(MAX_SEQ)}`;
  return null;
}

// The dialog of a proposal: two numbers checked as they are typed, and the
// reason (ConfirmDialog's). The server's refusals of the numbers show next to them.
function ProposeReset({ session, onDone, onClose }) {
  const [v, setV] = useState({ next_sender_seq: String(session.next_sender_seq ?? ''), next_target_seq: String(session.next_target_seq ?? '') });
  const [touched, setTouched] = useState({});
  const [server, setServer] = useState({});
  const errors = { next_sender_seq: checkSeq(v.next_sender_seq), next_target_seq: checkSeq(v.next_target_seq) };
  const shown = (k) => server[k] || (touched[k] ? errors[k] : null);
  const set = (k) => (e) => {
    setV({ ...v, [k]: e.currentTarget.value });
    setTouched({ ...touched, [k]: true });
    setServer({ ...server, [k]: null });
  };
  const id = (k) => `fix-${k.replace(/_/g, '-')}`;
  const input = (k, label, hint, autofocus) => html`<${Field} label=${label} id=${id(k)} error=${shown(k)} hint=${hint}>
    <input id=${id(k)} name=${k} type="number" inputmode="numeric" min="1" max=${MAX_SEQ} step="1" required autocomplete="off"
      value=${v[k]} onInput=${set(k)} autofocus=${autofocus}
      aria-invalid=${shown(k) ? 'true' : 'false'} aria-describedby=${shown(k) ? `${id(k)}-error` : `${id(k)}-hint`} />
  </${Field}>`;
  const check = () => {
    setTouched({ next_sender_seq: true, next_target_seq: true });
    // Only what is checked here holds the form back: the server checks again.
    const first = ['next_sender_seq', 'next_target_seq'].find((k) => errors[k]);
    return first ? id(first) : null;
  };
  const propose = async (reason) => {
    try {
      const r = await api('POST', `/api/v1/fix/sessions/${encodeURIComponent(session.name)}/sequence-resets`, {
        next_sender_seq: Number(v.next_sender_seq), next_target_seq: Number(v.next_target_seq), reason,
      });
      onDone(`Sequence reset ${r.id} proposed for ${session.name}: a second admin must approve it before anything changes.`);
    } catch (err) {
      // A 400 that names the numbers goes next to them; anything else under the form.
      const named = err && err.status === 400 ? ['next_sender_seq', 'next_target_seq'].filter((k) => (err.message || '').includes(k)) : [];
      if (!named.length) throw err;
      setServer(Object.fromEntries(named.map((k) => [k, err.message])));
      throw new Error('The gateway refused the numbers: see the fields.');
    }
  };
  return html`<${ConfirmDialog} title=${`Propose a sequence reset for ${session.name}`} confirmLabel="Propose reset" reason="required"
    body=${html`<p>The session ${session.name} (${session.sender_comp_id} → ${session.target_comp_id}) would continue with these next
      sequence numbers; now ${session.next_sender_seq ?? '–'} out and ${session.next_target_seq ?? '–'} in. Nothing changes until a
      second admin approves. Agree the numbers with the counterparty first; a session connected at another gatewayd must be logged out.</p>`}
    extra=${html`<div class="grid">
      ${input('next_sender_seq', 'Next sequence number out', 'our next MsgSeqNum (34) to the counterparty; 1 or more', true)}
      ${input('next_target_seq', 'Next sequence number in', 'the MsgSeqNum we expect next from the counterparty; 1 or more', false)}
    </div>`}
    check=${check} onConfirm=${propose} onClose=${onClose} />`;
}

function Sessions({ sessions, admin, openReset, act, propose }) {
  if (!sessions.length) return html`<${Empty}>No FIX session is configured ([fix] in the configuration).</${Empty}>`;
  return html`<div class="table-wrap" tabindex="0"><table class="table">
    <caption class="sr-only">FIX sessions</caption>
    <thead><tr><th scope="col">Session</th><th scope="col">CompIDs (ours → theirs)</th><th scope="col">BeginString</th><th scope="col">Role</th><th scope="col">State</th>
      <th scope="col" class="num">Next out</th><th scope="col" class="num">Next in</th><th scope="col">Last logon (UTC)</th>
      <th scope="col" class="num">Messages in</th><th scope="col" class="num">Messages out</th><th scope="col">Peer certificate</th>
      <th scope="col">Last error</th>${admin ? html`<th scope="col"><span class="sr-only">Actions</span></th>` : null}</tr></thead>
    <tbody>${sessions.map((s) => {
      const held = s.state === 'disabled' || s.enabled === false;
      const open = openReset(s.name);
      return html`<tr key=${s.name}>
        <th scope="row">${s.name}</th>
        <td class="mono nowrap">${s.sender_comp_id} → ${s.target_comp_id}</td><td class="mono">${s.begin_string}</td>
        <td class="nowrap">${s.role === 'initiator' ? html`calls <span class="mono">${s.connect}</span>` : 'accepts'}</td>
        <td><${Badge} value=${s.state} tone=${STATE_TONE[s.state]} />${held ? html`<br /><span class="muted small">held out by an admin</span>` : null}</td>
        <td class="num">${fmtNum(s.next_sender_seq)}</td><td class="num">${fmtNum(s.next_target_seq)}</td>
        <td class="nowrap">${s.last_logon ? fmtFixTime(s.last_logon) : html`<span class="muted">never</span>`}</td>
        <td class="num">${fmtNum(s.messages_in)}</td><td class="num">${fmtNum(s.messages_out)}</td>
        <td class="small mono">${s.peer || html`<span class="muted">none</span>`}</td><td class="small">${[s.connect_error, s.last_error].filter(Boolean).join('; ')}</td>
        ${admin ? html`<td class="nowrap">
          ${held
            ? html`<button class="btn btn-small btn-primary" type="button" onClick=${act(s, true)} aria-label=${`Log on the FIX session ${s.name}`}>Log on</button>`
            : html`<button class="btn btn-small btn-danger" type="button" onClick=${act(s, false)} aria-label=${`Log out the FIX session ${s.name}`}>Log out</button>`}
          ${open
            ? html` <span class="muted small">reset ${open.id} proposed</span>`
            : html` <button class="btn btn-small" type="button" onClick=${propose(s)} aria-label=${`Propose sequence reset for ${s.name}`}>Propose sequence reset</button>`}
        </td>` : null}
      </tr>`;
    })}</tbody>
  </table></div>`;
}

function Proposals({ resets, admin, me, decide }) {
  if (!resets.length) return html`<${Empty}>No sequence reset was proposed.</${Empty}>`;
  // Open proposals first, then the decided ones, newest first.
  const rows = [...resets].sort((a, b) => (a.status === 'PROPOSED') !== (b.status === 'PROPOSED') ? (a.status === 'PROPOSED' ? -1 : 1) : b.id - a.id);
  return html`<div class="table-wrap" tabindex="0"><table class="table">
    <caption class="sr-only">Sequence reset proposals, open ones first</caption>
    <thead><tr><th scope="col">Id</th><th scope="col">Session</th><th scope="col">State</th><th scope="col" class="num">Next out</th>
      <th scope="col" class="num">Next in</th><th scope="col">Reason</th><th scope="col">Proposed by</th><th scope="col">Decided by</th>
      ${admin ? html`<th scope="col"><span class="sr-only">Decision</span></th>` : null}</tr></thead>
    <tbody>${rows.map((r) => {
      const mine = r.proposed_by === me.username;
      return html`<tr key=${r.id}>
        <td>${r.id}</td><th scope="row">${r.session}</th><td><${Badge} value=${r.status} /></td>
        <td class="num">${fmtNum(r.next_sender_seq)}</td><td class="num">${fmtNum(r.next_target_seq)}</td><td class="small">${r.reason}</td>
        <td>${r.proposed_by}<br /><span class="muted small">${fmtFixTime(r.proposed_at)}</span></td>
        <td>${r.decided_by ? html`${r.decided_by}<br /><span class="muted small">${fmtFixTime(r.decided_at)}</span>${r.decision_reason ? html`<br /><span class="small reason">${r.decision_reason}</span>` : null}` : ''}</td>
        ${admin ? html`<td class="nowrap">${r.status !== 'PROPOSED' ? null : mine
          ? html`<span class="muted small">Proposed by you: a second admin must approve or reject it.</span>`
          : html`<button class="btn btn-small btn-primary" type="button" onClick=${decide(r, true)} aria-label=${`Approve sequence reset ${r.id}`}>Approve</button>
            <button class="btn btn-small btn-danger" type="button" onClick=${decide(r, false)} aria-label=${`Reject sequence reset ${r.id}`}>Reject</button>`}</td>` : null}
      </tr>`;
    })}</tbody>
  </table></div>`;
}

export function FixSessions() {
  const me = current();
  const admin = can.operateFix(me.role);
  const readResets = can.readFixResets(me.role);
  const sessions = usePolled(() => api('GET', '/api/v1/fix/sessions'), FIX_REFRESH_MS);
  const resets = usePolled(() => (readResets ? api('GET', '/api/v1/fix/sequence-resets') : Promise.resolve({ sequence_resets: [] })), FIX_REFRESH_MS);
  const [dialog, openDialog, closeDialog] = useDialog();
  const [proposing, setProposing] = useState(null);
  const [done, setDone] = useState(null);
  const reload = () => {
    sessions.reload();
    resets.reload();
  };
  const openReset = (name) => (resets.data ? resets.data.sequence_resets.find((r) => r.session === name && r.status === 'PROPOSED') : null);

  const act = (s, logon) => () => openDialog({
    title: `${logon ? 'Log on' : 'Log out'} the FIX session ${s.name}`,
    body: logon
      ? html`<p>Let <b>${s.name}</b> (${s.target_comp_id}) log on again: its next Logon is accepted at every gatewayd.</p>`
      : html`<p>Send <b>${s.name}</b> (${s.target_comp_id}) a Logout now and refuse its logons at every gatewayd until an admin logs it on again.
        The counterparty can send no instruction meanwhile; its status reports wait in the outbox.</p>`,
    confirmLabel: logon ? 'Log on' : 'Log out',
    tone: logon ? 'primary' : 'danger',
    reason: 'required',
    onConfirm: async (reason) => {
      await api('POST', `/api/v1/fix/sessions/${encodeURIComponent(s.name)}/${logon ? 'logon' : 'logout'}`, { reason });
      setDone(logon ? `${s.name} may log on again.` : `${s.name} is logged out and held out until an admin logs it on.`);
    },
  });
  const decide = (r, approve) => () => openDialog({
    title: `${approve ? 'Approve' : 'Reject'} sequence reset ${r.id}`,
    body: html`<p>${approve ? 'Carry out' : 'Reject'} the reset of <b>${r.session}</b> to ${r.next_sender_seq} out and ${r.next_target_seq} in,
      proposed by ${r.proposed_by}: <span class="reason">${r.reason}</span>${approve ? '? The session continues with these numbers at once.' : '?'}</p>`,
    confirmLabel: approve ? 'Approve' : 'Reject',
    tone: approve ? 'primary' : 'danger',
    reason: 'required',
    onConfirm: async (reason) => {
      const d = await api('POST', `/api/v1/fix/sequence-resets/${r.id}/${approve ? 'approve' : 'reject'}`, { reason });
      setDone(approve ? `Sequence reset ${d.id} ${d.status}: ${d.session} continues at ${d.next_sender_seq} out, ${d.next_target_seq} in.` : `Sequence reset ${d.id} ${d.status}.`);
    },
  });

  const last = sessions.at ? new Date(sessions.at).toISOString().slice(11, 19) : null;
  return html`<${Page} title="FIX sessions" actions=${html`<span class="muted small" aria-live="off">Refreshes every ${FIX_REFRESH_MS / 1000} s${last ? `, last at ${last} UTC` : ''}</span>
    <button class="btn" type="button" onClick=${reload}>Refresh</button>`}>
    ${!admin ? html`<${Notice} tone="info">Read only: logging sessions out and on, and sequence resets, are for admins.</${Notice}>` : null}
    ${done ? html`<${Notice} tone="ok">${done}</${Notice}>` : null}
    <${Notice} error=${sessions.error} />
    ${sessions.loading ? html`<${Loading} />` : null}
    ${sessions.data ? html`<${Sessions} sessions=${sessions.data.sessions} admin=${admin} openReset=${openReset} act=${act}
      propose=${(s) => () => setProposing(s)} />` : null}
    ${readResets ? html`<div class="panel section">
      <h2>Sequence resets</h2>
      <p class="muted small">One admin proposes new next sequence numbers; a second admin approves, and only then does the session change. Every step is audited.</p>
      <${Notice} error=${resets.error} />
      ${resets.loading ? html`<${Loading} />` : null}
      ${resets.data ? html`<${Proposals} resets=${resets.data.sequence_resets} admin=${admin} me=${me} decide=${decide} />` : null}
    </div>` : null}
    ${dialog ? html`<${ConfirmDialog} ...${dialog} onClose=${(ok) => {
      closeDialog();
      if (ok) reload();
    }} />` : null}
    ${proposing ? html`<${ProposeReset} session=${proposing} onDone=${setDone} onClose=${(ok) => {
      setProposing(null);
      if (ok) reload();
    }} />` : null}
  </${Page}>`;
}
