// getSignInHints: Telegram's suggested language, the country it places the person in, and the
// country list for the phone field. The list is cached beside the settings file with its hash,
// so the next start asks with that hash and gets "not modified"; when the server can't be asked
// at all, the cached list (or, before any, the one bundled with the app) is the answer. Nothing
// here ever fails the call: each part falls back on its own.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import type { SignInHints } from '../../common/contract';
import { TELEGRAM_COUNTRIES, type TelegramCountry } from '../../common/telegram-countries';
import type { SignInHelpCalls } from '../telegram/help-calls';

const CachedList = v.object({
  hash: v.number(),
  countries: v.array(
    v.object({
      iso2: v.string(),
      defaultName: v.string(),
      codes: v.array(v.object({ code: v.string(), prefixes: v.array(v.string()), patterns: v.array(v.string()) })),
    }),
  ),
});

type Cached = v.InferOutput<typeof CachedList>;

export interface SignInHintsSource {
  get(): Promise<SignInHints>;
}

export function createSignInHints(help: SignInHelpCalls, cacheFolder: string): SignInHintsSource {
  const cacheFile = join(cacheFolder, 'countries.json');
  let memory: Cached | null = null;

  async function cached(): Promise<Cached | null> {
    if (memory !== null) return memory;
    try {
      const parsed = v.safeParse(CachedList, JSON.parse(await readFile(cacheFile, 'utf8')));
      memory = parsed.success ? parsed.output : null;
    } catch {
      memory = null;
    }
    return memory;
  }

  async function store(list: Cached): Promise<void> {
    memory = list;
    try {
      await mkdir(cacheFolder, { recursive: true });
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(list));
      await rename(temporary, cacheFile);
    } catch {
      // A cache that can't be written only costs the next start a full list.
    }
  }

  async function countries(): Promise<TelegramCountry[]> {
    const known = await cached();
    // English names: the renderer names countries in the person's language itself (Intl.DisplayNames).
    const answer = await help.countries({ hash: known?.hash ?? 0, langCode: 'en' });
    if (!answer.ok) return known?.countries ?? [...TELEGRAM_COUNTRIES];
    if (answer.value.notModified) return known?.countries ?? [...TELEGRAM_COUNTRIES];
    if (answer.value.countries.length === 0) return known?.countries ?? [...TELEGRAM_COUNTRIES];
    await store({ hash: answer.value.hash, countries: answer.value.countries });
    return answer.value.countries;
  }

  return {
    async get() {
      // One after the other: the first call opens the connection the others reuse.
      const suggested = await help.suggestedLanguage();
      const nearest = await help.nearestCountry();
      return {
        suggestedLanguage: suggested.ok ? suggested.value : null,
        nearestCountry: nearest.ok ? nearest.value : null,
        countries: await countries(),
      };
    },
  };
}
