// Every language Gramdesk offers says everything English says, in both parts of its words (the
// start's and the rare screens'): the same keys, the same placeholders in every sentence and
// plural form, the plural forms its own rules need, and numbers and countdowns in its own digits.
// A language file that drifts fails here by name.
import { describe, expect, it } from 'vitest';
import type { Messages, PluralForms, RareScreenMessages } from '../../renderer/src/i18n/dictionary';
import en from '../../renderer/src/i18n/en';
import rareScreensEn from '../../renderer/src/i18n/rare-screens/en';
import { formatCountdown } from '../../renderer/src/i18n/format';
import {
  LANGUAGE_INFO,
  LANGUAGES,
  loadMessages,
  loadRareScreenMessages,
  matchLanguage,
  type Language,
} from '../../renderer/src/i18n/languages';
import { deliveryMessage, flowErrorMessage } from '../../renderer/src/i18n/messages';
import { createTranslator } from '../../renderer/src/i18n/translator';

const others = LANGUAGES.filter((language): language is Exclude<Language, 'en'> => language !== 'en');

async function load(language: Exclude<Language, 'en'>): Promise<Messages> {
  return (await loadMessages[language]()).default;
}

async function loadRare(language: Language): Promise<RareScreenMessages> {
  return (await loadRareScreenMessages[language]()).default;
}

type Words = Record<string, string | PluralForms>;

/** Each part of a language's words, with the English it must match. */
const parts: Array<{ part: string; english: Words; load: (language: Exclude<Language, 'en'>) => Promise<Words> }> = [
  { part: 'the start\'s words', english: en, load },
  { part: 'the rare screens\' words', english: rareScreensEn, load: loadRare },
];

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!))].sort();
}

function forms(value: string | PluralForms): string[] {
  return typeof value === 'string' ? [value] : Object.values(value).filter((form): form is string => form !== undefined);
}

/** Where `candidate` differs from English: missing and extra keys, dropped or invented placeholders. */
export function differences(candidate: Record<string, unknown>, tag: string, english: Words = en): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(english)) {
    if (!(key in candidate)) problems.push(`missing key ${key}`);
  }
  for (const [key, value] of Object.entries(candidate)) {
    const reference = english[key];
    if (reference === undefined) {
      problems.push(`extra key ${key}`);
      continue;
    }
    if (typeof reference !== typeof value) {
      problems.push(`${key}: ${typeof reference === 'string' ? 'a sentence' : 'plural forms'} expected`);
      continue;
    }
    const wanted = placeholders(forms(reference).join(' '));
    const own = forms(value as string | PluralForms);
    // Each form may leave {count} out (Russian "одна цифра"), but nothing else; together they keep all.
    if (placeholders(own.join(' ')).join() !== wanted.join()) {
      problems.push(`${key}: placeholders ${placeholders(own.join(' ')).join(',')} instead of ${wanted.join(',')}`);
    }
    for (const form of own) {
      const stray = placeholders(form).filter((name) => !wanted.includes(name));
      if (stray.length > 0) problems.push(`${key}: unknown placeholder ${stray.join(',')}`);
    }
    if (typeof value === 'object' && value !== null) {
      for (const category of new Intl.PluralRules(tag).resolvedOptions().pluralCategories) {
        if (category !== 'other' && category !== 'many' && !(category in value)) {
          problems.push(`${key}: no "${category}" form`);
        }
      }
    }
  }
  return problems;
}

describe.each(others)('%s', (language) => {
  it.each(parts)('$part: every key English has, no other, with the same placeholders and its plural forms', async ({ english, load }) => {
    expect(differences(await load(language), LANGUAGE_INFO[language].tag, english)).toEqual([]);
  });

  it.each(parts)('$part: really translated, no sentence longer than a name left in English', async ({ english, load }) => {
    const messages = await load(language);
    const untranslated = Object.entries(messages).filter(([key, value]) => {
      return typeof value === 'string' && value === english[key] && value.length > 12;
    });
    expect(untranslated.map(([key]) => key)).toEqual([]);
  });

  it('names itself in the "Continue in" link', async () => {
    const messages = await load(language);
    expect(messages['app.continueIn']).not.toBe(en['app.continueIn']);
  });
});

describe('the check itself', () => {
  it('catches a missing key, an extra key and a dropped placeholder', () => {
    const broken: Record<string, unknown> = { ...en, 'phone.extra': 'x', 'delivery.sms': 'We sent the code by SMS.' };
    delete broken['phone.title'];
    expect(differences(broken, 'en')).toEqual([
      'missing key phone.title',
      'delivery.sms: placeholders  instead of phone',
      'extra key phone.extra',
    ]);
  });

  it('checks the rare screens\' words against their own English', async () => {
    const broken: Record<string, unknown> = { ...(await loadRare('ru')), 'proxy.systemIs': 'В системе задан прокси.' };
    delete broken['setup.title'];
    expect(differences(broken, 'ru', rareScreensEn)).toEqual([
      'missing key setup.title',
      'proxy.systemIs: placeholders  instead of proxy',
    ]);
  });

  it('catches a plural without a form the language needs', () => {
    const broken = { ...en, 'signUp.age': { other: 'Мне {count} лет' } };
    const problems = differences(broken, 'ru').filter((problem) => problem.startsWith('signUp.age'));
    expect(problems.sort()).toEqual(['signUp.age: no "few" form', 'signUp.age: no "one" form']);
  });
});

describe('plurals, numbers and countdowns per language', () => {
  it('chooses the Russian form by the count', async () => {
    const tr = createTranslator('ru', await load('ru'));
    expect(tr.n('code.field.digits', 1)).toBe('Код из 1 цифры');
    expect(tr.n('signUp.age', 21)).toBe('Мне исполнился 21 год');
    expect(tr.n('signUp.age', 3)).toBe('Мне исполнилось 3 года');
    expect(tr.n('signUp.age', 16)).toBe('Мне исполнилось 16 лет');
  });

  it('writes Persian digits and keeps phone numbers left-to-right inside a sentence', async () => {
    const tr = createTranslator('fa', await load('fa'));
    expect(tr.countdown(75_000)).toBe('۱:۱۵');
    expect(flowErrorMessage(tr, 'CODE_FORMAT', { codeLength: 5 })).toContain('۵');
    const sentence = deliveryMessage(tr, { kind: 'sms' }, '+989121234567', 5);
    expect(sentence).toContain('\u2066+98 912 123 4567\u2069');
  });

  it('keeps a proxy\'s address left-to-right inside a Persian rare-screen sentence', async () => {
    const tr = createTranslator('fa', { ...(await load('fa')), ...(await loadRare('fa')) });
    expect(tr.t('proxy.systemIs', { proxy: tr.ltr('SOCKS5 127.0.0.1:1080') })).toBe('سیستم \u2066SOCKS5 127.0.0.1:1080\u2069 را تعیین کرده است.');
    expect(tr.t('proxy.latency', { ms: tr.number(42) })).toBe('۴۲ میلی‌ثانیه');
  });

  it('leaves English sentences free of direction marks', () => {
    const tr = createTranslator('en', en);
    expect(deliveryMessage(tr, { kind: 'sms' }, '+15550100', 5)).toBe('We sent the code by SMS to +1 555 0100.');
    expect(formatCountdown(3_723_000, 'en')).toBe('1:02:03');
  });
});

describe('which language a tag finds', () => {
  it('matches regional tags and Telegram\'s own codes, first match wins', () => {
    expect(matchLanguage(['pt-BR'])).toBe('pt-br');
    expect(matchLanguage(['pt'])).toBe('pt-br');
    expect(matchLanguage(['fa-IR', 'en'])).toBe('fa');
    expect(matchLanguage(['de-DE', 'es-419', 'en'])).toBe('es');
    expect(matchLanguage(['ru_RU'])).toBe('ru');
    expect(matchLanguage(['de', 'ja'])).toBeNull();
  });
});
