// The contract's run-time validation: a call with an unknown name or arguments that don't match
// the intent's schema gets a typed error, reaches no handler, and changes no state.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allIntentNames, type AnyIntentName, type CallResult } from '../../common/contract';
import type { ProxySettingsView } from '../../common/proxy-settings';
import { createIntentRouter, type IntentHandlers } from '../../main/ipc/intent-router';
import { createAccountsService, type AccountsService } from '../../main/accounts/accounts-service';
import { createGramjsGateway } from '../../main/telegram/gramjs-gateway';
import { createSessionVault } from '../../main/vault/session-vault';
import { sampleIntentArgs } from '../support/sample-intent-args';

const noProxies: ProxySettingsView = { mode: 'none', activeId: null, saved: [], system: null, secretsPersist: false };

/** Handlers that answer and record what reached them. */
function recordingHandlers() {
  const calls: Array<{ name: AnyIntentName; args: unknown }> = [];
  const ok = <T>(value: T): CallResult<T> => ({ ok: true, value });
  const handlers: IntentHandlers = {
    getState: async (args) => (calls.push({ name: 'getState', args }), ok({ step: 'starting' })),
    getEnvironment: async (args) => (
      calls.push({ name: 'getEnvironment', args }), ok({ mode: 'production', keychain: { available: true }, language: null })
    ),
    submitPhone: async (args) => (calls.push({ name: 'submitPhone', args }), ok(null)),
    requestNextChannel: async (args) => (calls.push({ name: 'requestNextChannel', args }), ok(null)),
    submitCode: async (args) => (calls.push({ name: 'submitCode', args }), ok(null)),
    editPhone: async (args) => (calls.push({ name: 'editPhone', args }), ok(null)),
    logOut: async (args) => (calls.push({ name: 'logOut', args }), ok(null)),
    submitPassword: async (args) => (calls.push({ name: 'submitPassword', args }), ok(null)),
    requestPasswordRecovery: async (args) => (calls.push({ name: 'requestPasswordRecovery', args }), ok(null)),
    submitRecoveryCode: async (args) => (calls.push({ name: 'submitRecoveryCode', args }), ok(null)),
    cancelPasswordRecovery: async (args) => (calls.push({ name: 'cancelPasswordRecovery', args }), ok(null)),
    startQrLogin: async (args) => (calls.push({ name: 'startQrLogin', args }), ok(null)),
    submitSignUp: async (args) => (calls.push({ name: 'submitSignUp', args }), ok(null)),
    submitLoginEmail: async (args) => (calls.push({ name: 'submitLoginEmail', args }), ok(null)),
    openExternal: async (args) => (calls.push({ name: 'openExternal', args }), ok({ opened: true as const })),
    refreshSessions: async (args) => (calls.push({ name: 'refreshSessions', args }), ok(null)),
    endSession: async (args) => (calls.push({ name: 'endSession', args }), ok(null)),
    addAccount: async (args) => (calls.push({ name: 'addAccount', args }), ok(null)),
    cancelAddAccount: async (args) => (calls.push({ name: 'cancelAddAccount', args }), ok(null)),
    switchAccount: async (args) => (calls.push({ name: 'switchAccount', args }), ok(null)),
    logOutAccount: async (args) => (calls.push({ name: 'logOutAccount', args }), ok(null)),
    logOutAll: async (args) => (calls.push({ name: 'logOutAll', args }), ok(null)),
    dismissAccountNotice: async (args) => (calls.push({ name: 'dismissAccountNotice', args }), ok(null)),
    submitApiCredentials: async (args) => (calls.push({ name: 'submitApiCredentials', args }), ok({ accepted: true as const, remembered: true })),
    chooseDemo: async (args) => (calls.push({ name: 'chooseDemo', args }), ok(null)),
    changeConnection: async (args) => (calls.push({ name: 'changeConnection', args }), ok(null)),
    getDemoFeed: async (args) => (calls.push({ name: 'getDemoFeed', args }), ok({ messages: [], worldNotice: null })),
    resetDemo: async (args) => (calls.push({ name: 'resetDemo', args }), ok(null)),
    setLanguage: async (args) => (calls.push({ name: 'setLanguage', args }), ok({ language: args.language })),
    getSignInHints: async (args) => (
      calls.push({ name: 'getSignInHints', args }), ok({ suggestedLanguage: null, nearestCountry: null, countries: [] })
    ),
    getProxySettings: async (args) => (calls.push({ name: 'getProxySettings', args }), ok(noProxies)),
    saveProxy: async (args) => (calls.push({ name: 'saveProxy', args }), ok({ id: 'p1' })),
    removeProxy: async (args) => (calls.push({ name: 'removeProxy', args }), ok(noProxies)),
    setProxyMode: async (args) => (calls.push({ name: 'setProxyMode', args }), ok(noProxies)),
    checkProxies: async (args) => (calls.push({ name: 'checkProxies', args }), ok(noProxies)),
    openProxyLink: async (args) => (calls.push({ name: 'openProxyLink', args }), ok(null)),
    dismissProxyOffer: async (args) => (calls.push({ name: 'dismissProxyOffer', args }), ok(null)),
  };
  return { calls, handlers };
}

describe('intent router: names', () => {
  it.each([
    'nope',
    '',
    'constructor',
    '__proto__',
    'toString',
    'hasOwnProperty',
    'SUBMITPHONE',
    ' submitPhone',
    42,
    null,
    undefined,
    { name: 'submitPhone' },
    ['submitPhone'],
  ])('%j is UNKNOWN_INTENT and reaches no handler', async (name) => {
    const { calls, handlers } = recordingHandlers();
    const router = createIntentRouter(handlers);
    await expect(router.route(name, {})).resolves.toEqual({ ok: false, error: 'UNKNOWN_INTENT' });
    expect(calls).toEqual([]);
  });
});

describe('intent router: arguments', () => {
  const bad: Array<[AnyIntentName, unknown, string]> = [
    ['submitPhone', {}, 'missing phone'],
    ['submitPhone', { phone: 15550100 }, 'phone as a number'],
    ['submitPhone', { phone: null }, 'phone null'],
    ['submitPhone', { phone: ['+15550100'] }, 'phone as an array'],
    ['submitPhone', { phone: '+15550100', extra: 1 }, 'an extra key'],
    ['submitPhone', { phone: '+' + '1'.repeat(32) }, 'a 33-character phone'],
    ['submitPhone', { phone: 'x'.repeat(100_000) }, 'a huge phone'],
    ['submitPhone', JSON.parse('{"phone":"+15550100","__proto__":{"polluted":true}}'), 'a __proto__ key'],
    ['submitPhone', '+15550100', 'a bare string'],
    ['submitPhone', ['+15550100'], 'an array'],
    ['submitPhone', null, 'null'],
    ['submitCode', { code: 12345 }, 'code as a number'],
    ['submitCode', { code: '1'.repeat(33) }, 'a 33-character code'],
    ['submitApiCredentials', { apiId: 12345, apiHash: '0123456789abcdef0123456789abcdef' }, 'an API ID as a number'],
    ['submitApiCredentials', { apiId: '12345', apiHash: 'a'.repeat(65) }, 'a 65-character API hash'],
    ['submitApiCredentials', { apiId: '12345' }, 'no API hash'],
    ['resetDemo', { everything: true }, 'an argument to an intent that takes none'],
    ['submitCode', { code: '12345', phone: '+1' }, 'an extra key'],
    ['getState', { x: 1 }, 'arguments where none are taken'],
    ['getState', [], 'an empty array'],
    ['requestNextChannel', { channel: 'sms' }, 'a channel (main decides the channel)'],
    ['editPhone', 'now', 'a string'],
    ['logOut', { force: true }, 'an extra flag'],
    ['getEnvironment', new Date(0), 'a class instance'],
    ['logOut', 0, 'a number'],
  ];
  it.each(bad)('%s with %j (%s) is BAD_ARGUMENTS and reaches no handler', async (name, args) => {
    const { calls, handlers } = recordingHandlers();
    const router = createIntentRouter(handlers);
    await expect(router.route(name, args)).resolves.toEqual({ ok: false, error: 'BAD_ARGUMENTS' });
    expect(calls).toEqual([]);
  });

  it('valid calls reach their handler with exactly the validated arguments', async () => {
    const { calls, handlers } = recordingHandlers();
    const router = createIntentRouter(handlers);
    await expect(router.route('submitPhone', { phone: '+15550100' })).resolves.toEqual({ ok: true, value: null });
    await expect(router.route('submitCode', { code: '1'.repeat(32) })).resolves.toEqual({ ok: true, value: null });
    await expect(router.route('logOut', {})).resolves.toEqual({ ok: true, value: null });
    // No arguments at all means "no arguments".
    await expect(router.route('getState', undefined)).resolves.toEqual({ ok: true, value: { step: 'starting' } });
    expect(calls).toEqual([
      { name: 'submitPhone', args: { phone: '+15550100' } },
      { name: 'submitCode', args: { code: '1'.repeat(32) } },
      { name: 'logOut', args: {} },
      { name: 'getState', args: {} },
    ]);
  });

  it('every intent of the contract is routed', async () => {
    const { calls, handlers } = recordingHandlers();
    const router = createIntentRouter(handlers);
    const sample: Record<AnyIntentName, unknown> = {
      ...sampleIntentArgs,
      submitApiCredentials: { apiId: '12345', apiHash: '0123456789abcdef0123456789abcdef' },
      chooseDemo: {},
      changeConnection: {},
      getDemoFeed: {},
      resetDemo: {},
    };
    for (const name of allIntentNames) expect((await router.route(name, sample[name])).ok).toBe(true);
    expect(calls.map((c) => c.name)).toEqual(allIntentNames);
  });

  it('arguments that throw when read (a getter, proxy traps) are BAD_ARGUMENTS, never a rejection', async () => {
    const { calls, handlers } = recordingHandlers();
    const router = createIntentRouter(handlers);
    const boom = () => {
      throw new Error('read me and fail');
    };
    const getter = Object.defineProperty({}, 'phone', { enumerable: true, get: boom });
    const ownKeys = new Proxy({}, { ownKeys: boom });
    const prototype = new Proxy({}, { getPrototypeOf: boom });
    const get = new Proxy({ phone: '+15550100' }, { get: boom });
    for (const args of [getter, ownKeys, prototype, get]) {
      await expect(router.route('submitPhone', args)).resolves.toEqual({ ok: false, error: 'BAD_ARGUMENTS' });
    }
    expect(calls).toEqual([]);
  });

  it('a handler that throws becomes INTERNAL, and its message goes nowhere', async () => {
    const { handlers } = recordingHandlers();
    handlers.logOut = async () => {
      throw new Error('secret session 1BQANOTEw');
    };
    const router = createIntentRouter(handlers);
    const result = await router.route('logOut', {});
    expect(result).toEqual({ ok: false, error: 'INTERNAL' });
    expect(JSON.stringify(result)).not.toContain('secret');
  });
});

describe('intent router over the real account list and login service: bad calls change nothing', () => {
  let service: AccountsService;
  let router: ReturnType<typeof createIntentRouter>;
  const emitted: unknown[] = [];

  beforeEach(async () => {
    // A real service; the gateway points nowhere reachable, and no test here may get as far as using it.
    service = createAccountsService({
      newGateway: () =>
        createGramjsGateway({
          target: { apiId: 1, apiHash: '0'.repeat(32), initialDc: { id: 2, host: '127.0.0.1' } },
          connectTimeoutMs: 1000,
        }),
      vault: createSessionVault({ service: 'Gramdesk (test)', disabledReason: 'test' }),
    });
    await service.start();
    emitted.length = 0;
    service.onState((s) => emitted.push(s));
    router = createIntentRouter({
      ...service,
      getState: async () => ({ ok: true, value: service.getState() }),
      getEnvironment: async () => ({
        ok: true,
        value: { mode: 'production', keychain: { available: false, reason: 'test' }, language: null },
      }),
      openExternal: async () => ({ ok: true, value: { opened: true } }),
      submitApiCredentials: async () => ({ ok: false, error: 'NOT_NOW' }),
      chooseDemo: async () => ({ ok: false, error: 'NOT_NOW' }),
      changeConnection: async () => ({ ok: false, error: 'NOT_NOW' }),
      getDemoFeed: async () => ({ ok: true, value: { messages: [], worldNotice: null } }),
      resetDemo: async () => ({ ok: false, error: 'NOT_NOW' }),
      setLanguage: async ({ language }) => ({ ok: true, value: { language } }),
      getSignInHints: async () => ({ ok: true, value: { suggestedLanguage: null, nearestCountry: null, countries: [] } }),
      getProxySettings: async () => ({ ok: true, value: noProxies }),
      saveProxy: async () => ({ ok: true, value: { id: 'p1' } }),
      removeProxy: async () => ({ ok: true, value: noProxies }),
      setProxyMode: async () => ({ ok: true, value: noProxies }),
      checkProxies: async () => ({ ok: true, value: noProxies }),
      openProxyLink: async () => ({ ok: true, value: null }),
      dismissProxyOffer: async () => ({ ok: true, value: null }),
    });
  });

  afterEach(() => service.dispose());

  const noAccounts = { list: [], adding: true, max: 6, notice: null };

  it('the service starts on the phone step without a keychain, with no account yet', () => {
    expect(service.getState()).toEqual({ step: 'phone', phone: '', busy: null, error: null, accounts: noAccounts });
  });

  it.each([
    ['submitPhone', { phone: 15550100 }, 'BAD_ARGUMENTS'],
    ['submitPhone', { phone: '+15550100', x: 1 }, 'BAD_ARGUMENTS'],
    ['submitPhone', { phone: '9'.repeat(40) }, 'BAD_ARGUMENTS'],
    ['deleteEverything', {}, 'UNKNOWN_INTENT'],
    ['submitPassword', { password: 'x'.repeat(257) }, 'BAD_ARGUMENTS'],
    ['submitPassword', {}, 'BAD_ARGUMENTS'],
    ['submitRecoveryCode', { code: 12345 }, 'BAD_ARGUMENTS'],
    ['submitSignUp', { firstName: 'Ada', lastName: '' }, 'BAD_ARGUMENTS'],
    ['submitSignUp', { firstName: 'Ada', lastName: '', acceptTerms: false }, 'BAD_ARGUMENTS'],
    ['submitSignUp', { firstName: 'Ada', lastName: '', acceptTerms: 'true' }, 'BAD_ARGUMENTS'],
    ['submitSignUp', { firstName: 'A'.repeat(65), lastName: '', acceptTerms: true }, 'BAD_ARGUMENTS'],
    ['submitLoginEmail', { email: 'a'.repeat(255) }, 'BAD_ARGUMENTS'],
    ['openExternal', { url: 'x'.repeat(2049) }, 'BAD_ARGUMENTS'],
    ['endSession', { hash: 'abc' }, 'BAD_ARGUMENTS'],
    ['endSession', { hash: '1'.repeat(21) }, 'BAD_ARGUMENTS'],
    ['startQrLogin', { now: true }, 'BAD_ARGUMENTS'],
    ['switchAccount', { id: 'ada' }, 'BAD_ARGUMENTS'],
    ['switchAccount', {}, 'BAD_ARGUMENTS'],
    ['logOutAccount', { id: '-1' }, 'BAD_ARGUMENTS'],
    ['addAccount', { phone: '+15550100' }, 'BAD_ARGUMENTS'],
    ['setLanguage', { language: '../../etc/passwd' }, 'BAD_ARGUMENTS'],
    ['setLanguage', { language: 'EN' }, 'BAD_ARGUMENTS'],
    ['getSignInHints', { country: 'US' }, 'BAD_ARGUMENTS'],
  ] as const)('%s %j -> %s, state unchanged', async (name, args, error) => {
    const before = service.getState();
    await expect(router.route(name, args)).resolves.toEqual({ ok: false, error });
    expect(service.getState()).toBe(before);
    expect(emitted).toEqual([]);
  });

  it('intents that do not fit the step are NOT_NOW and change nothing', async () => {
    const before = service.getState();
    for (const name of [
      'requestNextChannel',
      'editPhone',
      'logOut',
      'requestPasswordRecovery',
      'cancelPasswordRecovery',
      'refreshSessions',
    ] as const) {
      await expect(router.route(name, {})).resolves.toEqual({ ok: false, error: 'NOT_NOW' });
    }
    await expect(router.route('submitCode', { code: '12345' })).resolves.toEqual({ ok: false, error: 'NOT_NOW' });
    await expect(router.route('submitPassword', { password: 'hunter2' })).resolves.toEqual({ ok: false, error: 'NOT_NOW' });
    await expect(router.route('submitRecoveryCode', { code: '12345' })).resolves.toEqual({ ok: false, error: 'NOT_NOW' });
    await expect(router.route('submitSignUp', { firstName: 'A', lastName: '', acceptTerms: true })).resolves.toEqual({
      ok: false,
      error: 'NOT_NOW',
    });
    await expect(router.route('submitLoginEmail', { email: 'a@b.co' })).resolves.toEqual({ ok: false, error: 'NOT_NOW' });
    await expect(router.route('endSession', { hash: '1' })).resolves.toEqual({ ok: false, error: 'NOT_NOW' });
    // Nobody signed in yet: no account to add beside, to switch to or to log out.
    for (const name of ['addAccount', 'cancelAddAccount', 'logOutAll'] as const) {
      await expect(router.route(name, {})).resolves.toEqual({ ok: false, error: 'NOT_NOW' });
    }
    await expect(router.route('switchAccount', { id: '1000001' })).resolves.toEqual({ ok: false, error: 'NOT_NOW' });
    await expect(router.route('logOutAccount', { id: '1000001' })).resolves.toEqual({ ok: false, error: 'NOT_NOW' });
    expect(service.getState()).toBe(before);
    expect(emitted).toEqual([]);
  });

  it('a malformed number is refused before any network call, keeping what was typed', async () => {
    await expect(router.route('submitPhone', { phone: '555-0100' })).resolves.toEqual({ ok: true, value: null });
    expect(service.getState()).toEqual({
      step: 'phone',
      phone: '555-0100',
      busy: null,
      error: { code: 'PHONE_FORMAT' },
      accounts: noAccounts,
    });
    expect(emitted).toHaveLength(1);
  });
});
