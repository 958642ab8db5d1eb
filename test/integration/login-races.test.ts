// Exact race orderings, forced with deferred promises in the style of mtcute's tests: a real call
// to the local server runs and is answered, but its answer is held back from the service until
// the test lets it go, so another press lands in between. Real gramjs, the real local server,
// the service's injected clock; only the moment an answer reaches the service is the test's.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LoginState } from '../../common/login-state';
import { createLoginService, type LoginService } from '../../main/login/login-service';
import { createGramjsGateway, type GramjsTarget } from '../../main/telegram/gramjs-gateway';
import type { TelegramGateway } from '../../main/telegram/telegram-gateway';
import { createSessionVault } from '../../main/vault/session-vault';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import { gramjsTargetOf } from '../support/gramjs-target';

const ADA = '+15550100';

let server: LocalServer;
let target: GramjsTarget;
const cleanups: Array<() => Promise<unknown>> = [];

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}
function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A held call: `answered` once the server has answered it, `release` hands that answer to the service. */
interface Held {
  answered: Promise<void>;
  release(): void;
}

/**
 * The real gateway, with the next call of `auth[method]` held: it goes to the server as usual,
 * and its (real) answer waits for `release`.
 */
function holdNext(real: TelegramGateway, method: 'resendCode' | 'signIn'): { gateway: TelegramGateway; held: Held } {
  const answered = deferred();
  const gate = deferred();
  const state = { used: false };
  const wrap =
    <A, R>(call: (args: A) => Promise<R>) =>
    async (args: A): Promise<R> => {
      if (state.used) return call(args);
      state.used = true;
      const answer = await call(args);
      answered.resolve();
      await gate.promise;
      return answer;
    };
  const auth = { ...real.auth, [method]: wrap(real.auth[method] as (a: unknown) => Promise<unknown>) } as TelegramGateway['auth'];
  return { gateway: { ...real, auth }, held: { answered: answered.promise, release: () => gate.resolve() } };
}

function harness(method: 'resendCode' | 'signIn'): { service: LoginService; held: Held; states: LoginState[]; clock: { now: number } } {
  const real = createGramjsGateway({ target });
  const { gateway, held } = holdNext(real, method);
  const clock = { now: Date.now() };
  const vault = createSessionVault({ service: 'Gramdesk (races)', disabledReason: 'not needed for these orderings' });
  const service = createLoginService({ gateway, vault, now: () => clock.now });
  const states: LoginState[] = [];
  service.onState((s) => states.push(s));
  cleanups.push(async () => {
    service.dispose();
    await real.connection.dispose();
  });
  return { service, held, states, clock };
}

const calls = (method: string) => server.log().filter((e) => e.method === method);
const latestCode = (phone: string) => server.inbox(phone).at(-1)!.code;

beforeAll(async () => {
  server = await startLocalServer({ port: 'auto' });
  target = await gramjsTargetOf(server);
});

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
  await server.reset();
});

afterAll(async () => {
  await server?.stop();
});

describe('races', () => {
  it('a resend answered after "Wrong number?" was pressed: the press is refused, the new code shows, and going back then cancels it', async () => {
    const h = harness('resendCode');
    await h.service.start();
    await h.service.submitPhone({ phone: ADA });
    h.clock.now += 60_000;

    const resend = h.service.requestNextChannel();
    await h.held.answered;
    // The server has sent the SMS; the service has not heard yet.
    expect(h.service.getState()).toMatchObject({ step: 'code', delivery: { kind: 'app' }, busy: 'resend_code' });
    const before = h.service.getState();
    await expect(h.service.editPhone()).resolves.toEqual({ ok: false, error: 'BUSY' });
    expect(h.service.getState()).toBe(before);
    expect(calls('auth.cancelCode')).toEqual([]);

    h.held.release();
    await expect(resend).resolves.toEqual({ ok: true, value: null });
    expect(h.service.getState()).toMatchObject({ step: 'code', delivery: { kind: 'sms' }, busy: null, error: null });

    // Now "Wrong number?" applies, to the code that is actually on its way.
    await expect(h.service.editPhone()).resolves.toEqual({ ok: true, value: null });
    expect(h.service.getState()).toEqual({ step: 'phone', phone: ADA, busy: null, error: null });
    expect(calls('auth.cancelCode').map((e) => e.outcome)).toEqual(['ok']);
  });

  it('a sign-in answered after "Log out" was pressed: the press is refused, the person is signed in, and log-out then works', async () => {
    const h = harness('signIn');
    await h.service.start();
    await h.service.submitPhone({ phone: ADA });

    const signIn = h.service.submitCode({ code: latestCode(ADA) });
    await h.held.answered;
    expect(h.service.getState()).toMatchObject({ step: 'code', busy: 'sign_in' });
    await expect(h.service.logOut()).resolves.toEqual({ ok: false, error: 'BUSY' });
    expect(calls('auth.logOut')).toEqual([]);

    h.held.release();
    await expect(signIn).resolves.toEqual({ ok: true, value: null });
    expect(h.service.getState()).toMatchObject({ step: 'signed_in', user: { phone: ADA }, busy: null });

    await expect(h.service.logOut()).resolves.toEqual({ ok: true, value: null });
    expect(h.service.getState()).toEqual({ step: 'phone', phone: '', busy: null, error: null });
    expect(calls('auth.logOut').map((e) => e.outcome)).toEqual(['ok']);
    // Every state pushed on the way was one the person could act on: never two actions at once.
    expect(h.states.filter((s) => 'busy' in s && s.busy !== null).map((s) => ('busy' in s ? s.busy : null))).toEqual([
      'send_code',
      'sign_in',
      'log_out',
    ]);
  });
});
