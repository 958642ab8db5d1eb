// createAppCore's choice of target, as the person (and an attacker on the config) would see it:
// production credentials never touch the local server or its key; the demo shows its users and
// where their codes appear; bad configuration is one clear message.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _serverKeys } from 'telegram/crypto/RSA';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFeed } from '../../common/contract';
import { AppConfigError, createAppCore } from '../../main/app-core';
import { startLocalServer, type LocalServer } from '../../server/local-server';

let server: LocalServer;
/** The settings files of these cores: never the person's own. */
let settingsFolder: string;
beforeAll(async () => {
  server = await startLocalServer({ port: 'auto' });
  settingsFolder = await mkdtemp(join(tmpdir(), 'gramdesk-app-core-'));
});
afterAll(async () => {
  await server?.stop();
  await rm(settingsFolder, { recursive: true, force: true });
});

describe('app core: where it connects', () => {
  it('production credentials: production mode, and the local server key is not trusted', async () => {
    const localKey = server.rsaFingerprint.toString();
    _serverKeys.delete(localKey);
    const core = await createAppCore({
      env: { TELEGRAM_API_ID: '12345', TELEGRAM_API_HASH: '0123456789abcdef0123456789abcdef', GRAMDESK_KEYCHAIN: 'off' },
      settingsFile: join(settingsFolder, 'production.json'),
    });
    try {
      await core.started;
      expect(core.mode).toBe('production');
      await expect(core.getEnvironment()).resolves.toEqual({
        mode: 'production',
        keychain: { available: false, reason: 'switched off by GRAMDESK_KEYCHAIN=off' },
        language: null,
      });
      expect(_serverKeys.has(localKey)).toBe(false);
      // Nothing was sent anywhere: no stored session, so the phone step waits for the person.
      expect(core.getState()).toEqual({
        step: 'phone',
        phone: '',
        busy: null,
        error: null,
        accounts: { list: [], adding: true, max: 6, notice: null },
      });
    } finally {
      await core.dispose();
    }
  });

  it.each([
    [{ TELEGRAM_API_ID: '12345' }, /both TELEGRAM_API_ID and TELEGRAM_API_HASH/],
    [{ TELEGRAM_API_HASH: '0123456789abcdef0123456789abcdef' }, /both TELEGRAM_API_ID and TELEGRAM_API_HASH/],
    [{ TELEGRAM_API_ID: 'abc', TELEGRAM_API_HASH: '0123456789abcdef0123456789abcdef' }, /TELEGRAM_API_ID must be/],
    [{ TELEGRAM_API_ID: '12345', TELEGRAM_API_HASH: 'short' }, /TELEGRAM_API_HASH must be/],
    [{ GRAMDESK_LOCAL_SERVER: 'not json' }, /GRAMDESK_LOCAL_SERVER must be/],
    [{ GRAMDESK_LOCAL_SERVER: '{"ready":true}' }, /GRAMDESK_LOCAL_SERVER must be/],
    [{ GRAMDESK_SESSION_CHECK_S: 'soon' }, /GRAMDESK_SESSION_CHECK_S must be a number of seconds/],
    [{ GRAMDESK_SESSION_CHECK_S: '0' }, /GRAMDESK_SESSION_CHECK_S must be a number of seconds/],
  ])('bad configuration %j is one clear error', async (env, message) => {
    const attempt = createAppCore({ env });
    await expect(attempt).rejects.toBeInstanceOf(AppConfigError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('GRAMDESK_LOCAL_SERVER: demo against that server, with its users and inbox', async () => {
    const settingsFile = join(settingsFolder, 'demo.json');
    const core = await createAppCore({
      env: { GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()), GRAMDESK_KEYCHAIN: 'off' },
      settingsFile,
    });
    try {
      await core.started;
      expect(core.mode).toBe('demo');
      const env = await core.getEnvironment();
      expect(env).toEqual({
        mode: 'demo',
        keychain: { available: false, reason: expect.any(String) },
        // The server is someone else's: its deliveries are read there (the inbox), not in the window.
        inAppCodes: false,
        language: null,
        demoUsers: [
          { phone: '+15550100', firstName: 'Ada', lastName: 'Lovelace', dc: 2, hasPassword: false, codeChannels: ['app', 'sms', 'call'] },
          { phone: '+15550101', firstName: 'Grace', lastName: 'Hopper', dc: 2, hasPassword: true, codeChannels: ['app', 'sms', 'call'] },
          { phone: '+15550102', firstName: 'Alan', lastName: 'Turing', dc: 3, hasPassword: false, codeChannels: ['app', 'sms', 'call'] },
          { phone: '+15550103', firstName: 'Katherine', lastName: 'Johnson', dc: 2, hasPassword: false, codeChannels: ['app'] },
        ],
      });
      // The language chosen is kept in the settings file and comes back with the environment.
      await expect(core.route('setLanguage', { language: 'fa' })).resolves.toEqual({ ok: true, value: { language: 'fa' } });
      await expect(core.getEnvironment()).resolves.toMatchObject({ language: 'fa' });
      expect(JSON.parse(await readFile(settingsFile, 'utf8'))).toEqual({ language: 'fa' });
      // The route is the whole contract: a code is sent, and it shows up in that server's inbox.
      await expect(core.route('submitPhone', { phone: '+15550100' })).resolves.toEqual({ ok: true, value: null });
      expect(core.getState()).toMatchObject({ step: 'code', delivery: { kind: 'app' } });
      const inbox = await fetch(`${server.controlUrl}/inbox/15550100`);
      const body = (await inbox.json()) as { messages: Array<{ channel: string; code: string }> };
      expect(body.messages.at(-1)).toMatchObject({ channel: 'app', code: expect.stringMatching(/^\d{5}$/) });
    } finally {
      await core.dispose();
      await server.reset();
    }
  });

  it('no configuration: starts its own local server (offline demo), its world in the data directory, and stops it on dispose', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gramdesk-data-'));
    const core = await createAppCore({ env: { GRAMDESK_KEYCHAIN: 'off' }, dataDir });
    try {
      await core.started;
      const env = await core.getEnvironment();
      expect(env).toMatchObject({ mode: 'demo', inAppCodes: true });
      if (env.mode !== 'demo') return;
      expect(env.demoUsers.map((u) => u.phone)).toEqual(['+15550100', '+15550101', '+15550102', '+15550103']);
      expect(existsSync(join(dataDir, 'demo-world.json'))).toBe(true);
      // The code arrives in the window's feed, pushed, and signs in.
      const delivered = new Promise<DemoFeed>((resolve) => {
        const stop = core.onPush((message) => {
          if (message.channel === 'demoFeed' && message.payload.messages.length > 0) {
            stop();
            resolve(message.payload);
          }
        });
      });
      await core.route('submitPhone', { phone: '+15550100' });
      const feed = await delivered;
      expect(feed.messages.at(-1)).toMatchObject({ phone: '+15550100', channel: 'app', purpose: 'login', code: expect.stringMatching(/^\d{5}$/) });
      await core.route('submitCode', { code: feed.messages.at(-1)!.code });
      expect(core.getState()).toMatchObject({ step: 'signed_in' });
    } finally {
      await core.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('app core: the language Telegram is told', () => {
  // What each call's connection named in initConnection, as the server recorded it.
  const languagesOf = (method: string) =>
    server
      .log()
      .filter((entry) => entry.method === method)
      .map(({ langCode, systemLangCode }) => ({ langCode, systemLangCode }));

  it('the system\'s language at first, the chosen one at once on the open connection, and after a restart', async () => {
    const settingsFile = join(settingsFolder, 'languages.json');
    const env = { GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()), GRAMDESK_KEYCHAIN: 'off' };
    await server.reset();
    const core = await createAppCore({ env, settingsFile, systemLocale: 'ru-RU' });
    try {
      await core.started;
      await expect(core.route('submitPhone', { phone: '+15550100' })).resolves.toEqual({ ok: true, value: null });
      expect(languagesOf('auth.sendCode')).toEqual([{ langCode: 'ru', systemLangCode: 'ru-RU' }]);

      // Chosen in the window: the open connection says so before the choice is answered...
      await expect(core.route('setLanguage', { language: 'pt-br' })).resolves.toEqual({ ok: true, value: { language: 'pt-br' } });
      expect(languagesOf('help.getConfig').at(-1)).toEqual({ langCode: 'pt-br', systemLangCode: 'ru-RU' });
      // ...and the next code is asked for in it.
      await core.route('editPhone', {});
      await expect(core.route('submitPhone', { phone: '+15550100' })).resolves.toEqual({ ok: true, value: null });
      expect(languagesOf('auth.sendCode').at(-1)).toEqual({ langCode: 'pt-br', systemLangCode: 'ru-RU' });
    } finally {
      await core.dispose();
    }

    // The choice outlives the run and beats the system's language on a fresh connection.
    await server.reset();
    const again = await createAppCore({ env, settingsFile, systemLocale: 'ru-RU' });
    try {
      await again.started;
      await again.route('submitPhone', { phone: '+15550100' });
      expect(languagesOf('auth.sendCode')).toEqual([{ langCode: 'pt-br', systemLangCode: 'ru-RU' }]);
    } finally {
      await again.dispose();
      await server.reset();
    }
  });

  it('a system language Gramdesk doesn\'t speak: English, with the system\'s own tag beside it', async () => {
    await server.reset();
    const core = await createAppCore({
      env: { GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()), GRAMDESK_KEYCHAIN: 'off' },
      settingsFile: join(settingsFolder, 'german.json'),
      systemLocale: 'de-DE',
    });
    try {
      await core.started;
      await core.route('submitPhone', { phone: '+15550100' });
      expect(languagesOf('auth.sendCode')).toEqual([{ langCode: 'en', systemLangCode: 'de-DE' }]);
    } finally {
      await core.dispose();
      await server.reset();
    }
  });
});
