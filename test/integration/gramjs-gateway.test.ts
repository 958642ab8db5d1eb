// The gramjs adapter against the local MTProto server: real gramjs, real MTProto over TCP on
// loopback. Codes are read from the server's inbox, faults and time come from its controls.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import { gramjsTargetOf } from '../support/gramjs-target';
import { connectLocalTarget } from '../../main/telegram/local-target';
import { createGramjsGateway, type GramjsTarget } from '../../main/telegram/gramjs-gateway';
import type { SentCode, TelegramGateway } from '../../main/telegram/telegram-gateway';
import { startHeldRelay } from '../support/held-routes';

const ADA = '+15550100'; // DC 2, app -> sms -> call
const ALAN = '+15550102'; // DC 3: a sign-in that starts on DC 2 is migrated
const KATHERINE = '+15550103'; // app only
const GRACE = '+15550101'; // two-step password

let server: LocalServer;
let target: GramjsTarget;
const gateways: TelegramGateway[] = [];

function gateway(options: { callTimeoutMs?: number } = {}): TelegramGateway {
  const g = createGramjsGateway({ target, ...options });
  gateways.push(g);
  return g;
}

async function sentCode(g: TelegramGateway, phone: string): Promise<SentCode> {
  const r = await g.auth.sendCode({ phone, logoutTokens: [] });
  if (!r.ok || r.value.kind !== 'code_sent') throw new Error(`sendCode failed: ${JSON.stringify(r)}`);
  return r.value.sentCode;
}

const latestCode = (phone: string) => server.inbox(phone).at(-1)!.code;
const calls = (method: string) => server.log().filter((e) => e.method === method);

beforeAll(async () => {
  server = await startLocalServer({ port: 'auto' });
  target = await gramjsTargetOf(server);
});

afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.connection.dispose()));
  await server.reset();
});

afterAll(async () => {
  await server?.stop();
});

describe('gramjs gateway: the code and its fallback channels', () => {
  it('auth.sendCode answers how the code went, its length, the next channel and its timeout', async () => {
    const g = gateway();
    const code = await sentCode(g, ADA);
    expect(code).toEqual({
      phoneCodeHash: expect.any(String),
      delivery: { kind: 'app' },
      length: 5,
      next: 'sms',
      timeoutSec: 60,
    });
    expect(server.inbox(ADA).map((m) => m.channel)).toEqual(['app']);
  });

  it('auth.resendCode walks app -> sms -> call, then SEND_CODE_UNAVAILABLE', async () => {
    const g = gateway();
    const first = await sentCode(g, ADA);
    const sms = await g.auth.resendCode({ phone: ADA, phoneCodeHash: first.phoneCodeHash });
    expect(sms).toEqual({
      ok: true,
      value: { phoneCodeHash: expect.any(String), delivery: { kind: 'sms' }, length: 5, next: 'call', timeoutSec: 60 },
    });
    if (!sms.ok) return;
    const call = await g.auth.resendCode({ phone: ADA, phoneCodeHash: sms.value.phoneCodeHash });
    expect(call).toEqual({
      ok: true,
      value: { phoneCodeHash: expect.any(String), delivery: { kind: 'call' }, length: 5, next: null, timeoutSec: null },
    });
    if (!call.ok) return;
    const none = await g.auth.resendCode({ phone: ADA, phoneCodeHash: call.value.phoneCodeHash });
    expect(none).toMatchObject({ ok: false, error: { code: 'SEND_CODE_UNAVAILABLE' } });
    expect(server.inbox(ADA).map((m) => m.channel)).toEqual(['app', 'sms', 'call']);
  });

  it('an app-only account offers no next channel', async () => {
    const code = await sentCode(gateway(), KATHERINE);
    expect(code).toMatchObject({ delivery: { kind: 'app' }, next: null, timeoutSec: null });
  });

  it('signs in with the code from the inbox, and the session it exports restores the account', async () => {
    const g = gateway();
    const code = await sentCode(g, ADA);
    const signedIn = await g.auth.signIn({ phone: ADA, phoneCodeHash: code.phoneCodeHash, code: latestCode(ADA), viaEmail: false });
    expect(signedIn).toEqual({
      ok: true,
      value: { kind: 'signed_in', user: { id: expect.stringMatching(/^\d+$/), firstName: 'Ada', lastName: 'Lovelace', phone: ADA, username: null } },
    });
    const session = g.connection.exportSession();
    expect(session).toEqual(expect.any(String));

    // The next start of the app: a new gateway from the stored session.
    const restored = gateway();
    await restored.connection.useSession(session);
    await expect(restored.users.getSelf()).resolves.toMatchObject({ ok: true, value: { firstName: 'Ada', phone: ADA } });
  });

  it('PHONE_CODE_INVALID for a wrong code, and the right one still works', async () => {
    const g = gateway();
    const code = await sentCode(g, ADA);
    const right = latestCode(ADA);
    const wrong = right === '00000' ? '11111' : '00000';
    await expect(g.auth.signIn({ phone: ADA, phoneCodeHash: code.phoneCodeHash, code: wrong, viaEmail: false })).resolves.toMatchObject({ ok: false, error: { code: 'PHONE_CODE_INVALID' } });
    await expect(g.auth.signIn({ phone: ADA, phoneCodeHash: code.phoneCodeHash, code: right, viaEmail: false })).resolves.toMatchObject({ ok: true, value: { kind: 'signed_in' } });
  });

  it('PHONE_CODE_EXPIRED once the code has outlived its lifetime (server clock moved on)', async () => {
    const g = gateway();
    const code = await sentCode(g, ADA);
    // Codes live 5 minutes; move the server 6 minutes ahead (gramjs corrects its time offset).
    server.clock.skew(6 * 60_000);
    await expect(g.auth.signIn({ phone: ADA, phoneCodeHash: code.phoneCodeHash, code: latestCode(ADA), viaEmail: false })).resolves.toMatchObject({
      ok: false,
      error: { code: 'PHONE_CODE_EXPIRED' },
    });
  });

  it('PHONE_CODE_EXPIRED after auth.cancelCode', async () => {
    const g = gateway();
    const code = await sentCode(g, ADA);
    await expect(g.auth.cancelCode({ phone: ADA, phoneCodeHash: code.phoneCodeHash })).resolves.toEqual({ ok: true, value: undefined });
    await expect(g.auth.signIn({ phone: ADA, phoneCodeHash: code.phoneCodeHash, code: latestCode(ADA), viaEmail: false })).resolves.toMatchObject({
      ok: false,
      error: { code: 'PHONE_CODE_EXPIRED' },
    });
  });

  it('PHONE_CODE_HASH_EMPTY for a lost flow', async () => {
    const g = gateway();
    await expect(g.auth.resendCode({ phone: ADA, phoneCodeHash: '' })).resolves.toMatchObject({ ok: false, error: { code: 'PHONE_CODE_HASH_EMPTY' } });
  });

  it('PHONE_NUMBER_INVALID from the server', async () => {
    await expect(gateway().auth.sendCode({ phone: '+1234', logoutTokens: [] })).resolves.toMatchObject({ ok: false, error: { code: 'PHONE_NUMBER_INVALID' } });
  });

  it('SESSION_PASSWORD_NEEDED becomes the password outcome', async () => {
    const g = gateway();
    const code = await sentCode(g, GRACE);
    await expect(g.auth.signIn({ phone: GRACE, phoneCodeHash: code.phoneCodeHash, code: latestCode(GRACE), viaEmail: false })).resolves.toEqual({
      ok: true,
      value: { kind: 'password_needed' },
    });
  });

  it('a number without an account: the sign-up outcome', async () => {
    const g = gateway();
    const phone = '+15557770001';
    const code = await sentCode(g, phone);
    expect(code.delivery).toEqual({ kind: 'sms' });
    await expect(g.auth.signIn({ phone, phoneCodeHash: code.phoneCodeHash, code: latestCode(phone), viaEmail: false })).resolves.toEqual({
      ok: true,
      value: {
        kind: 'sign_up_required',
        terms: { id: expect.any(String), text: expect.stringMatching(/\S/), minAgeConfirm: expect.toBeOneOf([null, expect.any(Number)]) },
      },
    });
  });
});

describe('gramjs gateway: bounded, never sleeping, migrating', () => {
  it('FLOOD_WAIT comes back at once with its wait, never slept through and retried', async () => {
    server.faults.add({ method: 'auth.sendCode', error: 'FLOOD_WAIT_5', times: 1 });
    const g = gateway();
    const r = await g.auth.sendCode({ phone: ADA, logoutTokens: [] });
    // Had gramjs slept the 5 s (its default threshold is 60 s), it would have retried and the
    // one-shot fault would be gone: the result would be a sent code, and the log would show two calls.
    expect(r).toEqual({ ok: false, error: { code: 'FLOOD_WAIT', waitSeconds: 5 } });
    expect(calls('auth.sendCode')).toHaveLength(1);
    expect(server.inbox(ADA)).toEqual([]);
  });

  it('PHONE_MIGRATE: a DC-3 account is followed to DC 3 and the call retried once', async () => {
    const g = gateway();
    const code = await sentCode(g, ALAN);
    expect(code.delivery).toEqual({ kind: 'app' });
    const sends = calls('auth.sendCode');
    expect(sends.map((e) => [e.dc, e.outcome, e.error ?? null])).toEqual([
      [2, 'error', '303 PHONE_MIGRATE_3'],
      [3, 'ok', null],
    ]);
    await expect(g.auth.signIn({ phone: ALAN, phoneCodeHash: code.phoneCodeHash, code: latestCode(ALAN), viaEmail: false })).resolves.toMatchObject({
      ok: true,
      value: { kind: 'signed_in', user: { firstName: 'Alan' } },
    });
    // The exported session is on DC 3 and restores there.
    const restored = gateway();
    await restored.connection.useSession(g.connection.exportSession());
    await expect(restored.users.getSelf()).resolves.toMatchObject({ ok: true, value: { firstName: 'Alan' } });
    expect(calls('users.getUsers').at(-1)?.dc).toBe(3);
  });

  it('a call made while the connection follows PHONE_MIGRATE waits for it: the pending code stays on DC 3 and a restart signs in there at once', async () => {
    // DC 3 behind a relay that holds the migrating connection, so the second call comes exactly then.
    const dc3 = server.dcs.find((d) => d.id === 3)!;
    const hold = await startHeldRelay(dc3);
    try {
      const dcs = server.dcs.map((d) => (d.id === 3 ? { id: 3, host: hold.host, port: hold.port } : d));
      const routed = await connectLocalTarget({ dcs, rsaPublicKey: server.rsaPublicKey, controlUrl: server.controlUrl, demoUsers: [] });
      const held: GramjsTarget = { ...target, ...routed };
      const g = createGramjsGateway({ target: held });
      gateways.push(g);
      const sending = g.auth.sendCode({ phone: ALAN, logoutTokens: [] });
      await hold.held;
      // The first screen's hints ride on the same connection and ask while it moves to DC 3.
      const asking = g.help.nearestCountry();
      hold.release();
      const [sent, nearest] = await Promise.all([sending, asking]);
      expect(nearest.ok).toBe(true);
      if (!sent.ok || sent.value.kind !== 'code_sent') throw new Error(`sendCode failed: ${JSON.stringify(sent)}`);
      expect(calls('help.getNearestDc').map((e) => e.dc)).toEqual([3]);

      // As after a restart at the code step: the stored session, on a new connection.
      const restarted = gateway();
      await restarted.connection.useSession(g.connection.exportSession());
      await expect(
        restarted.auth.signIn({ phone: ALAN, phoneCodeHash: sent.value.sentCode.phoneCodeHash, code: latestCode(ALAN), viaEmail: false }),
      ).resolves.toMatchObject({ ok: true, value: { kind: 'signed_in', user: { firstName: 'Alan' } } });
      expect(calls('auth.signIn').map((e) => [e.dc, e.outcome])).toEqual([[3, 'ok']]);
    } finally {
      await hold.close();
    }
  });

  it('a connection dropped by the server between calls: the next call reconnects and the flow goes on', async () => {
    const g = gateway();
    const code = await sentCode(g, ADA);
    server.dropConnections();
    await expect(g.auth.signIn({ phone: ADA, phoneCodeHash: code.phoneCodeHash, code: latestCode(ADA), viaEmail: false })).resolves.toMatchObject({
      ok: true,
      value: { kind: 'signed_in' },
    });
  });

  it('server failures (RPC_CALL_FAIL) become SERVER after one bounded retry', async () => {
    server.faults.add({ method: 'auth.sendCode', error: 'RPC_CALL_FAIL', code: 500, times: 2 });
    await expect(gateway().auth.sendCode({ phone: ADA, logoutTokens: [] })).resolves.toMatchObject({ ok: false, error: { code: 'SERVER' } });
    expect(calls('auth.sendCode')).toHaveLength(2);
  });

  it('a call the server never answers ends in TIMEOUT', async () => {
    const g = gateway({ callTimeoutMs: 1500 });
    // Connect first, so only the call itself is delayed past the bound.
    await sentCode(g, KATHERINE);
    server.faults.add({ method: 'auth.resendCode', delayMs: 20_000, times: 1 });
    await expect(g.auth.resendCode({ phone: KATHERINE, phoneCodeHash: 'x' })).resolves.toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
  });

  it('an unreachable server is NETWORK, not a hang', async () => {
    const closed = createGramjsGateway({
      target: { ...target, connection: (await connectLocalTarget({
        dcs: [{ id: 2, host: '127.0.0.1', port: 9 }],
        rsaPublicKey: server.rsaPublicKey,
        controlUrl: server.controlUrl,
        demoUsers: [],
      })).connection },
      connectTimeoutMs: 5000,
    });
    gateways.push(closed);
    const r = await closed.auth.sendCode({ phone: ADA, logoutTokens: [] });
    expect(r.ok).toBe(false);
    expect(r.ok ? null : r.error.code).toMatch(/^(NETWORK|TIMEOUT)$/);
  });
});

describe('gramjs gateway: sessions', () => {
  it('log out ends the session on the server: a restore of it is AUTH_KEY_UNREGISTERED', async () => {
    const g = gateway();
    const code = await sentCode(g, ADA);
    await g.auth.signIn({ phone: ADA, phoneCodeHash: code.phoneCodeHash, code: latestCode(ADA), viaEmail: false });
    const session = g.connection.exportSession();
    // The server hands back a future auth token (base64) for a code-less return.
    await expect(g.auth.logOut()).resolves.toEqual({ ok: true, value: { futureAuthToken: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) } });
    const again = gateway();
    await again.connection.useSession(session);
    await expect(again.users.getSelf()).resolves.toMatchObject({ ok: false, error: { code: 'AUTH_KEY_UNREGISTERED' } });
  });

  it('a fresh session is not signed in: getSelf is AUTH_KEY_UNREGISTERED', async () => {
    await expect(gateway().users.getSelf()).resolves.toMatchObject({ ok: false, error: { code: 'AUTH_KEY_UNREGISTERED' } });
  });

  it('useSession(null) starts over with a new auth key', async () => {
    const g = gateway();
    await sentCode(g, KATHERINE);
    const before = g.connection.exportSession();
    await g.connection.useSession(null);
    await sentCode(g, KATHERINE);
    expect(g.connection.exportSession()).not.toBe(before);
  });
});
