// A language at work: its words plus the formatters, bound together so a screen asks for a
// sentence by key and gets it in the active language with numbers and times in that language's
// form. Pure (no Svelte state), so the tests check every language with the same code.
import type { LoadedMessages, Params, PluralForms, PluralKey, TextKey } from './dictionary';
import { formatCountdown, formatDate, formatNumber, isolateLtr, phoneInText, pluralCategory } from './format';
import { LANGUAGE_INFO, type Language } from './languages';

export interface Translator {
  readonly language: Language;
  readonly dir: 'ltr' | 'rtl';
  /** The BCP 47 tag (for Intl and the html lang attribute). */
  readonly tag: string;
  /** The sentence; `fallback` (or the key itself) when a key computed at run time has none. */
  t(key: TextKey, params?: Params, fallback?: string): string;
  /** The plural form for `count` (passed to the sentence as {count}, in the language's digits). */
  n(key: PluralKey, count: number, params?: Params): string;
  /**
   * The sentence cut at placeholder `slot`, for markup that wraps what goes there (a ticking
   * countdown in its own role=timer element): [before, after].
   */
  around(key: TextKey, slot: string, params?: Params): [string, string];
  countdown(ms: number): string;
  number(value: number): string;
  date(ms: number): string;
  /** A phone number to put in a sentence: formatted, kept left-to-right. */
  phone(phone: string): string;
  /** Any left-to-right fragment (a code prefix, an email pattern) inside a sentence. */
  ltr(text: string): string;
}

/** `{name}` → params.name; a placeholder without a value stays visible rather than vanishing. */
export function fill(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export function createTranslator(language: Language, messages: LoadedMessages): Translator {
  const { dir, tag } = LANGUAGE_INFO[language];
  const own = (key: string): boolean => Object.prototype.hasOwnProperty.call(messages, key);
  const text = (key: TextKey, fallback?: string): string => (own(key) ? (messages[key] as string) : (fallback ?? key));
  return {
    language,
    dir,
    tag,
    t: (key, params, fallback) => fill(text(key, fallback), params),
    n(key, count, params = {}) {
      const forms: PluralForms = own(key) ? messages[key] : { other: key };
      const form = forms[pluralCategory(count, tag)] ?? forms.other;
      return fill(form, { ...params, count: formatNumber(count, tag) });
    },
    around(key, slot, params) {
      const [before = '', after = ''] = text(key).split(`{${slot}}`);
      return [fill(before, params), fill(after, params)];
    },
    countdown: (ms) => formatCountdown(ms, tag),
    number: (value) => formatNumber(value, tag),
    date: (ms) => formatDate(ms, tag),
    phone: (phone) => phoneInText(phone, dir),
    ltr: (text) => isolateLtr(text, dir),
  };
}
