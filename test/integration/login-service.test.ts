// The login service end to end in Node: real gramjs against the local MTProto server, the real
// Secret Service for the vault (tests that need it skip, saying why, when no session bus is
// there; `npm test` always provides one). Time is the service's injected clock, so countdowns
// are passed by moving it, never by sleeping.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoginState } from '../../common/login-state';
import { createLoginService, type LoginService } from '../../main/login/login-service';
import { createGramjsGateway, type GramjsTarget } from '../../main/telegram/gramjs-gateway';
import type { TelegramGateway } from '../../main/telegram/telegram-gateway';
import { createFutureAuthTokens } from '../../main/vault/future-auth-tokens';
import { createSessionVault, type SessionVault } from '../../main/vault/session-vault';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import { gramjsTargetOf } from '../support/gramjs-target';
import { noKeychainReason } from '../support/secret-service';

const ADA = '+15550100';
const GRACE = '+15550101';
const ALAN = '+15550102';
const KATHERINE = '+15550103';

const noKeychain = noKeychainReason;

const keychainService = `Gramdesk (test ${randomBytes(4).toString('hex')})`;
let server: LocalServer;
let target: GramjsTarget;
const cleanups: Array<() => Promise<unknown>> = [];

interface Harness {
  service: LoginService;
  gateway: TelegramGateway;
  states: LoginState[];
  clock: { now: number };
}

function harness(vault: SessionVault): Harness {
  const gateway = createGramjsGateway({ target });
  const clock = { now: Date.now() };
  const service = createLoginService({ gateway, vault, now: () => clock.now });
  const states: LoginState[] = [];
  service.onState((s) => states.push(s));
  cleanups.push(async () => {
    service.dispose();
    await gateway.connection.dispose();
  });
  return { service, gateway, states, clock };
}

const offVault = () => createSessionVault({ service: keychainService, disabledReason: 'off for this test' });
const realVault = () => createSessionVault({ service: keychainService });
const latestCode = (phone: string) => server.inbox(phone).at(-1)!.code;
const calls = (method?: string) => server.log().filter((e) => method === undefined || e.method === method);

async function toCodeStep(h: Harness, phone: string): Promise<void> {
  await h.service.start();
  await expect(h.service.submitPhone({ phone: phone })).resolves.toEqual({ ok: true, value: null });
  expect(h.service.getState().step).toBe('code');
}

beforeAll(async () => {
  server = await startLocalServer({ port: 'auto' });
  target = await gramjsTargetOf(server);
});

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
  await server.reset();
  // Future auth tokens, a flood deadline or a pending code of one test must not steer the next.
  if (!noKeychain) {
    const v = realVault();
    await createFutureAuthTokens(v).forgetAll();
    for (const item of ['flood', 'pending-code'] as const) await v.setItem(item, null);
  }
});

afterAll(async () => {
  if (!noKeychain) {
    const v = realVault();
    for (;;) {
      const loaded = await v.load();
      if (!loaded.ok || !loaded.value) break;
      await v.remove(loaded.value.userId);
    }
  }
  await server?.stop();
});

describe('login service: the code step and its fallback', () => {
  it('phone -> code (app) -> after the countdown, SMS -> call -> sign in', async () => {
    const h = harness(offVault());
    await h.service.start();
    expect(h.service.getState()).toEqual({ step: 'phone', phone: '', busy: null, error: null });

    await h.service.submitPhone({ phone: '+1 555 0100' });
    const sentAt = h.clock.now;
    expect(h.service.getState()).toEqual({
      step: 'code',
      phone: ADA,
      delivery: { kind: 'app' },
      length: 5,
      next: 'sms',
      nextAvailableAt: sentAt + 60_000,
      busy: null,
      error: null,
    });
    // Progress was shown while the code was being sent.
    expect(h.states.map((s) => [s.step, 'busy' in s ? s.busy : null])).toEqual([
      ['phone', null],
      ['phone', 'send_code'],
      ['code', null],
    ]);

    // Too early for the next channel: refused, nothing sent.
    const before = h.service.getState();
    await expect(h.service.requestNextChannel()).resolves.toEqual({ ok: false, error: 'NOT_NOW' });
    expect(h.service.getState()).toBe(before);
    expect(calls('auth.resendCode')).toEqual([]);

    h.clock.now += 60_000;
    await expect(h.service.requestNextChannel()).resolves.toEqual({ ok: true, value: null });
    expect(h.service.getState()).toMatchObject({ step: 'code', delivery: { kind: 'sms' }, next: 'call', nextAvailableAt: h.clock.now + 60_000 });

    h.clock.now += 60_000;
    await h.service.requestNextChannel();
    expect(h.service.getState()).toMatchObject({ step: 'code', delivery: { kind: 'call' }, next: null, nextAvailableAt: null });
    // No next channel: nothing more to ask for.
    await expect(h.service.requestNextChannel()).resolves.toEqual({ ok: false, error: 'NOT_NOW' });
    expect(server.inbox(ADA).map((m) => m.channel)).toEqual(['app', 'sms', 'call']);

    await h.service.submitCode({ code: latestCode(ADA).split('').join(' ') });
    expect(h.service.getState()).toEqual({
      step: 'signed_in',
      user: { id: expect.any(String), firstName: 'Ada', lastName: 'Lovelace', phone: ADA, username: null },
      sessionPersisted: false,
      sessions: null,
      busy: null,
      error: null,
    });
  });

  it('PHONE_FORMAT and CODE_FORMAT are refused before any network call', async () => {
    const h = harness(offVault());
    await h.service.start();
    await h.service.submitPhone({ phone: '555 0100' });
    expect(h.service.getState()).toEqual({ step: 'phone', phone: '555 0100', busy: null, error: { code: 'PHONE_FORMAT' } });
    expect(calls()).toEqual([]);

    await h.service.submitPhone({ phone: ADA });
    const sent = calls().length;
    await h.service.submitCode({ code: '12 34' });
    expect(h.service.getState()).toMatchObject({ step: 'code', error: { code: 'CODE_FORMAT' }, busy: null });
    await h.service.submitCode({ code: 'abcde' });
    expect(h.service.getState()).toMatchObject({ step: 'code', error: { code: 'CODE_FORMAT' } });
    expect(calls().length).toBe(sent);
  });

  it('PHONE_CODE_INVALID keeps the code step; the right code then signs in', async () => {
    const h = harness(offVault());
    await toCodeStep(h, ADA);
    const right = latestCode(ADA);
    await h.service.submitCode({ code: right === '00000' ? '11111' : '00000' });
    expect(h.service.getState()).toMatchObject({ step: 'code', error: { code: 'PHONE_CODE_INVALID' }, busy: null });
    await h.service.submitCode({ code: right });
    expect(h.service.getState().step).toBe('signed_in');
  });

  it('PHONE_CODE_EXPIRED keeps the code step; "send a new code" for the same number recovers', async () => {
    const h = harness(offVault());
    await toCodeStep(h, ADA);
    server.clock.skew(6 * 60_000);
    await h.service.submitCode({ code: latestCode(ADA) });
    expect(h.service.getState()).toMatchObject({ step: 'code', phone: ADA, error: { code: 'PHONE_CODE_EXPIRED' } });

    await h.service.submitPhone({ phone: ADA });
    expect(h.service.getState()).toMatchObject({ step: 'code', phone: ADA, delivery: { kind: 'app' }, error: null });
    await h.service.submitCode({ code: latestCode(ADA) });
    expect(h.service.getState().step).toBe('signed_in');
  });

  it('PHONE_CODE_HASH_EMPTY (a lost flow) goes back to the phone step with the number kept', async () => {
    const h = harness(offVault());
    await toCodeStep(h, ADA);
    server.faults.add({ method: 'auth.signIn', error: 'PHONE_CODE_HASH_EMPTY' });
    await h.service.submitCode({ code: latestCode(ADA) });
    expect(h.service.getState()).toEqual({ step: 'phone', phone: ADA, busy: null, error: { code: 'PHONE_CODE_HASH_EMPTY' } });
  });

  it('SEND_CODE_UNAVAILABLE: code step, no next channel, the error shown', async () => {
    const h = harness(offVault());
    await toCodeStep(h, ADA);
    server.faults.add({ method: 'auth.resendCode', error: 'SEND_CODE_UNAVAILABLE' });
    h.clock.now += 60_000;
    await h.service.requestNextChannel();
    expect(h.service.getState()).toMatchObject({
      step: 'code',
      delivery: { kind: 'app' },
      next: null,
      nextAvailableAt: null,
      error: { code: 'SEND_CODE_UNAVAILABLE' },
    });
  });

  it('an app-only account has no next channel to ask for', async () => {
    const h = harness(offVault());
    await toCodeStep(h, KATHERINE);
    expect(h.service.getState()).toMatchObject({ next: null, nextAvailableAt: null });
    await expect(h.service.requestNextChannel()).resolves.toEqual({ ok: false, error: 'NOT_NOW' });
  });

  it('PHONE_NUMBER_INVALID from the server keeps the number with the error', async () => {
    const h = harness(offVault());
    await h.service.start();
    server.faults.add({ method: 'auth.sendCode', error: 'PHONE_NUMBER_INVALID' });
    await h.service.submitPhone({ phone: ADA });
    expect(h.service.getState()).toEqual({ step: 'phone', phone: ADA, busy: null, error: { code: 'PHONE_NUMBER_INVALID' } });
  });

  it('FLOOD_WAIT: the error says when the wait ends, at once (nothing slept through)', async () => {
    const h = harness(offVault());
    await h.service.start();
    server.faults.add({ method: 'auth.sendCode', error: 'FLOOD_WAIT_30' });
    await h.service.submitPhone({ phone: ADA });
    expect(h.service.getState()).toEqual({
      step: 'phone',
      phone: ADA,
      busy: null,
      error: { code: 'FLOOD_WAIT', retryAt: h.clock.now + 30_000 },
    });
    // One call, answered with the flood error: no silent sleep and retry.
    expect(calls('auth.sendCode').map((e) => e.error)).toEqual(['420 FLOOD_WAIT_30']);
  });

  it('PHONE_MIGRATE: the DC-3 account signs in', async () => {
    const h = harness(offVault());
    await toCodeStep(h, ALAN);
    await h.service.submitCode({ code: latestCode(ALAN) });
    expect(h.service.getState()).toMatchObject({ step: 'signed_in', user: { firstName: 'Alan', phone: ALAN } });
  });

  it('"Wrong number?" cancels the code and goes back with the number kept', async () => {
    const h = harness(offVault());
    await toCodeStep(h, ADA);
    await expect(h.service.editPhone()).resolves.toEqual({ ok: true, value: null });
    expect(h.service.getState()).toEqual({ step: 'phone', phone: ADA, busy: null, error: null });
    expect(calls('auth.cancelCode').map((e) => e.outcome)).toEqual(['ok']);
    expect(h.states.some((s) => s.step === 'code' && s.busy === 'cancel_code')).toBe(true);
  });

  it('"Wrong number?" still goes back when auth.cancelCode fails', async () => {
    const h = harness(offVault());
    await toCodeStep(h, ADA);
    server.faults.add({ method: 'auth.cancelCode', error: 'PHONE_CODE_EXPIRED' });
    await h.service.editPhone();
    expect(h.service.getState()).toEqual({ step: 'phone', phone: ADA, busy: null, error: null });
  });

  it('a two-step password account reaches the password step (with its hint), and can go back', async () => {
    const h = harness(offVault());
    await toCodeStep(h, GRACE);
    await h.service.submitCode({ code: latestCode(GRACE) });
    expect(h.service.getState()).toEqual({ step: 'password', phone: GRACE, hint: 'the usual', hasRecovery: true, busy: null, error: null });
    await h.service.editPhone();
    expect(h.service.getState()).toEqual({ step: 'phone', phone: GRACE, busy: null, error: null });
  });

  it('a number without an account reaches the sign-up step with the terms of service', async () => {
    const h = harness(offVault());
    await toCodeStep(h, '+15557770002');
    await h.service.submitCode({ code: latestCode('+15557770002') });
    expect(h.service.getState()).toMatchObject({
      step: 'sign_up',
      phone: '+15557770002',
      termsOfService: { text: expect.stringMatching(/\S/) },
      busy: null,
      error: null,
    });
  });

  it('an intent while another runs is BUSY and changes nothing', async () => {
    const h = harness(offVault());
    await toCodeStep(h, ADA);
    server.faults.add({ method: 'auth.signIn', delayMs: 1500 });
    const signingIn = h.service.submitCode({ code: latestCode(ADA) });
    // The sign-in has started (the state says so) and is waiting on the server.
    expect(h.service.getState()).toMatchObject({ step: 'code', busy: 'sign_in' });
    const busyState = h.service.getState();
    for (const attempt of [
      () => h.service.submitCode({ code: '12345' }),
      () => h.service.submitPhone({ phone: ADA }),
      () => h.service.editPhone(),
      () => h.service.requestNextChannel(),
      () => h.service.logOut(),
    ]) {
      await expect(attempt()).resolves.toEqual({ ok: false, error: 'BUSY' });
    }
    expect(h.service.getState()).toBe(busyState);
    await signingIn;
    expect(h.service.getState().step).toBe('signed_in');
    expect(calls('auth.signIn')).toHaveLength(1);
  });

  it('no keychain: signed in for this run only, nothing written', async () => {
    const h = harness(offVault());
    await toCodeStep(h, ADA);
    await h.service.submitCode({ code: latestCode(ADA) });
    expect(h.service.getState()).toMatchObject({ step: 'signed_in', sessionPersisted: false, error: null });
    if (!noKeychain) await expect(realVault().load()).resolves.toEqual({ ok: true, value: null });
  });

  it('a keychain that refuses the write: signed in for this run, KEYCHAIN_WRITE_FAILED', async () => {
    // A real Secret Service can't be made to fail on demand, so this vault stands in for one
    // that is there but refuses writes (locked, full ...).
    const refusing: SessionVault = {
      status: async () => ({ available: true }),
      store: async () => ({ ok: false, error: 'WRITE_FAILED' }),
      load: async () => ({ ok: true, value: null }),
      remove: async () => ({ ok: true, value: undefined }),
      storedUserIds: async () => [],
      loadSession: async () => ({ ok: true, value: null }),
      snapshot: async () => ({ ok: true, value: { index: { ids: [], active: null, labels: {} }, sessions: new Map(), items: new Map() } }),
      setActive: async () => false,
      setLabel: async () => false,
      removeScopedItems: async () => false,
      repairIndex: async () => ({ ok: true, value: 0 }),
      getItem: async () => null,
      setItem: async () => false,
      updateItem: async () => ({ ok: false, error: 'WRITE_FAILED' }),
    };
    const h = harness(refusing);
    await toCodeStep(h, ADA);
    await h.service.submitCode({ code: latestCode(ADA) });
    expect(h.service.getState()).toMatchObject({
      step: 'signed_in',
      sessionPersisted: false,
      error: { code: 'KEYCHAIN_WRITE_FAILED' },
    });
  });
});

describe.skipIf(noKeychain !== null)(`login service with the real keychain${noKeychain ? ` (skipped: ${noKeychain})` : ''}`, () => {
  it('signs in, stores the session, restarts signed in, logs out and empties the keychain', async () => {
    const first = harness(realVault());
    await toCodeStep(first, ADA);
    await first.service.submitCode({ code: latestCode(ADA) });
    const signedIn = first.service.getState();
    expect(signedIn).toMatchObject({ step: 'signed_in', sessionPersisted: true, error: null });
    const stored = await realVault().load();
    expect(stored.ok && stored.value?.userId).toBe(signedIn.step === 'signed_in' ? signedIn.user.id : null);
    const session = stored.ok ? stored.value!.session : '';
    // The session never travels in a state.
    expect(JSON.stringify(first.states)).not.toContain(session);
    await first.gateway.connection.dispose();

    // The next start: restored from the keychain, no code needed.
    const sendsBefore = calls('auth.sendCode').length;
    const second = harness(realVault());
    await second.service.start();
    expect(second.service.getState()).toMatchObject({ step: 'signed_in', user: { firstName: 'Ada' }, sessionPersisted: true });
    expect(calls('auth.sendCode').length).toBe(sendsBefore);

    await expect(second.service.logOut()).resolves.toEqual({ ok: true, value: null });
    expect(second.service.getState()).toEqual({ step: 'phone', phone: '', busy: null, error: null });
    expect(calls('auth.logOut').at(-1)?.outcome).toBe('ok');
    await expect(realVault().load()).resolves.toEqual({ ok: true, value: null });
  });

  it('the session check: a click meanwhile is not refused; an answer that says nothing of the session changes nothing; one ended elsewhere is wiped, with the reason', async () => {
    const h = harness(realVault());
    await toCodeStep(h, ADA);
    await h.service.submitCode({ code: latestCode(ADA) });
    expect(h.service.getState()).toMatchObject({ step: 'signed_in', sessionPersisted: true });

    // The check's call runs beside the person's action, not in its way.
    const checked = h.service.checkSession();
    await expect(h.service.refreshSessions()).resolves.toEqual({ ok: true, value: null });
    await checked;
    expect(h.service.getState()).toMatchObject({ step: 'signed_in', error: null });

    server.faults.add({ method: 'users.getUsers', error: 'USER_ID_INVALID', times: 1 });
    await h.service.checkSession();
    expect(h.service.getState()).toMatchObject({ step: 'signed_in', error: null });

    expect(server.endSessions(ADA, 'Gramdesk')).toMatchObject({ ok: true, ended: 1 });
    await h.service.checkSession();
    expect(h.service.getState()).toEqual({ step: 'phone', phone: '', busy: null, error: { code: 'SESSION_REVOKED' } });
    await expect(realVault().load()).resolves.toEqual({ ok: true, value: null });
  });

  it('log out when the server fails: LOGOUT_SERVER_FAILED, and the keychain is emptied anyway', async () => {
    const h = harness(realVault());
    await toCodeStep(h, ADA);
    await h.service.submitCode({ code: latestCode(ADA) });
    expect(h.service.getState()).toMatchObject({ step: 'signed_in', sessionPersisted: true });
    server.faults.add({ method: 'auth.logOut', error: 'AUTH_KEY_UNREGISTERED', code: 401 });
    await h.service.logOut();
    expect(h.service.getState()).toEqual({ step: 'phone', phone: '', busy: null, error: { code: 'LOGOUT_SERVER_FAILED' } });
    await expect(realVault().load()).resolves.toEqual({ ok: true, value: null });
  });

  it('a stored session the server no longer accepts is deleted at start', async () => {
    const h = harness(realVault());
    await toCodeStep(h, ADA);
    await h.service.submitCode({ code: latestCode(ADA) });
    const stored = await realVault().load();
    expect(stored.ok && stored.value).toBeTruthy();
    // The session is ended elsewhere (another client logs it out).
    const other = createGramjsGateway({ target });
    cleanups.push(() => other.connection.dispose());
    await other.connection.useSession(stored.ok ? stored.value!.session : null);
    await expect(other.auth.logOut()).resolves.toMatchObject({ ok: true });

    const next = harness(realVault());
    await next.service.start();
    // Wiped, and the person is told why.
    expect(next.service.getState()).toEqual({ step: 'phone', phone: '', busy: null, error: { code: 'AUTH_KEY_UNREGISTERED' } });
    await expect(realVault().load()).resolves.toEqual({ ok: true, value: null });
  });

  it('a stored session that cannot be checked (the server failing) is kept for the next start', async () => {
    const h = harness(realVault());
    await toCodeStep(h, ADA);
    await h.service.submitCode({ code: latestCode(ADA) });
    // This start can't check the session: the server fails every users.getUsers.
    server.faults.add({ method: 'users.getUsers', error: 'RPC_CALL_FAIL', code: 500, times: 10 });
    const next = harness(realVault());
    await next.service.start();
    expect(next.service.getState()).toMatchObject({ step: 'phone', error: { code: 'SERVER' } });
    const kept = await realVault().load();
    expect(kept.ok && kept.value).toBeTruthy();
  });
});
