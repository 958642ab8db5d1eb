// The phone field's knowledge of countries, from Telegram's list (help.getCountriesList): which
// country a number belongs to, how its national part is grouped as it is typed, and what a pasted
// number in any common form means. Whether the result is a number at all stays the one rule in
// common/input-normalizers.ts (normalizePhone), which the screen applies before sending.
import type { TelegramCountry } from '../../../common/telegram-countries';

export interface CountryMatch {
  country: TelegramCountry;
  /** The calling code matched ('1', '7', '44'). */
  code: string;
  /** The national prefix that picked this country among those sharing the code ('' when none). */
  prefix: string;
  /** How the national number is grouped, 'X' for a digit (null when the list gives none). */
  pattern: string | null;
}

/**
 * The country these digits (calling code first, no '+') dial: the longest calling code plus
 * national prefix that starts them. '1242…' is the Bahamas, '1555…' the USA, '77…' Kazakhstan.
 */
export function countryOf(countries: readonly TelegramCountry[], digits: string): CountryMatch | null {
  let best: CountryMatch | null = null;
  let bestLength = 0;
  for (const country of countries) {
    for (const entry of country.codes) {
      const prefixes = entry.prefixes.length > 0 ? entry.prefixes : [''];
      for (const prefix of prefixes) {
        const start = entry.code + prefix;
        // A number typed so far that is still inside a prefix ('12' of '1242') doesn't pick it yet.
        const length = digits.startsWith(start) ? start.length : 0;
        if (length > bestLength || (length === bestLength && length > 0 && prefix === '' && best?.prefix !== '')) {
          best = { country, code: entry.code, prefix, pattern: entry.patterns[0] ?? null };
          bestLength = length;
        }
      }
    }
  }
  return best;
}

/** The country's main calling code ('1' for the Bahamas: its prefix is part of the national number). */
export function callingCodeOf(country: TelegramCountry): string {
  return country.codes[0]?.code ?? '';
}

/** '9123456789' with 'XXX XXX XX XX' → '912 345 67 89'; digits beyond the pattern follow ungrouped. */
export function groupNational(national: string, pattern: string | null): string {
  if (pattern === null || national === '') return national;
  let out = '';
  let used = 0;
  for (const char of pattern) {
    if (used >= national.length) break;
    if (char === 'X') {
      out += national[used];
      used += 1;
    } else {
      out += char;
    }
  }
  return out + national.slice(used);
}

/** '+7 912 345 67 89' for the digits '79123456789', grouped by the country's pattern. */
export function formatInternational(countries: readonly TelegramCountry[], digits: string): string {
  if (digits === '') return '';
  const match = countryOf(countries, digits);
  if (match === null) return `+${digits}`;
  const national = digits.slice(match.code.length);
  return national === '' ? `+${match.code}` : `+${match.code} ${groupNational(national, match.pattern)}`;
}

// Trunk prefixes dialled before a national number at home: 0 in most of the world, 8 in Russia
// and Kazakhstan (when the number is 8 plus ten digits). Italy keeps its leading 0.
function withoutTrunk(national: string, country: TelegramCountry): string {
  if ((country.iso2 === 'RU' || country.iso2 === 'KZ') && /^8\d{10}$/.test(national)) return national.slice(1);
  if (country.iso2 !== 'IT' && national.startsWith('0')) return national.replace(/^0+/, '');
  return national;
}

/**
 * The number's digits, calling code first, from what the person typed or pasted: '+7 (912)
 * 345-67-89', '0044 20 7946 0958', '+1.555.010.0100' as they are; a national number ('8 912 345
 * 67 89', '(020) 7946 0958') in the chosen country, its trunk prefix dropped.
 */
export function digitsOf(raw: string, chosen: TelegramCountry | null): string {
  const text = raw.trim();
  const digits = text.replace(/\D/g, '');
  if (text.startsWith('+')) return digits;
  if (digits.startsWith('00')) return digits.slice(2);
  if (chosen === null || digits === '') return digits;
  return callingCodeOf(chosen) + withoutTrunk(digits, chosen);
}

/** The flag emoji of an ISO 3166 code ('IR' → 🇮🇷), from the regional indicator letters. */
export function flagOf(iso2: string): string {
  if (!/^[A-Z]{2}$/.test(iso2)) return '';
  return String.fromCodePoint(...[...iso2].map((letter) => 0x1f1e6 + letter.charCodeAt(0) - 65));
}

/** A country's name in a language (Intl.DisplayNames), or Telegram's English name where Intl has none. */
export function countryName(country: TelegramCountry, names: Intl.DisplayNames | null): string {
  try {
    const name = names?.of(country.iso2);
    if (name !== undefined && name !== country.iso2) return name;
  } catch {
    // An ISO code Intl doesn't know (XK): Telegram's name below.
  }
  return country.defaultName;
}

/** Whether a country answers a search: its name in the language or in English, its code, its ISO code. */
export function matchesSearch(country: TelegramCountry, localName: string, query: string): boolean {
  const q = query.trim().toLocaleLowerCase();
  if (q === '') return true;
  const digits = q.replace(/^\+/, '');
  if (/^\d+$/.test(digits)) return country.codes.some((entry) => entry.code.startsWith(digits));
  const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
  const wanted = fold(q);
  return (
    fold(localName).includes(wanted) || fold(country.defaultName).includes(wanted) || country.iso2.toLowerCase() === q
  );
}
