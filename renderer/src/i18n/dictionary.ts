// The shape of a language file, derived from English so a key is written once: every other
// language is typed `Messages`, which makes a missing or an extra key a compile error (and
// test/renderer/i18n-languages.test.ts checks the same at run time, with the placeholders).
// A language has two parts: the words the app starts with (`en.ts`), and those of the rarely
// shown screens (`rare-screens/en.ts`), fetched with those screens.
import type en from './en';
import type rareScreensEn from './rare-screens/en';

/** Plural forms as Intl.PluralRules names them; `other` is the one every language has. */
export interface PluralForms {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

type Shaped<T> = { [K in keyof T]: T[K] extends string ? string : PluralForms };

export type Messages = Shaped<typeof en>;
export type RareScreenMessages = Shaped<typeof rareScreensEn>;

type English = typeof en & typeof rareScreensEn;

/** Keys whose value is one sentence. */
export type TextKey = { [K in keyof English]: English[K] extends string ? K : never }[keyof English];
/** Keys whose value depends on a count. */
export type PluralKey = Exclude<keyof English, TextKey>;

/** The words a translator has: the start's part always, the rare screens' once fetched. */
export type LoadedMessages = Messages & Partial<RareScreenMessages>;

export type Params = Record<string, string | number>;
