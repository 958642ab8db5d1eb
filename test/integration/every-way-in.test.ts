// End to end in Node: every way into an account, through the real login service, real
// gramjs and the local MTProto server (its own instance, with fresh-session resets allowed), and
// the real Secret Service where the keychain matters. Waiting is on pushed states (with a
// bound), never a sleep.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoginState } from '../../common/login-state';
import { createAppCore } from '../../main/app-core';
import { createLoginService, type LoginService } from '../../main/login/login-service';
import { connectLocalTarget } from '../../main/telegram/local-target';
import { createGramjsGateway, type GramjsTarget } from '../../main/telegram/gramjs-gateway';
import type { TelegramGateway } from '../../main/telegram/telegram-gateway';
import { createSessionVault, type SessionVault } from '../../main/vault/session-vault';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import { gramjsTargetOf } from '../support/gramjs-target';
import { noKeychainReason } from '../support/secret-service';

const ADA = '+15550100';
const GRACE = '+15550101';
const ALAN = '+15550102';

const noKeychain = noKeychainReason;

let server: LocalServer;
let target: GramjsTarget;
const cleanups: Array<() => Promise<unknown>> = [];
const keychainServices: string[] = [];

interface Harness {
  service: LoginService;
  gateway: TelegramGateway;
  states: LoginState[];
  clock: { now: number };
  /** Resolves with the first state (the current one included) that matches; fails after `ms`. */
  until(predicate: (s: LoginState) => boolean, ms?: number): Promise<LoginState>;
}

function harness(vault: SessionVault, clock = { now: Date.now() }): Harness {
  const gateway = createGramjsGateway({ target });
  const service = createLoginService({ gateway, vault, now: () => clock.now, offlineProbeMs: { first: 200, max: 2000 } });
  const states: LoginState[] = [];
  service.onState((s) => states.push(s));
  cleanups.push(async () => {
    service.dispose();
    await gateway.connection.dispose();
  });
  const until = (predicate: (s: LoginState) => boolean, ms = 10_000) =>
    new Promise<LoginState>((resolve, reject) => {
      if (predicate(service.getState())) {
        resolve(service.getState());
        return;
      }
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no matching state within ${ms} ms; last: ${JSON.stringify(service.getState())}`));
      }, ms);
      const off = service.onState((s) => {
        if (!predicate(s)) return;
        clearTimeout(timer);
        off();
        resolve(s);
      });
    });
  return { service, gateway, states, clock, until };
}

const offVault = () => createSessionVault({ service: 'Gramdesk (off)', disabledReason: 'off for this test' });
/** A real keychain vault under a service name of this test's own (so tests never share items). */
function ownVault(): SessionVault {
  const name = `Gramdesk (test ${randomBytes(4).toString('hex')})`;
  keychainServices.push(name);
  return createSessionVault({ service: name });
}
const sameVault = (vault: SessionVault) => vault;
const latestCode = (phone: string) => server.inbox(phone).at(-1)!.code;
const calls = (method: string) => server.log().filter((e) => e.method === method);
const OK = { ok: true, value: null };

async function toCodeStep(h: Harness, phone: string): Promise<void> {
  await h.service.start();
  await expect(h.service.submitPhone({ phone: phone })).resolves.toEqual(OK);
  expect(h.service.getState().step).toBe('code');
}

async function signIn(h: Harness, phone: string): Promise<void> {
  await toCodeStep(h, phone);
  await h.service.submitCode({ code: latestCode(phone) });
  expect(h.service.getState().step).toBe('signed_in');
}

beforeAll(async () => {
  server = await startLocalServer({ port: 'auto', settings: { freshResetForbiddenMs: 0 } });
  target = await gramjsTargetOf(server);
});

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
  await server.reset();
});

afterAll(async () => {
  if (!noKeychain) {
    // Leave nothing behind in the (throwaway) keychain.
    const require = createRequire(import.meta.url);
    const keytar = require('keytar') as { findCredentials(s: string): Promise<Array<{ account: string }>>; deletePassword(s: string, a: string): Promise<boolean> };
    for (const service of keychainServices) {
      for (const c of await keytar.findCredentials(service)) await keytar.deletePassword(service, c.account);
    }
  }
  await server?.stop();
});

describe('two-step password', () => {
  it('the hint is shown; a wrong password keeps the step with PASSWORD_HASH_INVALID; the right one signs in', async () => {
    const h = harness(offVault());
    await toCodeStep(h, GRACE);
    await h.service.submitCode({ code: latestCode(GRACE) });
    expect(h.service.getState()).toEqual({ step: 'password', phone: GRACE, hint: 'the usual', hasRecovery: true, busy: null, error: null });

    await expect(h.service.submitPassword({ password: 'hunter3' })).resolves.toEqual(OK);
    expect(h.service.getState()).toEqual({
      step: 'password',
      phone: GRACE,
      hint: 'the usual',
      hasRecovery: true,
      busy: null,
      error: { code: 'PASSWORD_HASH_INVALID' },
    });
    // Empty: refused before any call.
    const checks = calls('auth.checkPassword').length;
    await h.service.submitPassword({ password: '' });
    expect(h.service.getState()).toMatchObject({ step: 'password', error: { code: 'PASSWORD_FORMAT' } });
    expect(calls('auth.checkPassword')).toHaveLength(checks);

    await h.service.submitPassword({ password: 'hunter2' });
    expect(h.service.getState()).toMatchObject({ step: 'signed_in', user: { firstName: 'Grace', phone: GRACE } });
    expect(h.states.some((s) => s.step === 'password' && s.busy === 'check_password')).toBe(true);
  });

  it('SRP_ID_INVALID: the parameters are fetched again and the check retried once', async () => {
    const h = harness(offVault());
    await toCodeStep(h, GRACE);
    await h.service.submitCode({ code: latestCode(GRACE) });
    server.faults.add({ method: 'auth.checkPassword', error: 'SRP_ID_INVALID', times: 1 });
    const gets = calls('account.getPassword').length;
    await h.service.submitPassword({ password: 'hunter2' });
    expect(h.service.getState().step).toBe('signed_in');
    expect(calls('auth.checkPassword').map((e) => e.outcome)).toEqual(['error', 'ok']);
    expect(calls('account.getPassword').length - gets).toBe(2);
  });

  it('SRP_ID_INVALID twice: shown, not retried forever', async () => {
    const h = harness(offVault());
    await toCodeStep(h, GRACE);
    await h.service.submitCode({ code: latestCode(GRACE) });
    server.faults.add({ method: 'auth.checkPassword', error: 'SRP_ID_INVALID', times: 2 });
    await h.service.submitPassword({ password: 'hunter2' });
    expect(h.service.getState()).toMatchObject({ step: 'password', error: { code: 'SRP_ID_INVALID' } });
    expect(calls('auth.checkPassword')).toHaveLength(2);
  });

  it('"Forgot password?": the email pattern, a wrong code, then the emailed code signs in', async () => {
    const h = harness(offVault());
    await toCodeStep(h, GRACE);
    await h.service.submitCode({ code: latestCode(GRACE) });
    const before = server.inbox(GRACE).length;
    await h.service.requestPasswordRecovery();
    expect(h.service.getState()).toEqual({
      step: 'password_recovery',
      phone: GRACE,
      emailPattern: expect.stringMatching(/^\S+@\S+$/),
      busy: null,
      error: null,
    });
    const mail = await server.waitForMessage(GRACE, { after: before });
    expect(mail.purpose).toBe('recovery');

    await h.service.submitRecoveryCode({ code: '00000' });
    expect(h.service.getState()).toMatchObject({ step: 'password_recovery', error: { code: 'CODE_INVALID' } });
    // Back to the password step, and into recovery again, loses nothing.
    await h.service.cancelPasswordRecovery();
    expect(h.service.getState()).toMatchObject({ step: 'password', hint: 'the usual', hasRecovery: true });
    await h.service.requestPasswordRecovery();
    const again = await server.waitForMessage(GRACE, { after: before + 1 });
    await h.service.submitRecoveryCode({ code: again.code });
    expect(h.service.getState()).toMatchObject({ step: 'signed_in', user: { phone: GRACE } });
  });

  it('no recovery email: PASSWORD_RECOVERY_NA, and recovery is no longer offered', async () => {
    const phone = '+15557770010';
    server.users.add({ phone, firstName: 'Nora', lastName: '', dc: 2, password: 'pw', hint: '' });
    const h = harness(offVault());
    await toCodeStep(h, phone);
    await h.service.submitCode({ code: latestCode(phone) });
    expect(h.service.getState()).toMatchObject({ step: 'password', hint: '', hasRecovery: false });
    await h.service.requestPasswordRecovery();
    expect(h.service.getState()).toMatchObject({ step: 'password', hasRecovery: false, error: { code: 'PASSWORD_RECOVERY_NA' } });
  });
});

describe('QR login', () => {
  it('a token to show; scanned on the phone: signed in, same DC', async () => {
    const h = harness(offVault());
    await h.service.start();
    await expect(h.service.startQrLogin()).resolves.toEqual(OK);
    const shown = h.service.getState();
    expect(shown).toEqual({
      step: 'qr',
      loginUrl: expect.stringMatching(/^tg:\/\/login\?token=[A-Za-z0-9_-]+$/),
      expiresAt: expect.any(Number),
      busy: null,
      error: null,
    });
    expect(shown.step === 'qr' && shown.expiresAt! > Date.now()).toBe(true);
    expect(server.qrAccept(ADA)).toMatchObject({ ok: true });
    const done = await h.until((s) => s.step === 'signed_in');
    expect(done).toMatchObject({ user: { firstName: 'Ada', phone: ADA } });
    expect(h.states.some((s) => s.step === 'qr' && s.busy === 'qr_sign_in')).toBe(true);
  });

  it('an account on another DC: loginTokenMigrateTo, auth.importLoginToken there', async () => {
    const h = harness(offVault());
    await h.service.start();
    await h.service.startQrLogin();
    server.qrAccept(ALAN);
    await expect(h.until((s) => s.step === 'signed_in')).resolves.toMatchObject({ user: { firstName: 'Alan', phone: ALAN } });
    expect(calls('auth.importLoginToken').map((e) => [e.dc, e.outcome])).toEqual([[3, 'ok']]);
  });

  it('a 2FA account after the scan: the password step without a number, then signed in', async () => {
    const h = harness(offVault());
    await h.service.start();
    await h.service.startQrLogin();
    server.qrAccept(GRACE);
    await expect(h.until((s) => s.step === 'password')).resolves.toEqual({
      step: 'password',
      phone: null,
      hint: 'the usual',
      hasRecovery: true,
      busy: null,
      error: null,
    });
    await h.service.submitPassword({ password: 'hunter2' });
    expect(h.service.getState()).toMatchObject({ step: 'signed_in', user: { phone: GRACE } });
  });

  it('the token is replaced before it expires, by itself', async () => {
    server.settings.set({ loginTokenTtlMs: 3000 });
    const h = harness(offVault());
    await h.service.start();
    await h.service.startQrLogin();
    const first = h.service.getState();
    const next = await h.until((s) => s.step === 'qr' && first.step === 'qr' && s.loginUrl !== null && s.loginUrl !== first.loginUrl);
    expect(next).toMatchObject({ step: 'qr', busy: null, error: null });
    // The new token still works.
    server.qrAccept(ADA);
    await expect(h.until((s) => s.step === 'signed_in')).resolves.toMatchObject({ user: { phone: ADA } });
  });

  it('reachable from the code step (the code is cancelled), and back to the number', async () => {
    const h = harness(offVault());
    await toCodeStep(h, ADA);
    await h.service.startQrLogin();
    expect(h.service.getState().step).toBe('qr');
    expect(calls('auth.cancelCode')).toHaveLength(1);
    await h.service.editPhone();
    expect(h.service.getState()).toEqual({ step: 'phone', phone: '', busy: null, error: null });
  });
});

describe('sign-up', () => {
  it('the terms are shown; names checked; accepted terms, then auth.signUp signs in', async () => {
    const phone = '+15557770020';
    const h = harness(offVault());
    await toCodeStep(h, phone);
    await h.service.submitCode({ code: latestCode(phone) });
    expect(h.service.getState()).toMatchObject({ step: 'sign_up', phone, termsOfService: { text: expect.stringMatching(/\S/) } });
    await h.service.submitSignUp({ firstName: '   ', lastName: 'x', acceptTerms: true });
    expect(h.service.getState()).toMatchObject({ step: 'sign_up', error: { code: 'NAME_FORMAT' } });
    expect(calls('auth.signUp')).toHaveLength(0);
    await h.service.submitSignUp({ firstName: ' Neo ', lastName: 'Anderson', acceptTerms: true });
    expect(h.service.getState()).toMatchObject({ step: 'signed_in', user: { firstName: 'Neo', lastName: 'Anderson', phone } });
    const order = server.log().map((e) => e.method).filter((m) => m === 'help.acceptTermsOfService' || m === 'auth.signUp');
    expect(order).toEqual(['help.acceptTermsOfService', 'auth.signUp']);
  });

  it('PHONE_NUMBER_APP_SIGNUP_FORBIDDEN is explained (as its code), nothing half-done', async () => {
    server.settings.set({ appSignupForbidden: true });
    const h = harness(offVault());
    await h.service.start();
    await h.service.submitPhone({ phone: '+15557770021' });
    expect(h.service.getState()).toMatchObject({ step: 'phone', error: { code: 'PHONE_NUMBER_APP_SIGNUP_FORBIDDEN' } });
  });
});

describe('every code type', () => {
  const add = (phone: string, codeChannels: string[], extra: Record<string, unknown> = {}) =>
    server.users.add({ phone, firstName: 'Code', lastName: '', dc: 2, codeChannels: codeChannels as never, ...extra });

  it('Firebase SMS: the next channel is asked for by itself', async () => {
    const phone = '+15557770030';
    add(phone, ['firebase_sms', 'sms']);
    const h = harness(offVault());
    await toCodeStep(h, phone);
    expect(h.service.getState()).toMatchObject({ step: 'code', delivery: { kind: 'sms' } });
    expect(calls('auth.resendCode')).toHaveLength(1);
    await h.service.submitCode({ code: latestCode(phone) });
    expect(h.service.getState().step).toBe('signed_in');
  });

  it('SMS word: a word not starting with the given beginning is refused before sending', async () => {
    const phone = '+15557770031';
    add(phone, ['sms_word']);
    const h = harness(offVault());
    await toCodeStep(h, phone);
    const s = h.service.getState();
    expect(s).toMatchObject({ step: 'code', delivery: { kind: 'sms_word', beginning: expect.any(String) } });
    const word = latestCode(phone);
    const wrong = (word[0] === 'z' ? 'a' : 'z') + word.slice(1);
    await h.service.submitCode({ code: wrong });
    expect(h.service.getState()).toMatchObject({ step: 'code', error: { code: 'CODE_FORMAT' } });
    expect(calls('auth.signIn')).toHaveLength(0);
    await h.service.submitCode({ code: ` ${word} ` });
    expect(h.service.getState().step).toBe('signed_in');
  });

  it('SMS phrase: signs in with the phrase', async () => {
    const phone = '+15557770032';
    add(phone, ['sms_phrase']);
    const h = harness(offVault());
    await toCodeStep(h, phone);
    expect(h.service.getState()).toMatchObject({ delivery: { kind: 'sms_phrase', beginning: expect.any(String) } });
    await h.service.submitCode({ code: latestCode(phone) });
    expect(h.service.getState().step).toBe('signed_in');
  });

  it('missed call: the last N digits of the calling number', async () => {
    const phone = '+15557770033';
    add(phone, ['missed_call']);
    const h = harness(offVault());
    await toCodeStep(h, phone);
    const s = h.service.getState();
    expect(s).toMatchObject({ step: 'code', delivery: { kind: 'missed_call', prefix: expect.stringMatching(/^\+\d+$/) } });
    const code = latestCode(phone);
    expect(s.step === 'code' && s.length).toBe(code.length);
    await h.service.submitCode({ code: code });
    expect(h.service.getState().step).toBe('signed_in');
  });

  it('email code: the pattern shown, the emailed code signs in', async () => {
    const phone = '+15557770034';
    add(phone, ['email'], { loginEmail: 'code@example.com' });
    const h = harness(offVault());
    await toCodeStep(h, phone);
    expect(h.service.getState()).toMatchObject({ delivery: { kind: 'email', emailPattern: expect.stringMatching(/^\S+@\S+$/) } });
    await h.service.submitCode({ code: latestCode(phone) });
    expect(h.service.getState().step).toBe('signed_in');
  });

  it('Fragment SMS: the Fragment link is in the delivery', async () => {
    const phone = '+15557770035';
    add(phone, ['fragment_sms']);
    const h = harness(offVault());
    await toCodeStep(h, phone);
    expect(h.service.getState()).toMatchObject({ delivery: { kind: 'fragment_sms', url: expect.stringMatching(/^https:\/\/fragment\.com\//) } });
    await h.service.submitCode({ code: latestCode(phone) });
    expect(h.service.getState().step).toBe('signed_in');
  });

  it('setUpEmailRequired: the address, its code, then the login code by email', async () => {
    const phone = '+15557770036';
    add(phone, ['setup_email_required']);
    const h = harness(offVault());
    await h.service.start();
    await h.service.submitPhone({ phone: phone });
    expect(h.service.getState()).toEqual({ step: 'email_setup', phone, emailPattern: null, length: 0, busy: null, error: null });
    await h.service.submitLoginEmail({ email: 'not-an-email' });
    expect(h.service.getState()).toMatchObject({ step: 'email_setup', error: { code: 'EMAIL_FORMAT' } });
    await h.service.submitLoginEmail({ email: 'neo@example.com' });
    expect(h.service.getState()).toMatchObject({ step: 'email_setup', emailPattern: expect.stringMatching(/^\S+@\S+$/), error: null });
    await h.service.submitCode({ code: latestCode(phone) });
    expect(h.service.getState()).toMatchObject({ step: 'code', delivery: { kind: 'email' } });
    await h.service.submitCode({ code: latestCode(phone) });
    expect(h.service.getState().step).toBe('signed_in');
  });
});

describe('app core: the allow-listed external opener', () => {
  it('browser mode answers the checked Fragment URL; anything else is refused', async () => {
    const core = await createAppCore({ env: { GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()), GRAMDESK_KEYCHAIN: 'off' } });
    try {
      await core.started;
      await expect(core.route('openExternal', { url: 'https://fragment.com/numbers' })).resolves.toEqual({
        ok: true,
        value: { opened: false, url: 'https://fragment.com/numbers' },
      });
      await expect(core.route('openExternal', { url: 'https://evil.example/' })).resolves.toEqual({ ok: false, error: 'URL_NOT_ALLOWED' });
    } finally {
      await core.dispose();
    }
  });

  it('with an opener (Electron), only allow-listed URLs reach it', async () => {
    const opened: string[] = [];
    const core = await createAppCore({
      env: { GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()), GRAMDESK_KEYCHAIN: 'off' },
      openExternal: async (url) => void opened.push(url),
    });
    try {
      await expect(core.route('openExternal', { url: 'https://fragment.com/numbers' })).resolves.toEqual({ ok: true, value: { opened: true } });
      await expect(core.route('openExternal', { url: 'javascript:alert(1)' })).resolves.toEqual({ ok: false, error: 'URL_NOT_ALLOWED' });
      expect(opened).toEqual(['https://fragment.com/numbers']);
    } finally {
      await core.dispose();
    }
  });
});

describe('offline and back, without re-entering anything', () => {
  it('a dropped connection at the code step shows offline, recovers by itself, and the code still signs in', async () => {
    const h = harness(offVault());
    await toCodeStep(h, ADA);
    const code = latestCode(ADA);
    server.dropConnections();
    const off = await h.until((s) => s.offline !== undefined);
    expect(off).toMatchObject({ step: 'code', phone: ADA, offline: { since: expect.any(Number) } });
    await h.until((s) => s.offline === undefined);
    await h.service.submitCode({ code: code });
    expect(h.service.getState().step).toBe('signed_in');
  });

  it('a server that is gone: offline with the next attempt shown, back online by itself when it returns', async () => {
    const own = await startLocalServer({ port: 'auto' });
    const base = own.dcs[0]!.port - 1;
    const info = { dcs: own.dcs, rsaPublicKey: own.rsaPublicKey, controlUrl: own.controlUrl, demoUsers: [] };
    const ownTarget = { apiId: 2_040_000, apiHash: 'gramdesk-test', ...(await connectLocalTarget(info)) };
    const gateway = createGramjsGateway({ target: ownTarget, connectTimeoutMs: 2000, callTimeoutMs: 3000 });
    const service = createLoginService({ gateway, vault: offVault(), offlineProbeMs: { first: 200, max: 400 } });
    let again: LocalServer | null = null;
    cleanups.push(async () => {
      service.dispose();
      await gateway.connection.dispose();
      await again?.stop();
    });
    await service.start();
    await service.submitPhone({ phone: ADA });
    expect(service.getState().step).toBe('code');
    const seen: LoginState[] = [];
    service.onState((s) => seen.push(s));
    await own.stop();
    await service.submitCode({ code: '00000' });
    // The code step and the number stay; the failure is shown, and so is being offline.
    expect(service.getState()).toMatchObject({
      step: 'code',
      phone: ADA,
      error: { code: expect.stringMatching(/^(NETWORK|TIMEOUT)$/) },
      offline: { since: expect.any(Number) },
    });
    const waiting = await new Promise<LoginState>((resolve) => {
      const off = service.onState((s) => {
        if (s.offline?.nextAttemptAt) {
          off();
          resolve(s);
        }
      });
    });
    expect(waiting.offline!.nextAttemptAt).toBeGreaterThan(waiting.offline!.since);
    // Known to be unreachable: an action fails at once with OFFLINE, the code step kept.
    await expect(service.submitCode({ code: '12345' })).resolves.toEqual(OK);
    expect(service.getState()).toMatchObject({ step: 'code', phone: ADA, busy: null, error: { code: 'OFFLINE' } });
    // The server is back (same ports; it knows no old keys, so a fresh one is made): online again.
    again = await startLocalServer({ port: base });
    const back = await new Promise<LoginState>((resolve) => {
      const off = service.onState((s) => {
        if (s.offline === undefined) {
          off();
          resolve(s);
        }
      });
    });
    expect(back).toMatchObject({ step: 'code', phone: ADA });
    expect(seen.length).toBeGreaterThan(0);
  });
});

describe('faults: each ends in a defined state, nothing lost', () => {
  it('a server clock an hour ahead: the QR expiry is still on the local clock, and sign-in works', async () => {
    server.clock.skew(3_600_000);
    const h = harness(offVault());
    await h.service.start();
    await h.service.startQrLogin();
    const s = h.service.getState();
    expect(s.step).toBe('qr');
    const expiresAt = s.step === 'qr' ? s.expiresAt! : 0;
    // About loginTokenTtlMs (30 s) from now by this machine's clock, not an hour off.
    expect(expiresAt - Date.now()).toBeGreaterThan(5_000);
    expect(expiresAt - Date.now()).toBeLessThan(60_000);
    await h.service.editPhone();
    await h.service.submitPhone({ phone: ADA });
    await h.service.submitCode({ code: latestCode(ADA) });
    expect(h.service.getState().step).toBe('signed_in');
  });

  it('the connection dropped during auth.signIn (the server had signed in): the resend says expired, yet the person is signed in', async () => {
    const h = harness(offVault());
    await toCodeStep(h, ADA);
    server.faults.add({ method: 'auth.signIn', dropConnection: true });
    await h.service.submitCode({ code: latestCode(ADA) });
    expect(h.service.getState()).toMatchObject({ step: 'signed_in', user: { phone: ADA } });
  });

  it('a forgotten auth key at the code step: a fresh key, no hang, the code still signs in', async () => {
    const h = harness(offVault());
    await toCodeStep(h, ADA);
    server.forgetAuthKey();
    await h.service.submitCode({ code: latestCode(ADA) });
    expect(h.service.getState()).toMatchObject({ step: 'signed_in', user: { phone: ADA } });
  });

  it('a 5 s FLOOD_WAIT: refused until it ends, then allowed, nothing retried by itself', async () => {
    const h = harness(offVault());
    await h.service.start();
    server.faults.add({ method: 'auth.sendCode', error: 'FLOOD_WAIT_5' });
    await h.service.submitPhone({ phone: ADA });
    expect(h.service.getState()).toMatchObject({ step: 'phone', error: { code: 'FLOOD_WAIT', retryAt: h.clock.now + 5000 } });
    await expect(h.service.submitPhone({ phone: ADA })).resolves.toEqual({ ok: false, error: 'NOT_NOW' });
    expect(calls('auth.sendCode')).toHaveLength(1);
    h.clock.now += 5000;
    await expect(h.service.submitPhone({ phone: ADA })).resolves.toEqual(OK);
    expect(h.service.getState().step).toBe('code');
    expect(calls('auth.sendCode')).toHaveLength(2);
  });

  it('PHONE_MIGRATE during sendCode: followed to the account\'s DC, the code step as usual', async () => {
    const h = harness(offVault());
    await toCodeStep(h, ALAN);
    await h.service.submitCode({ code: latestCode(ALAN) });
    expect(h.service.getState()).toMatchObject({ step: 'signed_in', user: { phone: ALAN } });
  });
});

describe.skipIf(noKeychain !== null)(`with the real keychain${noKeychain ? ` (skipped: ${noKeychain})` : ''}`, () => {
  it('future auth token: kept at log-out, and the next sign-in of that account skips the code', async () => {
    const vault = ownVault();
    const h = harness(vault);
    await signIn(h, ADA);
    await h.service.logOut();
    const tokens = JSON.parse((await vault.getItem('future-auth-tokens#15550100')) ?? '[]') as string[];
    expect(tokens).toHaveLength(1);

    const next = harness(sameVault(vault));
    await next.service.start();
    const signIns = calls('auth.signIn').length;
    await next.service.submitPhone({ phone: ADA });
    expect(next.service.getState()).toMatchObject({ step: 'signed_in', user: { phone: ADA }, sessionPersisted: true });
    expect(calls('auth.signIn')).toHaveLength(signIns);
    expect(calls('auth.sendCode').at(-1)!.result).toBe('auth.SentCodeSuccess');
  });

  for (const reason of ['AUTH_KEY_UNREGISTERED', 'SESSION_REVOKED', 'SESSION_EXPIRED', 'USER_DEACTIVATED', 'AUTH_KEY_DUPLICATED'] as const) {
    it(`a stored session the server rejects with ${reason}: wiped from the keychain, and the phone step says why`, async () => {
      const vault = ownVault();
      const h = harness(vault);
      await signIn(h, ADA);
      server.faults.add({ method: 'users.getUsers', error: reason, code: 401 });
      const next = harness(sameVault(vault));
      await next.service.start();
      expect(next.service.getState()).toEqual({ step: 'phone', phone: '', busy: null, error: { code: reason } });
      await expect(vault.load()).resolves.toEqual({ ok: true, value: null });
    });
  }

  it('the stored session on a key the server forgot (-404): a fresh key, the session wiped, the reason shown', async () => {
    const vault = ownVault();
    const h = harness(vault);
    await signIn(h, ADA);
    server.forgetAuthKey();
    const next = harness(sameVault(vault));
    await next.service.start();
    expect(next.service.getState()).toEqual({ step: 'phone', phone: '', busy: null, error: { code: 'AUTH_KEY_UNREGISTERED' } });
    await expect(vault.load()).resolves.toEqual({ ok: true, value: null });
    // And the app works on: a new code, a new sign-in.
    await next.service.submitPhone({ phone: ADA });
    await next.service.submitCode({ code: latestCode(ADA) });
    expect(next.service.getState().step).toBe('signed_in');
  });

  it('a flood deadline survives a restart: actions stay refused until it ends', async () => {
    const vault = ownVault();
    const h = harness(vault);
    await h.service.start();
    server.faults.add({ method: 'auth.sendCode', error: 'FLOOD_WAIT_86400' });
    await h.service.submitPhone({ phone: ADA });
    const retryAt = h.clock.now + 86_400_000;
    expect(h.service.getState()).toEqual({ step: 'phone', phone: ADA, busy: null, error: { code: 'FLOOD_WAIT', retryAt } });
    await expect(h.service.submitPhone({ phone: ADA })).resolves.toEqual({ ok: false, error: 'NOT_NOW' });
    expect(calls('auth.sendCode')).toHaveLength(1);

    // A restart: the same deadline, still refusing.
    const clock = { now: h.clock.now + 60_000 };
    const next = harness(sameVault(vault), clock);
    await next.service.start();
    expect(next.service.getState()).toEqual({ step: 'phone', phone: ADA, busy: null, error: { code: 'FLOOD_WAIT', retryAt } });
    await expect(next.service.submitPhone({ phone: ADA })).resolves.toEqual({ ok: false, error: 'NOT_NOW' });
    expect(calls('auth.sendCode')).toHaveLength(1);
    // QR login stays open as the way out.
    await expect(next.service.startQrLogin()).resolves.toEqual(OK);
    await next.service.editPhone();
    expect(next.service.getState()).toMatchObject({ step: 'phone', error: { code: 'FLOOD_WAIT', retryAt } });
    // Once it is over: allowed again.
    clock.now = retryAt;
    await expect(next.service.submitPhone({ phone: ADA })).resolves.toEqual(OK);
    expect(next.service.getState().step).toBe('code');
  });

  it('a restart during the code step returns to the same step without a new code, and the code signs in', async () => {
    const vault = ownVault();
    const h = harness(vault);
    await toCodeStep(h, ADA);
    const before = h.service.getState();
    const code = latestCode(ADA);
    await Promise.all(cleanups.splice(0).map((c) => c()));

    const next = harness(sameVault(vault), { now: h.clock.now + 30_000 });
    await next.service.start();
    expect(next.service.getState()).toEqual(before);
    expect(calls('auth.sendCode')).toHaveLength(1);
    await next.service.submitCode({ code: code });
    expect(next.service.getState().step).toBe('signed_in');
    await expect(vault.getItem('pending-code')).resolves.toBeNull();
  });

  it('a pending code older than its lifetime is not resumed', async () => {
    const vault = ownVault();
    const h = harness(vault);
    await toCodeStep(h, ADA);
    const next = harness(sameVault(vault), { now: h.clock.now + 6 * 60_000 });
    await next.service.start();
    expect(next.service.getState()).toEqual({ step: 'phone', phone: '', busy: null, error: null });
    await expect(vault.getItem('pending-code')).resolves.toBeNull();
  });

  it('active sessions: listed, another one ended (it is then signed out), this one can\'t be', async () => {
    const elsewhere = harness(offVault());
    await signIn(elsewhere, ADA);
    const h = harness(ownVault());
    await signIn(h, ADA);
    expect(h.service.getState()).toMatchObject({ sessions: null });
    await expect(h.service.refreshSessions()).resolves.toEqual(OK);
    const s = h.service.getState();
    if (s.step !== 'signed_in' || !s.sessions) throw new Error('no sessions');
    expect(s.sessions.length).toBeGreaterThanOrEqual(2);
    expect(s.sessions[0]).toMatchObject({ current: true, hash: expect.stringMatching(/^-?\d+$/) });
    const other = s.sessions.find((x) => !x.current)!;
    await expect(h.service.endSession({ hash: s.sessions[0]!.hash })).resolves.toEqual({ ok: false, error: 'NOT_NOW' });

    await expect(h.service.endSession({ hash: other.hash })).resolves.toEqual(OK);
    const after = h.service.getState();
    expect(after).toMatchObject({ step: 'signed_in', busy: null, error: null });
    expect(after.step === 'signed_in' && after.sessions!.map((x) => x.hash)).not.toContain(other.hash);
    // The ended session finds out when it next asks: wiped, told why.
    await elsewhere.service.refreshSessions();
    expect(elsewhere.service.getState()).toMatchObject({ step: 'phone', error: { code: expect.stringMatching(/^(SESSION_REVOKED|AUTH_KEY_UNREGISTERED)$/) } });
  });

  it('FRESH_RESET_AUTHORISATION_FORBIDDEN: a new session may not end others yet, and says so', async () => {
    server.settings.set({ freshResetForbiddenMs: 86_400_000 });
    const elsewhere = harness(offVault());
    await signIn(elsewhere, ADA);
    const h = harness(ownVault());
    await signIn(h, ADA);
    await h.service.refreshSessions();
    const s = h.service.getState();
    const other = s.step === 'signed_in' ? s.sessions!.find((x) => !x.current)! : null;
    await h.service.endSession({ hash: other!.hash });
    expect(h.service.getState()).toMatchObject({ step: 'signed_in', error: { code: 'FRESH_RESET_AUTHORISATION_FORBIDDEN' } });
  });
});
