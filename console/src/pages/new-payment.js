// A new payment (maker): checked as it is typed; the server's 422 issues are
// shown next to the fields they name.
import { useState } from 'preact/hooks';
import { api } from '../session.js';
import { html, Page, Notice, Field, navigate, href, fmtAmount, ConfirmDialog } from '../ui.js';
import { checkIban, checkBic, checkAmount, checkCurrency, checkText } from '../validate.js';

const newId = () => `E2E-${Date.now().toString(36).toUpperCase()}-${Math.random().toString(36).slice(2, 6).toUpperCase()}`;

const initial = () => ({
  end_to_end_id: newId(), amount: '', currency: 'EUR', remittance_info: '', requested_execution_date: '',
  'debtor.name': '', 'debtor.account': '', 'debtor.agent_bic': '', 'debtor.country': '',
  'creditor.name': '', 'creditor.account': '', 'creditor.agent_bic': '', 'creditor.country': '',
});

function localErrors(v) {
  const e = {
    end_to_end_id: checkText(v.end_to_end_id, 35),
    amount: checkAmount(v.amount, v.currency),
    currency: checkCurrency(v.currency),
    remittance_info: checkText(v.remittance_info, 140, false),
  };
  for (const party of ['debtor', 'creditor']) {
    e[`${party}.name`] = checkText(v[`${party}.name`], 140);
    e[`${party}.account`] = checkIban(v[`${party}.account`]);
    e[`${party}.agent_bic`] = checkBic(v[`${party}.agent_bic`]);
    const c = v[`${party}.country`];
    e[`${party}.country`] = c && !/^[A-Z]{2}$/.test(c) ? 'two capital letters (ISO 3166), e.g. DE' : null;
  }
  return e;
}

// "$.creditor.account", "/creditor/account" or "creditor.account" -> "creditor.account"
export function fieldOfIssuePath(path) {
  return String(path || '').replace(/^\$\.?/, '').replace(/^\//, '').replace(/\//g, '.').replace(/\[\d+\]/g, '');
}

function toBody(v) {
  const party = (p) => {
    const o = { name: v[`${p}.name`].trim(), account: v[`${p}.account`].replace(/\s+/g, '').toUpperCase(), agent_bic: v[`${p}.agent_bic`].trim().toUpperCase() };
    if (v[`${p}.country`]) o.country = v[`${p}.country`];
    return o;
  };
  const body = { end_to_end_id: v.end_to_end_id.trim(), amount: v.amount.trim(), currency: v.currency, debtor: party('debtor'), creditor: party('creditor') };
  if (v.remittance_info.trim()) body.remittance_info = v.remittance_info.trim();
  if (v.requested_execution_date) body.requested_execution_date = v.requested_execution_date;
  return body;
}

export function NewPayment() {
  const [v, setV] = useState(initial);
  const [touched, setTouched] = useState({});
  const [server, setServer] = useState({});
  const [error, setError] = useState(null);
  const [confirming, setConfirming] = useState(false);
  const [idempotencyKey, setKey] = useState(() => crypto.randomUUID());
  const errors = localErrors(v);
  const shown = (k) => server[k] || (touched[k] ? errors[k] : null);
  const set = (k, upper) => (e) => {
    const value = upper ? e.currentTarget.value.toUpperCase() : e.currentTarget.value;
    setV({ ...v, [k]: value });
    setServer({ ...server, [k]: null });
  };
  const blur = (k) => () => setTouched({ ...touched, [k]: true });
  const input = (k, label, opts = {}) => html`<${Field} label=${label} id=${`np-${k}`} error=${shown(k)} hint=${opts.hint}>
    <input id=${`np-${k}`} name=${k} value=${v[k]} onInput=${set(k, opts.upper)} onBlur=${blur(k)} autocomplete="off"
      aria-invalid=${shown(k) ? 'true' : 'false'} aria-describedby=${shown(k) ? `np-${k}-error` : opts.hint ? `np-${k}-hint` : undefined}
      maxlength=${opts.max} inputmode=${opts.inputmode} type=${opts.type || 'text'} required=${opts.required !== false} spellcheck="false" />
  </${Field}>`;
  const invalid = Object.values(errors).some(Boolean);

  const review = (e) => {
    e.preventDefault();
    setTouched(Object.fromEntries(Object.keys(v).map((k) => [k, true])));
    if (invalid) {
      const first = Object.keys(errors).find((k) => errors[k]);
      const el = document.getElementById(`np-${first}`);
      if (el) el.focus();
      return;
    }
    setConfirming(true);
  };
  const submit = async () => {
    setError(null);
    try {
      const p = await api('POST', '/api/v1/payments', toBody(v), { headers: { 'Idempotency-Key': idempotencyKey } });
      navigate(`/payments/${p.id}`);
    } catch (err) {
      if (err.status === 422 && err.issues.length) {
        const byField = {};
        for (const i of err.issues) {
          const f = fieldOfIssuePath(i.path);
          byField[f] = [byField[f], `${i.message}${i.reason_code ? ` (${i.reason_code})` : ''}`].filter(Boolean).join('; ');
        }
        setServer(byField);
        setKey(crypto.randomUUID()); // the rejected payment is kept; a corrected one is a new payment
        const unplaced = Object.keys(byField).filter((f) => !(f in v));
        setError({ message: `The gateway refused the payment (recorded as REJECTED): ${err.issues.length} problem(s)${unplaced.length ? `: ${unplaced.map((f) => `${f || 'payment'}: ${byField[f]}`).join('; ')}` : ', shown next to the fields'}.` });
        const first = Object.keys(byField).find((f) => f in v);
        setTimeout(() => {
          const el = document.getElementById(`np-${first}`);
          if (el) el.focus();
        }, 0);
      } else setError(err);
    }
  };
  return html`<${Page} title="New payment">
    <form class="form" onSubmit=${review} noValidate aria-describedby="np-summary">
      <p id="np-summary" class="muted">Payments at or above the four-eyes threshold of their currency (EUR 10,000.00 by default) wait for a checker.</p>
      <fieldset><legend>Payment</legend>
        <div class="grid">
          ${input('amount', 'Amount', { inputmode: 'decimal', hint: 'e.g. 1250.00' })}
          ${input('currency', 'Currency', { upper: true, max: 3 })}
          ${input('end_to_end_id', 'End-to-end id', { max: 35 })}
          ${input('requested_execution_date', 'Requested execution date', { type: 'date', required: false })}
        </div>
        ${input('remittance_info', 'Remittance information', { max: 140, required: false })}
      </fieldset>
      ${['debtor', 'creditor'].map((p) => html`<fieldset key=${p}><legend>${p === 'debtor' ? 'Debtor (pays)' : 'Creditor (is paid)'}</legend>
        <div class="grid">
          ${input(`${p}.name`, 'Name', { max: 140 })}
          ${input(`${p}.account`, 'IBAN', { upper: true, max: 42, hint: 'checked with mod 97' })}
          ${input(`${p}.agent_bic`, 'Bank BIC', { upper: true, max: 11 })}
          ${input(`${p}.country`, 'Country', { upper: true, max: 2, required: false, hint: 'ISO 3166, optional' })}
        </div>
      </fieldset>`)}
      <${Notice} error=${error} />
      <div class="form-actions">
        <a class="btn" href=${href('/payments')}>Cancel</a>
        <button class="btn btn-primary" type="submit">Review…</button>
      </div>
    </form>
    ${confirming ? html`<${ConfirmDialog} title="Send this payment?" confirmLabel="Send payment"
      body=${html`<p><b>${fmtAmount(v.amount, v.currency)}</b> from ${v['debtor.name']} (${v['debtor.account']}) to <b>${v['creditor.name']}</b> (${v['creditor.account']}, ${v['creditor.agent_bic']}).</p>`}
      onConfirm=${submit} onClose=${() => setConfirming(false)} />` : null}
  </${Page}>`;
}
