// A client of another MTProto library, @mtproto/core, at its own layer (158), over its own
// obfuscated TCP transport, through every sign-in path: key creation, PHONE_MIGRATE, resendCode,
// the empty-hash error, a wrong code, sign-in, 2FA with SRP, QR login across DCs and log-out.
// The library only learns where the DCs are and which RSA key to trust, as an app on a test
// server would; it must never log a protocol warning.
import { createPublicKey } from 'node:crypto';
import { createRequire } from 'node:module';
import { format } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalServer, type LocalServer } from '../local-server';
import { failureText } from './failure-text';

const require = createRequire(import.meta.url);
const corePath = require.resolve('@mtproto/core');
const coreRequire = createRequire(corePath);

interface MtprotoError {
  error_code: number;
  error_message: string;
}
type Result = Record<string, unknown> & { _: string };
interface MTProtoClient {
  dcList: Array<{ id: number; ip: string; port: number }>;
  call(method: string, params?: Record<string, unknown>, options?: { dcId?: number; syncAuth?: boolean }): Promise<Result>;
  crypto: { getSRPParams(p: Record<string, unknown>): Promise<{ A: Uint8Array; M1: Uint8Array }> };
  rpcs: Map<number, { transport: { socket: { destroy(): void; removeAllListeners(): void; on(event: 'error', f: () => void): void } } }>;
}

let server: LocalServer;
const warnings: string[] = [];
/** Every line of the library's debug log, so a test can see the log is being listened to. */
let debugLines = 0;
const clients: MTProtoClient[] = [];
const API = { api_id: 4242, api_hash: 'local-test-hash' };

/** The library's own log: its debug channel carries what it thinks is wrong with the server. */
const PROTOCOL_TROUBLE = /unexpected|non-existent message|bad_msg|bad_server_salt|transport error|message id from server is even|Incorrect|exceed|not a multiple/i;

/**
 * The library writes a 2048-bit number (the auth key, g_b, SRP's A) through a helper that, given
 * no length, drops its leading zero bytes: about one new auth key in 256 it hashes 255 bytes where
 * Telegram, and this server, hash 256, and its handshake ends in an unhandled "Invalid hash in
 * mt_dh_gen_ok" with the call left hanging. Its own helper is given the length those numbers
 * have, before the modules that take it are loaded.
 */
function padLibraryNumbers(): void {
  const common = coreRequire('../../src/utils/common') as { bigIntToBytes(n: unknown, length?: number): Uint8Array };
  const toBytes = common.bigIntToBytes;
  common.bigIntToBytes = (n, length) => {
    const bytes = toBytes(n, length);
    return length === undefined && bytes.length > 240 && bytes.length < 256 ? toBytes(n, 256) : bytes;
  };
}

beforeAll(async () => {
  padLibraryNumbers();
  server = await startLocalServer({ port: 'auto', settings: { freshResetForbiddenMs: 0 } });
  // Trust the local server's key, as gramjs users do by adding it to _serverKeys.
  const jwk = createPublicKey(server.rsaPublicKey).export({ format: 'jwk' });
  const hex = (b64: string) => Buffer.from(b64, 'base64url').toString('hex');
  const RSA = coreRequire('../../src/utils/rsa') as { prototype: { getRsaKeyByFingerprints(fps: unknown[]): Promise<unknown> } };
  RSA.prototype.getRsaKeyByFingerprints = async (fps) => {
    const fp = fps.find((f) => BigInt.asIntN(64, BigInt(String(f))) === server.rsaFingerprint);
    return fp === undefined ? null : { fingerprint: fp, modulus: hex(jwk.n!), exponent: hex(jwk.e!) };
  };
  const debug = coreRequire('debug') as { enable(ns: string): void; log: (...args: unknown[]) => void };
  debug.enable('mtproto-core:*');
  debug.log = (...args: unknown[]) => {
    const line = format(...args);
    debugLines++;
    if (PROTOCOL_TROUBLE.test(line)) warnings.push(line);
  };
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(format(...args)));
});

afterEach(() => {
  for (const c of clients.splice(0)) {
    for (const rpc of c.rpcs.values()) {
      // The library reconnects on close: detach it first so the test can end. A timer of the
      // library may still write to the socket afterwards; with its listeners gone, that write's
      // error would be uncaught, so one listener stays to swallow it.
      rpc.transport.socket.removeAllListeners();
      rpc.transport.socket.on('error', () => undefined);
      rpc.transport.socket.destroy();
    }
  }
  expect(warnings).toEqual([]);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await server.stop();
});

function newClient(): MTProtoClient {
  const MTProto = require('@mtproto/core') as new (o: Record<string, unknown>) => MTProtoClient;
  const store = new Map<string, string>();
  const client = new MTProto({
    ...API,
    storageOptions: { instance: { get: async (k: string) => store.get(k) ?? null, set: async (k: string, v: string) => void store.set(k, v) } },
  });
  client.dcList = server.dcs.map((d) => ({ id: d.id, ip: d.host, port: d.port }));
  clients.push(client);
  return client;
}

const rpcError = (p: Promise<unknown>) =>
  failureText(p, (e) => ((e as MtprotoError).error_message ? `${(e as MtprotoError).error_code} ${(e as MtprotoError).error_message}` : null));

const codeSettings = { settings: { _: 'codeSettings' } };

/** The control API over HTTP, as a test harness or the demo panel changes the world. */
async function control(path: string, body: unknown): Promise<void> {
  const res = await fetch(server.controlUrl + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.ok, `${path}: ${await res.clone().text()}`).toBe(true);
}
const latestCode = (phone: string) => server.inbox(phone).at(-1)!.code;

describe('@mtproto/core (layer 158)', () => {
  it('makes an auth key and is served in its layer', async () => {
    const client = newClient();
    const nearest = await client.call('help.getNearestDc');
    expect(nearest).toMatchObject({ _: 'nearestDc', this_dc: 2 });
    const log = server.log().filter((e) => e.method === 'help.getNearestDc');
    expect(log.at(-1)?.outcome).toBe('ok');
    expect(debugLines).toBeGreaterThan(0);
  });

  it('signs in on the home DC after PHONE_MIGRATE, resends, and gets the hash and code errors right', async () => {
    const client = newClient();
    const phone = '+15550102';
    expect(await rpcError(client.call('auth.sendCode', { phone_number: phone, ...codeSettings }))).toBe('303 PHONE_MIGRATE_3');
    const sent = await client.call('auth.sendCode', { phone_number: phone, ...codeSettings }, { dcId: 3 });
    expect(sent).toMatchObject({ _: 'auth.sentCode', type: { _: 'auth.sentCodeTypeApp' }, next_type: { _: 'auth.codeTypeSms' } });
    const hash = sent.phone_code_hash as string;
    const resent = await client.call('auth.resendCode', { phone_number: phone, phone_code_hash: hash }, { dcId: 3 });
    expect(resent).toMatchObject({ _: 'auth.sentCode', type: { _: 'auth.sentCodeTypeSms' } });
    expect(await rpcError(client.call('auth.signIn', { phone_number: phone, phone_code_hash: '', phone_code: '1' }, { dcId: 3 }))).toBe('400 PHONE_CODE_HASH_EMPTY');
    const code = latestCode(phone);
    const wrong = code === '11111' ? '22222' : '11111';
    expect(await rpcError(client.call('auth.signIn', { phone_number: phone, phone_code_hash: hash, phone_code: wrong }, { dcId: 3 }))).toBe('400 PHONE_CODE_INVALID');
    const auth = await client.call('auth.signIn', { phone_number: phone, phone_code_hash: hash, phone_code: code }, { dcId: 3, syncAuth: false });
    expect(auth).toMatchObject({ _: 'auth.authorization', user: { _: 'user', first_name: 'Alan', last_name: 'Turing', self: true } });
    const out = await client.call('auth.logOut', {}, { dcId: 3 });
    expect(out).toMatchObject({ _: 'auth.loggedOut' });
    expect(await rpcError(client.call('updates.getState', {}, { dcId: 3 }))).toBe('401 AUTH_KEY_UNREGISTERED');
  });

  it('signs in with the two-step password over SRP', async () => {
    const client = newClient();
    const phone = '+15550101';
    const sent = await client.call('auth.sendCode', { phone_number: phone, ...codeSettings });
    const hash = sent.phone_code_hash as string;
    expect(await rpcError(client.call('auth.signIn', { phone_number: phone, phone_code_hash: hash, phone_code: latestCode(phone) }))).toBe('401 SESSION_PASSWORD_NEEDED');
    const pw = await client.call('account.getPassword');
    expect(pw).toMatchObject({ _: 'account.password', has_password: true, hint: 'the usual' });
    const algo = pw.current_algo as Record<string, unknown>;
    const { A, M1 } = await client.crypto.getSRPParams({ g: algo.g, p: algo.p, salt1: algo.salt1, salt2: algo.salt2, gB: pw.srp_B, password: 'hunter2' });
    const check = { _: 'inputCheckPasswordSRP', srp_id: pw.srp_id, A, M1 };
    const auth = await client.call('auth.checkPassword', { password: check }, { syncAuth: false });
    expect(auth).toMatchObject({ _: 'auth.authorization', user: { _: 'user', first_name: 'Grace' } });
  });

  it('restarts a sign-in the world moved under it: a signed-in key, an account gone to another DC, or banned', async () => {
    const client = newClient();
    const [moving, banned] = ['+15550181', '+15550182'];
    for (const phone of [moving, banned]) await control('/users', { phone, firstName: 'Sam', dc: 2 });

    // The account moves to DC 3 after its code went out on DC 2: the sign-in starts over and
    // auth.sendCode now names the new home.
    const sent = await client.call('auth.sendCode', { phone_number: moving, ...codeSettings });
    await control('/users', { phone: moving, firstName: 'Sam', dc: 3 });
    const signIn = (phone: string, hash: unknown) => client.call('auth.signIn', { phone_number: phone, phone_code_hash: hash, phone_code: latestCode(phone) }, { syncAuth: false });
    expect(await rpcError(signIn(moving, sent.phone_code_hash))).toBe('500 AUTH_RESTART');
    expect(await rpcError(client.call('auth.sendCode', { phone_number: moving, ...codeSettings }))).toBe('303 PHONE_MIGRATE_3');

    // Banned once its code went out: the right code signs nobody in.
    const toBan = await client.call('auth.sendCode', { phone_number: banned, ...codeSettings });
    await control('/users', { phone: banned, firstName: 'Sam', dc: 2, banned: true });
    expect(await rpcError(signIn(banned, toBan.phone_code_hash))).toBe('500 SIGN_IN_FAILED');

    // A key signed in to one account can't start another's sign-in.
    const ada = await client.call('auth.sendCode', { phone_number: '+15550100', ...codeSettings });
    expect(await signIn('+15550100', ada.phone_code_hash)).toMatchObject({ _: 'auth.authorization' });
    expect(await rpcError(client.call('auth.sendCode', { phone_number: '+15550103', ...codeSettings }))).toBe('500 AUTH_RESTART');
  });

  it('restarts a QR login whose scanning account was banned before the app came back for it', async () => {
    const client = newClient();
    const phone = '+15550183';
    await control('/users', { phone, firstName: 'Quinn', dc: 2 });
    expect(await client.call('auth.exportLoginToken', { except_ids: [] })).toMatchObject({ _: 'auth.loginToken' });
    await control('/qr/accept', { phone });
    await control('/users', { phone, firstName: 'Quinn', dc: 2, banned: true });
    expect(await rpcError(client.call('auth.exportLoginToken', { except_ids: [] }))).toBe('500 AUTH_RESTART');
    expect(await client.call('auth.exportLoginToken', { except_ids: [] })).toMatchObject({ _: 'auth.loginToken' });
  });

  it('logs in by QR code across DCs: loginTokenMigrateTo, then importLoginToken on the home DC', async () => {
    const client = newClient();
    const token = await client.call('auth.exportLoginToken', { except_ids: [] });
    expect(token).toMatchObject({ _: 'auth.loginToken' });
    expect(server.qrAccept('+15550102')).toMatchObject({ ok: true });
    const migrate = await client.call('auth.exportLoginToken', { except_ids: [] });
    expect(migrate).toMatchObject({ _: 'auth.loginTokenMigrateTo', dc_id: 3 });
    const done = await client.call('auth.importLoginToken', { token: migrate.token }, { dcId: 3, syncAuth: false });
    expect(done).toMatchObject({ _: 'auth.loginTokenSuccess', authorization: { _: 'auth.authorization', user: { first_name: 'Alan' } } });
  });
});
