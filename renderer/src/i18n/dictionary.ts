// The shape of a language file, derived from English so a key is written once: every other
// language is typed `Messages`, which makes a missing or an extra key a compile error (and
// test/renderer/i18n-languages.test.ts checks the same at run time, with the placeholders).
import type en from './en';

/** Plural forms as Intl.PluralRules names them; `other` is the one every language has. */
export interface PluralForms {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

type English = typeof en;

export type Messages = { [K in keyof English]: English[K] extends string ? string : PluralForms };

/** Keys whose value is one sentence. */
export type TextKey = { [K in keyof English]: English[K] extends string ? K : never }[keyof English];
/** Keys whose value depends on a count. */
export type PluralKey = Exclude<keyof English, TextKey>;

export type Params = Record<string, string | number>;
