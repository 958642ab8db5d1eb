// Where Telegram places a client and what it offers for the sign-in screen: help.getNearestDc's
// country, help.getConfig's suggested_lang_code, and help.getCountriesList (countries, calling
// codes, prefixes and number patterns) with its hash: a client that sends the hash of the list it
// has gets help.countriesListNotModified.
import { Api } from 'telegram';
import { TELEGRAM_COUNTRIES } from '../../common/telegram-countries';
import { on, type ApiState, type Handler, type MethodTable } from './api-state';

/** 32-bit FNV-1a over the list as sent, as a signed int (the `hash` field is an int). */
function listHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

const COUNTRIES_HASH = listHash(JSON.stringify(TELEGRAM_COUNTRIES));

function countriesList(): Api.help.CountriesList {
  return new Api.help.CountriesList({
    hash: COUNTRIES_HASH,
    countries: TELEGRAM_COUNTRIES.map(
      (country) =>
        new Api.help.Country({
          iso2: country.iso2,
          defaultName: country.defaultName,
          countryCodes: country.codes.map(
            (code) =>
              new Api.help.CountryCode({
                countryCode: code.code,
                ...(code.prefixes.length > 0 ? { prefixes: code.prefixes } : {}),
                patterns: code.patterns,
              }),
          ),
        }),
    ),
  });
}

/** `base` is the table's own help.getConfig (the DC list), which gets the suggested language added. */
export function helpLocalizationMethods(state: ApiState, base: MethodTable): MethodTable {
  const baseConfig: Handler | undefined = base['help.getConfig'];
  return {
    ...(baseConfig === undefined
      ? {}
      : {
          'help.getConfig': async (request, call) => {
            const config = (await baseConfig(request, call)) as Api.Config;
            const suggested = state.settings.suggestedLangCode || call.ctx.client?.langCode || '';
            if (suggested !== '') config.suggestedLangCode = suggested;
            return config;
          },
        }),
    'help.getNearestDc': on<Api.help.GetNearestDc>(
      (_req, call) => new Api.NearestDc({ country: state.settings.nearestCountry, thisDc: call.ctx.dcId, nearestDc: call.ctx.dcId }),
    ),
    'help.getCountriesList': on<Api.help.GetCountriesList>((req) =>
      req.hash === COUNTRIES_HASH ? new Api.help.CountriesListNotModified() : countriesList(),
    ),
  };
}
