// The first screen's hints from Telegram, end to end: real gramjs over TCP to the local server's
// help.getConfig (suggested_lang_code), help.getNearestDc (country) and help.getCountriesList
// (with its hash), through main's cache beside the settings file; and the language choice that
// survives a restart in that file.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import { createAppSettingsStore } from '../../main/settings/app-settings';
import { createSignInHints } from '../../main/settings/sign-in-hints';
import { connectLocalTarget } from '../../main/telegram/local-target';
import { createGramjsGateway, type GramjsTarget } from '../../main/telegram/gramjs-gateway';
import type { TelegramGateway } from '../../main/telegram/telegram-gateway';
import { TELEGRAM_COUNTRIES } from '../../common/telegram-countries';

let server: LocalServer;
let target: GramjsTarget;
let folder: string;
const gateways: TelegramGateway[] = [];

function gateway(): TelegramGateway {
  const g = createGramjsGateway({ target, callTimeoutMs: 5_000 });
  gateways.push(g);
  return g;
}

const countriesCalls = () => server.log().filter((entry) => entry.method === 'help.getCountriesList');

beforeAll(async () => {
  server = await startLocalServer({ port: 'auto' });
  const info = { dcs: server.dcs, rsaPublicKey: server.rsaPublicKey, controlUrl: server.controlUrl, demoUsers: [] };
  target = { apiId: 2_040_000, apiHash: 'gramdesk-test', ...(await connectLocalTarget(info)) };
});

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'gramdesk-settings-'));
  server.settings.set({ nearestCountry: 'US', suggestedLangCode: '' });
});

afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.connection.dispose()));
  await rm(folder, { recursive: true, force: true });
});

afterAll(async () => {
  await server.stop();
});

describe('sign-in hints', () => {
  it('carry the server\'s suggested language, its country for this client and the whole country list', async () => {
    server.settings.set({ nearestCountry: 'IR', suggestedLangCode: 'fa' });
    const hints = await createSignInHints(gateway().help, folder).get();
    expect(hints.suggestedLanguage).toBe('fa');
    expect(hints.nearestCountry).toBe('IR');
    expect(hints.countries).toHaveLength(TELEGRAM_COUNTRIES.length);
    expect(hints.countries.find((c) => c.iso2 === 'BS')?.codes).toEqual([{ code: '1', prefixes: ['242'], patterns: ['XXX XXX XXXX'] }]);
    expect(hints.countries.find((c) => c.iso2 === 'RU')?.codes).toEqual([{ code: '7', prefixes: [], patterns: ['XXX XXX XXXX'] }]);
  });

  it('without a setting, suggest the language the client said it speaks', async () => {
    const hints = await createSignInHints(gateway().help, folder).get();
    expect(hints.suggestedLanguage).toBe('en');
  });

  it('ask again with the cached list\'s hash and get "not modified", keeping the cached list', async () => {
    await createSignInHints(gateway().help, folder).get();
    const cached = JSON.parse(await readFile(join(folder, 'countries.json'), 'utf8')) as { hash: number };
    expect(cached.hash).not.toBe(0);
    const before = countriesCalls().length;

    // A new run: nothing in memory, the file on disk.
    const again = await createSignInHints(gateway().help, folder).get();
    expect(countriesCalls().length).toBe(before + 1);
    expect(countriesCalls().at(-1)?.result).toBe('help.CountriesListNotModified');
    expect(again.countries).toHaveLength(TELEGRAM_COUNTRIES.length);
  });

  it('fall back on the bundled list when the server can\'t be asked, and say nothing they don\'t know', async () => {
    server.faults.add({ method: 'help.getCountriesList', error: 'INTERNAL_SERVER_ERROR', times: 1 });
    server.faults.add({ method: 'help.getNearestDc', error: 'INTERNAL_SERVER_ERROR', times: 1 });
    const hints = await createSignInHints(gateway().help, folder).get();
    expect(hints.nearestCountry).toBeNull();
    expect(hints.countries.map((c) => c.iso2)).toEqual(TELEGRAM_COUNTRIES.map((c) => c.iso2));
  });

  it('ignore a damaged cache file', async () => {
    await writeFile(join(folder, 'countries.json'), '{"hash": 5, "countries": [{"iso2": 1}]}');
    const hints = await createSignInHints(gateway().help, folder).get();
    expect(hints.countries).toHaveLength(TELEGRAM_COUNTRIES.length);
    expect(countriesCalls().at(-1)?.result).toBe('help.CountriesList');
  });
});

describe('the settings file', () => {
  it('remembers the language across stores (a restart), and a damaged file counts as no choice', async () => {
    const file = join(folder, 'nested', 'settings.json');
    await createAppSettingsStore(file).update({ language: 'fa' });
    expect(await createAppSettingsStore(file).read()).toEqual({ language: 'fa' });
    await writeFile(file, '{ not json');
    expect(await createAppSettingsStore(file).read()).toEqual({});
    await writeFile(file, JSON.stringify({ language: '../../x' }));
    expect(await createAppSettingsStore(file).read()).toEqual({});
  });
});
