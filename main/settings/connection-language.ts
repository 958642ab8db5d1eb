// What Telegram is told of the person's language, in every connection's initConnection, as its
// own apps do: lang_code is the language the window speaks (the one chosen, else the system's
// when Gramdesk has it, else English: the window's own rule, common/languages.ts) and
// system_lang_code the system's own tag. Telegram picks the language of what it sends the
// person (the login code's message, its texts) by them.
import { isLanguage, matchLanguage } from '../../common/languages';
import type { ConnectionLanguage } from '../telegram/telegram-gateway';

/** The system's language tag as Node's ICU sees it (LANG / LC_ALL on Linux), "en" if none. */
export function systemLocale(): string {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().locale || 'en';
  } catch {
    return 'en';
  }
}

export function connectionLanguage(chosen: string | null | undefined, system: string): ConnectionLanguage {
  const langCode = isLanguage(chosen) ? chosen : (matchLanguage([system]) ?? 'en');
  return { langCode, systemLangCode: system };
}
