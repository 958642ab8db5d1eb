// Numbers, times and countdowns per language, apart from the words: Intl does the work, so a
// language file never spells out a digit or a date.
import { formatPhone } from '../lib/phone-number';

// Left-to-right isolate: a phone number or a code inside a right-to-left sentence keeps its
// order (+98 912 …) and doesn't drag the punctuation around it.
const LRI = '\u2066';
const PDI = '\u2069';

export function isolateLtr(text: string, dir: 'ltr' | 'rtl'): string {
  return dir === 'rtl' ? `${LRI}${text}${PDI}` : text;
}

/** 75 000 ms → '1:15'; hours when the wait is that long ('2:03:09'), in the language's digits. Never negative. */
export function formatCountdown(ms: number, tag = 'en'): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const plain = new Intl.NumberFormat(tag, { useGrouping: false });
  const padded = new Intl.NumberFormat(tag, { minimumIntegerDigits: 2, useGrouping: false });
  if (hours > 0) return `${plain.format(hours)}:${padded.format(minutes)}:${padded.format(seconds)}`;
  return `${plain.format(minutes)}:${padded.format(seconds)}`;
}

export function formatNumber(value: number, tag = 'en'): string {
  return new Intl.NumberFormat(tag).format(value);
}

/** A day as the language writes it: '12 Nov 2026', '12 нояб. 2026 г.'. */
export function formatDate(ms: number, tag = 'en'): string {
  const locale = tag === 'en' ? 'en-GB' : tag;
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).format(ms);
}

/** A phone number for reading inside a sentence: grouped, and left-to-right in any language. */
export function phoneInText(phone: string, dir: 'ltr' | 'rtl'): string {
  return isolateLtr(formatPhone(phone), dir);
}

/** The plural form a count takes in a language (Intl.PluralRules' names). */
export function pluralCategory(count: number, tag = 'en'): Intl.LDMLPluralRule {
  return new Intl.PluralRules(tag).select(count);
}
