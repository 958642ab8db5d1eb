// The active language as reactive state: screens read `locale.tr` in their markup, so replacing
// it (one $state.raw object) re-renders every sentence without a reload. The <html> element gets
// the language's lang and dir, which is what mirrors the layout for right-to-left languages.
import type { LoadedMessages, Messages, RareScreenMessages, TextKey } from './dictionary';
import en from './en';
import { isLanguage, loadMessages, loadRareScreenMessages, LANGUAGE_INFO, matchLanguage, type Language } from './languages';
import { createTranslator, type Translator } from './translator';

// Not reactive state: caches of fetched chunks, read only through fetchOnce.
const fetched = new Map<Language, Promise<Messages>>([['en', Promise.resolve(en)]]);
const fetchedRare = new Map<Language, Promise<RareScreenMessages>>();

/** A chunk's words, fetched once and kept; a failed fetch may be retried on the next ask. */
function fetchOnce<T>(cache: Map<Language, Promise<T>>, language: Language, load: () => Promise<{ default: T }>): Promise<T> {
  let messages = cache.get(language);
  if (messages === undefined) {
    messages = load().then((module) => module.default);
    messages.catch(() => cache.delete(language));
    cache.set(language, messages);
  }
  return messages;
}

function messagesOf(language: Language): Promise<Messages> {
  return fetchOnce(fetched, language, () => loadMessages[language as Exclude<Language, 'en'>]());
}

function rareScreenMessagesOf(language: Language): Promise<RareScreenMessages> {
  return fetchOnce(fetchedRare, language, loadRareScreenMessages[language]);
}

class Locale {
  tr = $state.raw<Translator>(createTranslator('en', en));
  /** The language being fetched, for the menu to show it is on its way. */
  loading = $state<Language | null>(null);
  #requested: Language = 'en';
  // Plain fields, not state: a screen's {#await} that asks for the rare words must not re-run
  // (and remount the screen) when the language changes.
  #shown: Language = 'en';
  #rareWanted = false;
  #rareShown = false;

  get language(): Language {
    return this.tr.language;
  }

  /** Switches to `language`, fetching its words first; the last request wins if several overlap. */
  async use(language: Language): Promise<void> {
    this.#requested = language;
    if (language === this.#shown) {
      this.loading = null;
      return;
    }
    this.loading = language;
    let messages: LoadedMessages;
    let withRare = false;
    try {
      const early = this.#rareWanted ? rareScreenMessagesOf(language) : null;
      const main = await messagesOf(language);
      // A rare screen may have opened while the main words were on their way.
      const rare = this.#rareWanted ? await (early ?? rareScreenMessagesOf(language)) : null;
      messages = rare === null ? main : { ...main, ...rare };
      withRare = rare !== null;
    } finally {
      if (this.#requested === language) this.loading = null;
    }
    if (this.#requested !== language) return;
    this.#show(language, messages, withRare);
  }

  /**
   * The words of the rarely shown screens, in the active language (and in every language chosen
   * from now on): a screen of theirs renders once this settles.
   */
  async loadRareScreens(): Promise<void> {
    this.#rareWanted = true;
    if (this.#rareShown) return;
    const language = this.#shown;
    const [main, rare] = await Promise.all([messagesOf(language), rareScreenMessagesOf(language)]);
    // A switch that landed meanwhile brought its own rare words.
    if (this.#shown === language && !this.#rareShown) this.#show(language, { ...main, ...rare }, true);
  }

  #show(language: Language, messages: LoadedMessages, withRare: boolean): void {
    this.#shown = language;
    this.#rareShown = withRare;
    this.tr = createTranslator(language, messages);
    const root = document.documentElement;
    root.lang = LANGUAGE_INFO[language].tag;
    root.dir = LANGUAGE_INFO[language].dir;
  }
}

export const locale = new Locale();

/** One sentence of another language (the "Continue in …" link is written in the language it offers). */
export async function sentenceIn(language: Language, key: TextKey & keyof Messages): Promise<string> {
  return (await messagesOf(language))[key];
}

/** The language to start in: the one chosen before, else the OS's first one Gramdesk speaks, else English. */
export function initialLanguage(saved: string | null, osLanguages: readonly string[]): Language {
  if (isLanguage(saved)) return saved;
  return matchLanguage(osLanguages) ?? 'en';
}
