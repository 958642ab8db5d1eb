// The app core as an installed app and its offline demo live with it, against a real Secret
// Service and the real local server in-process: the demo opens signed in after a restart, "Reset
// the demo" starts it fresh, its control API refuses calls without this launch's secret, and the
// first-start choice checks API credentials, keeps them in the keychain, and loads the demo
// server (and trusts its key) only when the demo is chosen.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _serverKeys } from 'telegram/crypto/RSA';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DemoFeed } from '../../common/contract';
import { createAppCore, type AppCore } from '../../main/app-core';
import { startDemoServer } from '../../main/demo/demo-server';
import { loadRsaKeyPair } from '../../server/mtproto/rsa-key';
import { noKeychainReason } from '../support/secret-service';

const DEMO_SERVICE = 'Gramdesk (test demo)';
const CONNECTION_SERVICE = 'Gramdesk (test connection)';
const PRODUCTION_SERVICE = 'Gramdesk (test production)';

interface Keytar {
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
  getPassword(service: string, account: string): Promise<string | null>;
  deletePassword(service: string, account: string): Promise<boolean>;
}
const keytar = () => createRequire(import.meta.url)('keytar') as Keytar;

async function clear(): Promise<void> {
  for (const service of [DEMO_SERVICE, CONNECTION_SERVICE, PRODUCTION_SERVICE]) {
    for (const item of await keytar().findCredentials(service)) await keytar().deletePassword(service, item.account);
  }
}

let dataDir = '';
let cores: AppCore[] = [];

async function core(options: Parameters<typeof createAppCore>[0] = {}): Promise<AppCore> {
  // Settings of its own too, so the test never reads or writes the person's.
  const c = await createAppCore({ env: {}, dataDir, settingsFile: join(dataDir, 'settings.json'), settingsDir: dataDir, ...options });
  cores.push(c);
  await c.started;
  return c;
}

async function dispose(c: AppCore): Promise<void> {
  await c.dispose();
  cores = cores.filter((x) => x !== c);
}

/** The next message the demo delivers, from the pushed feed (as the window sees it). */
function nextDelivery(c: AppCore): Promise<DemoFeed['messages'][number]> {
  const lastId = c.getDemoFeed().messages.at(-1)?.id ?? 0;
  return new Promise((resolve) => {
    const stop = c.onPush((message) => {
      if (message.channel !== 'demoFeed') return;
      const newest = message.payload.messages.at(-1);
      if (newest !== undefined && newest.id > lastId) {
        stop();
        resolve(newest);
      }
    });
  });
}

async function signInAda(c: AppCore): Promise<void> {
  const delivered = nextDelivery(c);
  expect(await c.route('submitPhone', { phone: '+15550100' })).toEqual({ ok: true, value: null });
  const message = await delivered;
  expect(await c.route('submitCode', { code: message.code })).toEqual({ ok: true, value: null });
  expect(c.getState()).toMatchObject({ step: 'signed_in', user: { firstName: 'Ada' } });
}

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gramdesk-data-'));
  if (noKeychainReason === null) await clear();
});
afterEach(async () => {
  await Promise.allSettled(cores.map((c) => c.dispose()));
  cores = [];
  rmSync(dataDir, { recursive: true, force: true });
  if (noKeychainReason === null) await clear();
});

describe.skipIf(noKeychainReason !== null)(`the demo remembers${noKeychainReason ? ` (skipped: ${noKeychainReason})` : ''}`, () => {
  it('signed in, stopped, started again: signed in, on the same session', async () => {
    const first = await core({ keychainService: DEMO_SERVICE });
    await signInAda(first);
    await dispose(first);

    const second = await core({ keychainService: DEMO_SERVICE });
    expect(second.getState()).toMatchObject({ step: 'signed_in', user: { firstName: 'Ada' } });
    // The code delivered before the restart is still among the window's messages.
    expect(second.getDemoFeed().messages.map((m) => m.phone)).toContain('+15550100');
  });

  it('Reset the demo: back to the phone step, the demo keychain items gone, no messages; a restart stays fresh', async () => {
    const first = await core({ keychainService: DEMO_SERVICE });
    await signInAda(first);
    // The keychain writes of the sign-in have landed before the keychain is read from outside.
    await first.idle();
    expect((await keytar().findCredentials(DEMO_SERVICE)).length).toBeGreaterThan(0);
    expect(await first.route('resetDemo', {})).toEqual({ ok: true, value: null });
    await first.idle();
    expect(first.getState()).toMatchObject({ step: 'phone' });
    expect(first.getDemoFeed()).toEqual({ messages: [], worldNotice: null });
    expect(await keytar().findCredentials(DEMO_SERVICE)).toEqual([]);
    await dispose(first);
    const second = await core({ keychainService: DEMO_SERVICE });
    expect(second.getState()).toMatchObject({ step: 'phone' });
  });

  it('Reset the demo forgets the future auth tokens of the numbers that logged out too', async () => {
    const first = await core({ keychainService: DEMO_SERVICE });
    await signInAda(first);
    expect(await first.route('logOut', {})).toEqual({ ok: true, value: null });
    await first.idle();
    const names = (await keytar().findCredentials(DEMO_SERVICE)).map((c) => c.account);
    expect(names).toContain('gramdesk-future-auth-tokens#15550100');
    expect(await first.route('resetDemo', {})).toEqual({ ok: true, value: null });
    await first.idle();
    expect(await keytar().findCredentials(DEMO_SERVICE)).toEqual([]);
  });
});

describe('the first-start choice without a keychain', () => {
  it('valid credentials are used for this run, said not to be remembered, and asked for again at the next start', async () => {
    const installed = { env: { GRAMDESK_KEYCHAIN: 'off' }, offerConnectionChoice: true, connectionService: CONNECTION_SERVICE, keychainService: PRODUCTION_SERVICE };
    const c = await core(installed);
    expect(await c.getEnvironment()).toMatchObject({ mode: 'setup', keychain: { available: false } });
    const answer = await c.route('submitApiCredentials', { apiId: '12345', apiHash: '0123456789abcdef0123456789abcdef' });
    expect(answer).toEqual({ ok: true, value: { accepted: true, remembered: false } });
    expect(c.mode).toBe('production');
    await dispose(c);
    expect((await core(installed)).mode).toBe('setup');
  });
});

describe('the demo server the app starts', () => {
  it('has a control API that refuses a call without this launch\'s secret', async () => {
    const demo = await startDemoServer({ dataDir });
    try {
      const refused = await fetch(`${demo.info.controlUrl}/inbox/15550100`);
      expect(refused.status).toBe(403);
      const wrong = await fetch(`${demo.info.controlUrl}/users`, { headers: { authorization: 'Bearer guessed' } });
      expect(wrong.status).toBe(403);
    } finally {
      await demo.stop();
    }
  });

  it('says so in the feed when its saved world was damaged and set aside', async () => {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dataDir, 'demo-world.json'), '{ not json');
    const demo = await startDemoServer({ dataDir });
    try {
      expect(demo.feed().worldNotice).toMatchObject({ problem: 'corrupt', file: join(dataDir, 'demo-world.json') });
      expect(demo.feed().worldNotice?.setAsideTo).toMatch(/demo-world\.json\.corrupt-/);
    } finally {
      await demo.stop();
    }
  });
});

describe.skipIf(noKeychainReason !== null)(`the first-start choice of an installed app${noKeychainReason ? ` (skipped: ${noKeychainReason})` : ''}`, () => {
  const installed = { offerConnectionChoice: true, connectionService: CONNECTION_SERVICE, keychainService: PRODUCTION_SERVICE };
  const demoKey = loadRsaKeyPair().fingerprint.toString();

  it('offers the choice, and the demo server and its key are not loaded until the demo is chosen', async () => {
    _serverKeys.delete(demoKey);
    const c = await core(installed);
    expect(c.mode).toBe('setup');
    expect(await c.getEnvironment()).toEqual({ mode: 'setup', keychain: { available: true }, language: null, problem: null });
    expect(c.getState()).toEqual({ step: 'starting' });
    expect(_serverKeys.has(demoKey)).toBe(false);
    // Nothing of the sign-in flow runs before a choice.
    expect(await c.route('submitPhone', { phone: '+15550100' })).toEqual({ ok: false, error: 'NOT_NOW' });
    expect(await c.route('resetDemo', {})).toEqual({ ok: false, error: 'NOT_NOW' });

    expect(await c.route('chooseDemo', {})).toEqual({ ok: true, value: null });
    expect(c.mode).toBe('demo');
    expect(await c.getEnvironment()).toMatchObject({ mode: 'demo', inAppCodes: true, canChangeConnection: true });
    expect(_serverKeys.has(demoKey)).toBe(true);
    expect(c.getState()).toMatchObject({ step: 'phone' });
    // Remembered: the next start opens the demo without asking.
    await dispose(c);
    const again = await core(installed);
    expect(again.mode).toBe('demo');
  });

  it.each([
    [{ apiId: '', apiHash: '' }, { apiId: 'EMPTY', apiHash: 'EMPTY' }],
    [{ apiId: 'abc', apiHash: '0123456789abcdef0123456789abcdef' }, { apiId: 'NOT_A_NUMBER', apiHash: null }],
    [{ apiId: '0', apiHash: '0123456789abcdef0123456789abcdef' }, { apiId: 'OUT_OF_RANGE', apiHash: null }],
    [{ apiId: '99999999999', apiHash: '0123456789abcdef0123456789abcdef' }, { apiId: 'OUT_OF_RANGE', apiHash: null }],
    [{ apiId: '12345', apiHash: '0123456789abcdef' }, { apiId: null, apiHash: 'WRONG_LENGTH' }],
    [{ apiId: '12345', apiHash: 'zz23456789abcdef0123456789abcdef' }, { apiId: null, apiHash: 'NOT_HEX' }],
  ])('credentials %j are refused with what is wrong with each, and nothing is stored', async (given, problems) => {
    const c = await core(installed);
    expect(await c.route('submitApiCredentials', given)).toEqual({ ok: true, value: { accepted: false, ...problems } });
    expect(c.mode).toBe('setup');
    expect(await keytar().findCredentials(CONNECTION_SERVICE)).toEqual([]);
  });

  it('valid credentials: kept in the keychain, production mode now and at the next start, changeable later', async () => {
    _serverKeys.delete(demoKey);
    const c = await core(installed);
    const answer = await c.route('submitApiCredentials', { apiId: ' 12345 ', apiHash: '0123456789ABCDEF0123456789abcdef' });
    expect(answer).toEqual({ ok: true, value: { accepted: true, remembered: true } });
    expect(c.mode).toBe('production');
    expect(await c.getEnvironment()).toEqual({ mode: 'production', keychain: { available: true }, language: null, canChangeConnection: true });
    expect(c.getState()).toMatchObject({ step: 'phone' });
    expect(_serverKeys.has(demoKey)).toBe(false);
    const items = await keytar().findCredentials(CONNECTION_SERVICE);
    expect(items.map((i) => i.account)).toEqual(['gramdesk-connection']);
    expect(JSON.parse(items[0]!.password)).toEqual({ choice: 'own', apiId: 12345, apiHash: '0123456789abcdef0123456789abcdef' });
    await dispose(c);

    const again = await core(installed);
    expect(again.mode).toBe('production');
    // Changeable later: back to the choice screen, then the demo instead.
    expect(await again.route('changeConnection', {})).toEqual({ ok: true, value: null });
    expect(again.mode).toBe('setup');
    expect(again.getState()).toEqual({ step: 'starting' });
    expect(await again.route('chooseDemo', {})).toEqual({ ok: true, value: null });
    expect(again.mode).toBe('demo');
    expect(JSON.parse((await keytar().getPassword(CONNECTION_SERVICE, 'gramdesk-connection'))!)).toEqual({ choice: 'demo' });
  });

  it('stored credentials that no longer pass the rule: the choice again, saying why', async () => {
    const { createConnectionChoiceStore } = await import('../../main/setup/connection-choice');
    const store = createConnectionChoiceStore({ service: CONNECTION_SERVICE });
    await store.vault.setItem('connection', JSON.stringify({ choice: 'own', apiId: 12345, apiHash: 'short' }));
    const c = await core(installed);
    expect(await c.getEnvironment()).toMatchObject({ mode: 'setup', problem: 'STORED_CREDENTIALS_INVALID' });
  });

  it('a run from source (no choice offered) goes straight to the demo, as npm start always did', async () => {
    const c = await core({ keychainService: DEMO_SERVICE });
    expect(c.mode).toBe('demo');
    expect(await c.route('chooseDemo', {})).toEqual({ ok: false, error: 'NOT_NOW' });
    expect(await c.route('changeConnection', {})).toEqual({ ok: false, error: 'NOT_NOW' });
    expect((await c.getEnvironment()) as object).not.toHaveProperty('canChangeConnection');
  });
});
