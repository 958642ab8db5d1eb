// The active language as reactive state: screens read `locale.tr` in their markup, so replacing
// it (one $state.raw object) re-renders every sentence without a reload. The <html> element gets
// the language's lang and dir, which is what mirrors the layout for right-to-left languages.
import type { Messages, TextKey } from './dictionary';
import en from './en';
import { isLanguage, loadMessages, LANGUAGE_INFO, matchLanguage, type Language } from './languages';
import { createTranslator, type Translator } from './translator';

// Not reactive state: a cache of fetched chunks, read only through messagesOf.
// eslint-disable-next-line svelte/prefer-svelte-reactivity -- nothing renders from this map
const fetched = new Map<Language, Promise<Messages>>([['en', Promise.resolve(en)]]);

/** A language's words, fetched once (its chunk) and kept. */
function messagesOf(language: Language): Promise<Messages> {
  let messages = fetched.get(language);
  if (messages === undefined) {
    messages = loadMessages[language as Exclude<Language, 'en'>]().then((module) => module.default);
    // A failed fetch may be retried on the next choice.
    messages.catch(() => fetched.delete(language));
    fetched.set(language, messages);
  }
  return messages;
}

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
    let messages: Messages;
    try {
      messages = await messagesOf(language);
    } finally {
      if (this.#requested === language) this.loading = null;
    }
    if (this.#requested !== language) return;
    this.tr = createTranslator(language, messages);
    const root = document.documentElement;
    root.lang = LANGUAGE_INFO[language].tag;
    root.dir = LANGUAGE_INFO[language].dir;
  }
}

export const locale = new Locale();

/** One sentence of another language (the "Continue in …" link is written in the language it offers). */
export async function sentenceIn(language: Language, key: TextKey): Promise<string> {
  return (await messagesOf(language))[key];
}

/** The language to start in: the one chosen before, else the OS's first one Gramdesk speaks, else English. */
export function initialLanguage(saved: string | null, osLanguages: readonly string[]): Language {
  if (isLanguage(saved)) return saved;
  return matchLanguage(osLanguages) ?? 'en';
}
