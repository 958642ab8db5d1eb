// The languages Gramdesk speaks as the window shows them (names, direction, where their words
// come from); which languages they are, and how a tag finds one, is common/languages.ts.
//
// Why a typed dictionary and not an i18n library: the words are plain objects checked by the
// compiler key for key (a library's string keys are checked at best by a code generator), a
// language is one dynamic import() chunk fetched only when chosen (Vite splits it; the CSP's
// script-src 'self' allows it), and switching is replacing one $state.raw object, with no reload
// and nothing else to ship (svelte-i18n and friends cost more than the 3-4 KiB a language does).
import type { Language } from '../../../common/languages';
import type { Messages, RareScreenMessages } from './dictionary';

export { isLanguage, LANGUAGES, matchLanguage, type Language } from '../../../common/languages';

export interface LanguageInfo {
  /** The language's name in itself: how a menu lists it, whatever language is active. */
  autonym: string;
  dir: 'ltr' | 'rtl';
  /** The BCP 47 tag for Intl and the html lang attribute. */
  tag: string;
}

export const LANGUAGE_INFO: Record<Language, LanguageInfo> = {
  en: { autonym: 'English', dir: 'ltr', tag: 'en' },
  ru: { autonym: 'Русский', dir: 'ltr', tag: 'ru' },
  es: { autonym: 'Español', dir: 'ltr', tag: 'es' },
  fa: { autonym: 'فارسی', dir: 'rtl', tag: 'fa' },
  'pt-br': { autonym: 'Português (Brasil)', dir: 'ltr', tag: 'pt-BR' },
};

/** Every language but English is fetched when it is chosen, never before. */
export const loadMessages: Record<Exclude<Language, 'en'>, () => Promise<{ default: Messages }>> = {
  ru: () => import('./ru'),
  es: () => import('./es'),
  fa: () => import('./fa'),
  'pt-br': () => import('./pt-br'),
};

/**
 * The words of the rarely shown screens (connection choice, demo panel, proxy settings and a
 * proxy link's box), English's too: fetched with the first of those screens, in the active language.
 */
export const loadRareScreenMessages: Record<Language, () => Promise<{ default: RareScreenMessages }>> = {
  en: () => import('./rare-screens/en'),
  ru: () => import('./rare-screens/ru'),
  es: () => import('./rare-screens/es'),
  fa: () => import('./rare-screens/fa'),
  'pt-br': () => import('./rare-screens/pt-br'),
};
