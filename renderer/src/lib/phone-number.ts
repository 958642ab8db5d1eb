// Phone numbers as the person types them and as the app shows them. The flow in main validates
// again (the renderer is not trusted); this copy exists so garbage never costs a round trip and
// the person sees what is wrong while the number is still in front of them.

/** Characters people commonly type inside a phone number that carry no meaning. */
const SEPARATORS = /[\s().\-\u00a0]/g;

/** E.164 as main checks it: '+', a country code that does not start with 0, 8 to 15 digits in all. */
const E164 = /^\+[1-9]\d{7,14}$/;

/**
 * The canonical form sent to main ('+15550100'), or null when the input isn't an international
 * number. A leading '00' (the international prefix in most of the world) counts as '+'.
 */
export function normalizePhone(input: string): string | null {
  let compact = input.trim().replace(SEPARATORS, '');
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;
  return E164.test(compact) ? compact : null;
}

// ITU-T E.164 country calling codes are prefix-free: 1 and 7 are one digit long, the ones below
// are two, every other one is three. That is enough to split a number for display without
// shipping a numbering-plan database.
const TWO_DIGIT_CODES = new Set([
  '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47',
  '48', '49', '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65',
  '66', '81', '82', '84', '86', '90', '91', '92', '93', '94', '95', '98',
]);

export function countryCallingCode(digits: string): string {
  const first = digits.slice(0, 1);
  if (first === '1' || first === '7') return first;
  const two = digits.slice(0, 2);
  return TWO_DIGIT_CODES.has(two) ? two : digits.slice(0, 3);
}

/**
 * '+15550100' → '+1 555 0100', '+15551234567' → '+1 555 123 4567'. The national part is shown in
 * groups of three with a final group of four rather than a lone digit; numbers that aren't
 * E.164 come back as they were, so nothing the person typed is ever hidden.
 */
export function formatPhone(phone: string): string {
  const normalized = normalizePhone(phone);
  if (normalized === null) return phone;
  const digits = normalized.slice(1);
  const code = countryCallingCode(digits);
  const national = digits.slice(code.length);
  const groups: string[] = [];
  let rest = national;
  while (rest.length > 4) {
    groups.push(rest.slice(0, 3));
    rest = rest.slice(3);
  }
  if (rest.length > 0) groups.push(rest);
  return `+${code} ${groups.join(' ')}`.trim();
}

/** Digits only: what a pasted or typed code becomes ('12 345', '12-345' → '12345'). */
export function codeDigits(input: string): string {
  return input.replace(/\D/g, '');
}
