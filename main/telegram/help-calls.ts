// The help.* calls the first screen needs, as plain data: the suggested language
// (help.getConfig), the person's country (help.getNearestDc) and the country list with its hash
// (help.getCountriesList). Each takes the gateway's own call runner, so connection handling,
// time-outs and error mapping stay where every other call has them.
import { Api } from 'telegram';
import type { TelegramCountry } from '../../common/telegram-countries';
import type { GatewayResult } from './telegram-gateway';

export type CallRunner = <R>(request: Api.AnyRequest) => Promise<GatewayResult<R>>;

/** help.countriesList as plain data; `notModified` when the server says the list with `hash` still holds. */
export type CountriesAnswer = { notModified: true } | { notModified: false; hash: number; countries: TelegramCountry[] };

export interface HelpCalls {
  suggestedLanguage(): Promise<GatewayResult<string | null>>;
  nearestCountry(): Promise<GatewayResult<string | null>>;
  countries(hash: number, langCode: string): Promise<GatewayResult<CountriesAnswer>>;
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

export function createHelpCalls(call: CallRunner): HelpCalls {
  return {
    async suggestedLanguage() {
      const config = await call<Api.Config>(new Api.help.GetConfig());
      if (!config.ok) return config;
      const code = config.value.suggestedLangCode?.trim().toLowerCase();
      return { ok: true, value: code ? code : null };
    },
    async nearestCountry() {
      const nearest = await call<Api.NearestDc>(new Api.help.GetNearestDc());
      if (!nearest.ok) return nearest;
      const country = nearest.value.country.trim().toUpperCase();
      return { ok: true, value: /^[A-Z]{2}$/.test(country) ? country : null };
    },
    async countries(hash, langCode) {
      const list = await call<Api.help.TypeCountriesList>(new Api.help.GetCountriesList({ langCode, hash }));
      return list.ok ? { ok: true, value: toCountries(list.value) } : list;
    },
  };
}
