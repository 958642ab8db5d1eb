// The active language as reactive state: screens read `locale.tr` in their markup, so replacing
// it (one $state.raw object) re-renders every sentence without a reload. The <html> element gets
// the language's lang and dir, which is what mirrors the layout for right-to-left languages.
import en from './en';
import { isLanguage, loadMessages, LANGUAGE_INFO, matchLanguage, type Language } from './languages';
import { createTranslator, type Translator } from './translator';

class Locale {
  tr = $state.raw<Translator>(createTranslator('en', en));
  /** The language being fetched, for the menu to show it is on its way. */
  loading = $state<Language | null>(null);
  #requested: Language = 'en';

  get language(): Language {
    return this.tr.language;
  }

  /** Switches to `language`, fetching its words first; the last request wins if several overlap. */
  async use(language: Language): Promise<void> {
    this.#requested = language;
    if (language === this.tr.language) {
      this.loading = null;
      return;
    }
    this.loading = language;
    const messages = language === 'en' ? en : (await loadMessages[language]()).default;
    if (this.#requested !== language) return;
    this.tr = createTranslator(language, messages);
    this.loading = null;
    const root = document.documentElement;
    root.lang = LANGUAGE_INFO[language].tag;
    root.dir = LANGUAGE_INFO[language].dir;
  }
}

export const locale = new Locale();

/** The language to start in: the one chosen before, else the OS's first one Gramdesk speaks, else English. */
export function initialLanguage(saved: string | null, osLanguages: readonly string[]): Language {
  if (isLanguage(saved)) return saved;
  return matchLanguage(osLanguages) ?? 'en';
}
