// Phone numbers as the app shows them. What counts as a number at all is the one rule in
// common/input-normalizers.ts, shared with main's check.
import { normalizePhone } from '../../../common/input-normalizers';

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
