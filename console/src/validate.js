// Checks made as the operator types; the server checks everything again.

// ISO 13616: country, check digits, then mod 97 of the rearranged number is 1.
export function checkIban(value) {
  const v = String(value || '').replace(/\s+/g, '').toUpperCase();
  if (!v) return 'required';
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(v)) return 'an IBAN is 2 letters, 2 check digits and up to 30 letters or digits';
  const moved = v.slice(4) + v.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const n = ch >= 'A' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    rest = n > 9 ? (rest * 100 + n) % 97 : (rest * 10 + n) % 97;
  }
  return rest === 1 ? null : 'the check digits do not match (mod 97)';
}

// ISO 9362: 4 letters (institution), 2 letters (country), 2 letters or digits (location), optional 3 (branch).
export function checkBic(value) {
  const v = String(value || '').trim().toUpperCase();
  if (!v) return 'required';
  return /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(v) ? null : 'a BIC is 8 or 11 characters: AAAA CC LL (BBB)';
}

const minorUnits = { JPY: 0, KRW: 0, CLP: 0, ISK: 0, BHD: 3, KWD: 3, OMR: 3, JOD: 3, TND: 3 };
// Decimals of a currency's minor unit (ISO 4217; 2 unless listed).
export const minorDigits = (ccy) => minorUnits[ccy] ?? 2;
export function checkAmount(value, ccy) {
  const v = String(value || '').trim();
  if (!v) return 'required';
  const digits = minorDigits(ccy);
  const re = digits === 0 ? /^[0-9]{1,15}$/ : new RegExp(`^[0-9]{1,15}(\\.[0-9]{1,${digits}})?$`);
  if (!re.test(v)) return digits === 0 ? `a whole number (${ccy} has no decimals)` : `a positive amount with at most ${digits} decimals, e.g. 1250.00`;
  if (Number(v) <= 0) return 'must be more than zero';
  return null;
}

export function checkCurrency(value) {
  return /^[A-Z]{3}$/.test(String(value || '')) ? null : 'an ISO 4217 code such as EUR';
}

export function checkText(value, max, required = true) {
  const v = String(value || '');
  if (!v.trim()) return required ? 'required' : null;
  return v.length > max ? `at most ${max} characters` : null;
}
