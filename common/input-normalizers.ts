// What the person types, in the form the server wants, or null when it can't be right. One rule
// each, used twice: the renderer applies it for feedback before anything is sent, and main applies
// it again as the check (the renderer is not trusted). Pure functions of their input only.
import type { CodeDelivery } from './login-state';

/** Characters people type or paste inside a phone number that carry no meaning. */
const PHONE_SEPARATORS = /[\s().\-\u00a0]/g;

/** E.164: '+', a country code that does not start with 0, 8 to 15 digits in all. */
const E164 = /^\+[1-9]\d{7,14}$/;

/**
 * The phone number as E.164 ('+15550100'), or null when it isn't an international number.
 * Spaces, dashes, dots and brackets are dropped; a leading '00' (the international prefix in most
 * of the world) counts as '+'.
 */
export function normalizePhone(input: string): string | null {
  let compact = input.trim().replace(PHONE_SEPARATORS, '');
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;
  return E164.test(compact) ? compact : null;
}

/** Digits only: what a pasted or typed numeric code becomes ('12 345', '12-345' → '12345'). */
export function codeDigits(input: string): string {
  return input.replace(/\D/g, '');
}

/** Whether a code of this delivery is words (SMS word / phrase) rather than digits. */
export function isWordCode(delivery: CodeDelivery['kind'] | undefined): boolean {
  return delivery === 'sms_word' || delivery === 'sms_phrase';
}

/**
 * The code as the server wants it: digits only (paste may bring spaces or dashes). Null when it
 * can't be right: empty, or not the expected length when the server said one. An SMS word or
 * phrase code is words, not digits: it is only trimmed, with inner spaces collapsed, and must
 * start with the `beginning` the server gave, when it gave one.
 */
export function normalizeCode(
  input: string,
  expectedLength: number,
  delivery?: CodeDelivery['kind'],
  beginning?: string | null,
): string | null {
  if (isWordCode(delivery)) {
    const text = collapseSpaces(input);
    if (text.length === 0) return null;
    if (beginning && !text.toLowerCase().startsWith(beginning.trim().toLowerCase())) return null;
    return text;
  }
  const digits = codeDigits(input);
  if (digits.length === 0) return null;
  if (expectedLength > 0 && digits.length !== expectedLength) return null;
  return digits;
}

/** The longest first or last name auth.signUp takes. */
export const NAME_MAX_LENGTH = 64;

/** A first or last name as auth.signUp takes it: trimmed, inner runs of spaces collapsed. */
export function normalizeName(input: string): string {
  return collapseSpaces(input);
}

/**
 * The names for auth.signUp, or null when they can't be sent: the first name is required, and
 * neither may be longer than NAME_MAX_LENGTH once normalized.
 */
export function normalizeSignUpNames(firstName: string, lastName: string): { firstName: string; lastName: string } | null {
  const first = normalizeName(firstName);
  const last = normalizeName(lastName);
  if (first.length === 0 || first.length > NAME_MAX_LENGTH || last.length > NAME_MAX_LENGTH) return null;
  return { firstName: first, lastName: last };
}

function collapseSpaces(input: string): string {
  return input.trim().replace(/\s+/g, ' ');
}
