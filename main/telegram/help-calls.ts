// The help.* calls the first screen needs, as plain data: the suggested language
// (help.getConfig), the person's country (help.getNearestDc) and the country list with its hash
// (help.getCountriesList). They run on the gateway's own connection, so reconnects, time-outs and
// error mapping are those of every other call.
import { Api } from 'telegram';
import type { TelegramCountry } from '../../common/telegram-countries';
import type { GramjsConnection } from './gramjs-connection';
import type { GatewayResult } from './telegram-gateway';

/** help.countriesList as plain data; `notModified` when the list with the hash sent still holds. */
export type CountriesAnswer = { notModified: true } | { notModified: false; hash: number; countries: TelegramCountry[] };

export interface SignInHelpCalls {
  /** help.getConfig's suggested_lang_code (lower case), or null when it suggests none. */
  suggestedLanguage(): Promise<GatewayResult<string | null>>;
  /** help.getNearestDc's country (ISO 3166 alpha-2), or null when it names none. */
  nearestCountry(): Promise<GatewayResult<string | null>>;
  /** help.getCountriesList with the hash of the list held (0: none). */
  countries(p: { hash: number; langCode: string }): Promise<GatewayResult<CountriesAnswer>>;
}

export function toCountries(list: Api.help.TypeCountriesList): CountriesAnswer {
  if (list instanceof Api.help.CountriesListNotModified) return { notModified: true };
  return {
    notModified: false,
    hash: list.hash,
    countries: list.countries
      .filter((country) => !country.hidden)
      .map((country) => ({
        iso2: country.iso2,
        defaultName: country.defaultName,
        codes: country.countryCodes.map((code) => ({
          code: code.countryCode,
          prefixes: code.prefixes ?? [],
          patterns: code.patterns ?? [],
        })),
      })),
  };
}

export function signInHelpCalls(conn: GramjsConnection): SignInHelpCalls {
  return {
    async suggestedLanguage() {
      const r = await conn.call<Api.Config>(new Api.help.GetConfig());
      if (!r.ok) return { ok: false, error: r.error };
      const code = r.value.suggestedLangCode?.trim().toLowerCase();
      return { ok: true, value: code ? code : null };
    },
    async nearestCountry() {
      const r = await conn.call<Api.NearestDc>(new Api.help.GetNearestDc());
      if (!r.ok) return { ok: false, error: r.error };
      const country = r.value.country.trim().toUpperCase();
      return { ok: true, value: /^[A-Z]{2}$/.test(country) ? country : null };
    },
    async countries({ hash, langCode }) {
      const r = await conn.call<Api.help.TypeCountriesList>(new Api.help.GetCountriesList({ langCode, hash }));
      return r.ok ? { ok: true, value: toCountries(r.value) } : { ok: false, error: r.error };
    },
  };
}
