// Leaks: Gramdesk in browser mode, a real child process with the real Secret Service, signs in
// and out every way there is (code, the SMS fallback, two-step password, password recovery, QR,
// sign-up, a returning account's future auth token, and a log-out after each), driven over its
// real bridge socket as its page drives it. Then every secret those sign-ins made (each session
// string, each auth key as raw bytes, hex, base64, base64url and a JSON byte list, each
// phone_code_hash, each future auth token, each password) is looked for in every place outside
// the keychain that the app wrote or said: its stdout and stderr, every file under the home it
// ran in (its data and settings directories included), every frame its bridge sent, and every
// string of every state it projected for the renderer. Not once may one be found.
//
// The secrets are read from where they belong: the auth keys, phone_code_hashes and future auth
// tokens from the server's own world file, the sessions from the keychain items. The same search
// finds the auth keys in that world file, so a search that could find nothing would fail here.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { BRIDGE_SUBPROTOCOL, SOCKET_PATH, TOKEN_SUBPROTOCOL_PREFIX, type ServerFrame } from '../../common/bridge-protocol';
import type { LoginState } from '../../common/login-state';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import { noKeychainReason } from '../support/secret-service';
import { readyUrl, spawnBrowserMode } from '../support/browser-mode-child';
import { reportFigure } from '../support/suite-scale';


// Accounts of this suite's own, with passwords nobody else uses, so any hit is a leak.
const CODE = '+15557770101';
const SMS = '+15557770102';
const TWO_STEP = '+15557770103';
const RECOVERY = '+15557770104';
const QR = '+15557770105';
const NEW = '+15557770199';
// A keychain service of this suite's own: a suite running beside it never touches its items.
const SERVICE = `Gramdesk (leaks ${randomBytes(4).toString('hex')})`;
const TWO_STEP_PASSWORD = `pw-${randomBytes(12).toString('base64url')}`;
const RECOVERY_PASSWORD = `pw-${randomBytes(12).toString('base64url')}`;

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
  deletePassword(service: string, account: string): Promise<boolean>;
}
const keytar = (): Keytar => createRequire(import.meta.url)('keytar') as Keytar;
async function clearItems(): Promise<void> {
  for (const { account } of await keytar().findCredentials(SERVICE)) await keytar().deletePassword(SERVICE, account);
}

/** A secret and every spelling of it that would give it away. */
interface Secret {
  kind: 'session' | 'auth key' | 'phone_code_hash' | 'future auth token' | 'password';
  forms: Buffer[];
}

/**
 * The spellings of a binary secret: raw, hex (both cases), base64, base64url and a JSON byte list,
 * of the whole and of every 24-byte window (a multiple of 3, so each window's base64 sits inside
 * the whole's), so a part of a key that got out is found too.
 */
function binaryForms(bytes: Buffer): Buffer[] {
  const parts = [bytes];
  if (bytes.length > 48) for (let at = 0; at + 24 <= bytes.length; at += 24) parts.push(bytes.subarray(at, at + 24));
  return parts.flatMap((part) => [
    part,
    Buffer.from(part.toString('hex')),
    Buffer.from(part.toString('hex').toUpperCase()),
    Buffer.from(part.toString('base64')),
    Buffer.from(part.toString('base64url')),
    Buffer.from(JSON.stringify([...part]).slice(1, -1)),
  ]);
}

/** gramjs' StringSession: "1" + base64(dc, ip length, ip, port, auth key): its auth key is the last 256 bytes. */
function authKeyOfSession(session: string): Buffer {
  const bytes = Buffer.from(session.slice(1), 'base64');
  return bytes.subarray(bytes.length - 256);
}

/** Every file below `dir`, as [path, bytes]. */
function filesBelow(dir: string): Array<[string, Buffer]> {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const path = join(e.parentPath, e.name);
      return [path, readFileSync(path)] as [string, Buffer];
    });
}

/** Every string inside a decoded JSON value (keys included). */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...stringsOf(v)]);
  return [];
}

interface Bridge {
  /** Every frame the bridge sent, as it came off the socket. */
  frames: Buffer[];
  /** Every state the renderer was given: pushed, or answered to getState. */
  states: LoginState[];
  call(intent: string, args?: unknown): Promise<unknown>;
  /** The first state (the latest included) that matches; fails after 20 s. */
  until(predicate: (state: LoginState) => boolean, what: string): Promise<LoginState>;
  close(): void;
}

async function openBridge(url: URL): Promise<Bridge> {
  const token = url.hash.slice('#token='.length);
  const ws = new WebSocket(`ws://${url.host}${SOCKET_PATH}`, [BRIDGE_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`]);
  const frames: Buffer[] = [];
  const states: LoginState[] = [];
  const answers = new Map<number, (result: unknown) => void>();
  const waiters = new Set<() => void>();
  let nextId = 1;
  ws.on('message', (data: Buffer) => {
    frames.push(Buffer.from(data));
    const frame = JSON.parse(data.toString()) as ServerFrame;
    if (frame.kind === 'push' && frame.channel === 'state') states.push(frame.payload);
    if (frame.kind === 'result' && frame.id !== null) answers.get(frame.id)?.(frame.result);
    for (const wake of [...waiters]) wake();
  });
  await new Promise<void>((done, fail) => {
    ws.once('open', () => done());
    ws.once('error', fail);
  });
  const call = (intent: string, args?: unknown) =>
    new Promise<unknown>((done) => {
      const id = nextId++;
      answers.set(id, (result) => {
        answers.delete(id);
        const answered = result as { ok: boolean; value?: unknown };
        if (intent === 'getState' && answered.ok) states.push(answered.value as LoginState);
        done(result);
      });
      ws.send(JSON.stringify({ id, intent, ...(args === undefined ? {} : { args }) }));
    });
  const until = (predicate: (state: LoginState) => boolean, what: string) =>
    new Promise<LoginState>((done, fail) => {
      const check = () => {
        const last = states.at(-1);
        if (last === undefined || !predicate(last)) return;
        waiters.delete(check);
        clearTimeout(timer);
        done(last);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        fail(new Error(`no state "${what}" within 20 s; last: ${JSON.stringify(states.at(-1))}`));
      }, 20_000);
      waiters.add(check);
      check();
    });
  return { frames, states, call, until, close: () => ws.close() };
}

const idle = (s: LoginState) => !('busy' in s) || s.busy === null;
const at = (step: LoginState['step']) => (s: LoginState) => s.step === step && idle(s);
const signedInAs = (phone: string) => (s: LoginState) => s.step === 'signed_in' && s.user.phone === phone && idle(s);

let server: LocalServer;
let worldDir: string;
let home: string;
let child: ChildProcessWithoutNullStreams | null = null;

beforeAll(async () => {
  worldDir = mkdtempSync(join(tmpdir(), 'gramdesk-leaks-world-'));
  home = mkdtempSync(join(tmpdir(), 'gramdesk-leaks-home-'));
  server = await startLocalServer({
    port: 'auto',
    worldFile: join(worldDir, 'world.json'),
    settings: { resendTimeoutSec: 0, freshResetForbiddenMs: 0 },
  });
  server.users.add({ phone: CODE, firstName: 'Cody', lastName: 'Code', dc: 2, codeChannels: ['app'] });
  server.users.add({ phone: SMS, firstName: 'Sam', lastName: 'Sms', dc: 2, codeChannels: ['app', 'sms'] });
  server.users.add({ phone: TWO_STEP, firstName: 'Tess', lastName: 'Twostep', dc: 2, password: TWO_STEP_PASSWORD, hint: 'the one' });
  server.users.add({
    phone: RECOVERY,
    firstName: 'Rita',
    lastName: 'Recovery',
    dc: 3,
    password: RECOVERY_PASSWORD,
    hint: 'forgotten',
    recoveryEmail: 'rita@example.com',
  });
  server.users.add({ phone: QR, firstName: 'Quinn', lastName: 'Qr', dc: 2 });
});

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  if (!noKeychainReason) await clearItems();
  await server?.stop();
  rmSync(worldDir, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

describe.skipIf(noKeychainReason !== null)('leaks', () => {
  it('no session, auth key, phone_code_hash, future auth token or password in any log, file, bridge frame or projected state', async () => {
    await clearItems();
    // The app runs in a home of its own: whatever it writes (settings, data, caches) lands there.
    const env: Record<string, string | undefined> = {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_DATA_HOME: join(home, 'data'),
      XDG_CACHE_HOME: join(home, 'cache'),
      GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()),
      GRAMDESK_KEYCHAIN_SERVICE: SERVICE,
    };
    for (const name of ['TELEGRAM_API_ID', 'TELEGRAM_API_HASH', 'GRAMDESK_KEYCHAIN', 'GRAMDESK_DATA_DIR', 'GRAMDESK_SETTINGS_DIR', 'GRAMDESK_SETTINGS_FILE']) {
      delete env[name];
    }
    const app = spawnBrowserMode(env);
    child = app;
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    app.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    app.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const exited = new Promise<void>((done) => app.once('exit', () => done()));
    const url = await readyUrl(app, () => Buffer.concat(stderr).toString());
    const bridge = await openBridge(url);

    // What the server made along the way, read from its world file at each step (a code's hash
    // is there while the code is pending), and each account's session item while it is signed in.
    const hashes = new Set<string>();
    const authKeys = new Map<string, Buffer>();
    const futureTokens = new Set<string>();
    const sessions: Array<[string, string]> = [];
    const readWorld = () => {
      const world = JSON.parse(readFileSync(server.world!.file, 'utf8')) as {
        authKeys: Array<{ id: string; key: string }>;
        codes: Array<{ hash: string }>;
        liveCodes: Array<{ hash: string }>;
        futureTokens: Array<{ token: string }>;
      };
      for (const k of world.authKeys) authKeys.set(k.id, Buffer.from(k.key, 'base64'));
      for (const c of [...world.codes, ...world.liveCodes]) hashes.add(c.hash);
      for (const t of world.futureTokens) futureTokens.add(t.token);
    };
    const expectOk = async (intent: string, args?: unknown) => {
      expect(await bridge.call(intent, args), intent).toMatchObject({ ok: true });
      readWorld();
    };
    const latestCode = (phone: string) => server.inbox(phone).at(-1)!.code;
    const signedIn = async (phone: string) => {
      const state = await bridge.until(signedInAs(phone), `signed in as ${phone}`);
      if (state.step !== 'signed_in') throw new Error('unreachable');
      const session = await keytar().getPassword(SERVICE, state.user.id);
      expect(session, `the session item of ${phone}`).toMatch(/^1[A-Za-z0-9+/=]+$/);
      sessions.push([phone, session!]);
      readWorld();
      expect(await bridge.call('getState'), 'getState').toMatchObject({ ok: true, value: { step: 'signed_in' } });
    };
    const logOut = async () => {
      await expectOk('logOut');
      await bridge.until(at('phone'), 'the phone step after log-out');
      readWorld();
    };
    const toCode = async (phone: string) => {
      await expectOk('submitPhone', { phone });
      await bridge.until(at('code'), `the code step for ${phone}`);
      readWorld();
    };

    await bridge.until(at('phone'), 'the phone step');
    // What the page asks for at start, and a language chosen: the app writes its settings and
    // its cache of the country list.
    for (const intent of ['getEnvironment', 'getDemoFeed', 'getSignInHints']) await expectOk(intent);
    await expectOk('setLanguage', { language: 'en' });

    // The code.
    await toCode(CODE);
    await expectOk('submitCode', { code: latestCode(CODE) });
    await signedIn(CODE);
    await logOut();

    // The returning account: its future auth token signs it in without a code.
    const codesBefore = server.inbox(CODE).length;
    await expectOk('submitPhone', { phone: CODE });
    await signedIn(CODE);
    expect(server.inbox(CODE), 'no code was sent to the returning account').toHaveLength(codesBefore);
    await logOut();

    // The SMS fallback.
    await toCode(SMS);
    await expectOk('requestNextChannel');
    await bridge.until((s) => s.step === 'code' && s.delivery.kind === 'sms' && idle(s), 'the code by SMS');
    readWorld();
    await expectOk('submitCode', { code: latestCode(SMS) });
    await signedIn(SMS);
    await logOut();

    // The two-step password.
    await toCode(TWO_STEP);
    await expectOk('submitCode', { code: latestCode(TWO_STEP) });
    await bridge.until(at('password'), 'the password step');
    await expectOk('submitPassword', { password: TWO_STEP_PASSWORD });
    await signedIn(TWO_STEP);
    await logOut();

    // Password recovery by email, on the account's own DC.
    await toCode(RECOVERY);
    await expectOk('submitCode', { code: latestCode(RECOVERY) });
    await bridge.until(at('password'), 'the password step');
    const mails = server.inbox(RECOVERY).length;
    await expectOk('requestPasswordRecovery');
    await bridge.until(at('password_recovery'), 'the recovery step');
    const mail = await server.waitForMessage(RECOVERY, { after: mails });
    await expectOk('submitRecoveryCode', { code: mail.code });
    await signedIn(RECOVERY);
    await logOut();

    // QR: a signed-in phone scans the code on screen.
    await expectOk('startQrLogin');
    const qr = await bridge.until((s) => s.step === 'qr' && s.loginUrl !== null && idle(s), 'a QR code');
    const token = qr.step === 'qr' ? new URL(qr.loginUrl!).searchParams.get('token')! : '';
    expect(server.qrAccept(QR, token)).toMatchObject({ ok: true });
    await signedIn(QR);
    await logOut();

    // Sign-up: a number without an account.
    await toCode(NEW);
    await expectOk('submitCode', { code: latestCode(NEW) });
    await bridge.until(at('sign_up'), 'the sign-up step');
    await expectOk('submitSignUp', { firstName: 'Nova', lastName: 'New', acceptTerms: true });
    await signedIn(NEW);
    await logOut();

    bridge.close();
    app.kill('SIGTERM');
    await exited;
    child = null;

    // The secrets.
    const secrets: Secret[] = [
      ...sessions.map(([, s]): Secret => ({ kind: 'session', forms: [Buffer.from(s)] })),
      ...[...authKeys.values()].map((k): Secret => ({ kind: 'auth key', forms: binaryForms(k) })),
      ...[...hashes].map((h): Secret => ({ kind: 'phone_code_hash', forms: [Buffer.from(h)] })),
      ...[...futureTokens].map((t): Secret => ({ kind: 'future auth token', forms: binaryForms(Buffer.from(t, 'hex')) })),
      ...[TWO_STEP_PASSWORD, RECOVERY_PASSWORD].map((p): Secret => ({ kind: 'password', forms: [Buffer.from(p)] })),
    ];
    // Each sign-in made its session, on a key the server knows; each number sent a code its hash
    // (the SMS resend keeps the hash it resends).
    expect(sessions.map(([phone]) => phone)).toEqual([CODE, CODE, SMS, TWO_STEP, RECOVERY, QR, NEW]);
    for (const [phone, session] of sessions) {
      expect([...authKeys.values()].some((k) => k.equals(authKeyOfSession(session))), `the auth key in ${phone}'s session`).toBe(true);
    }
    expect(hashes.size).toBe(5);
    expect(futureTokens.size).toBeGreaterThanOrEqual(1);

    // The places.
    const places: Array<[string, Buffer]> = [
      ['stdout', Buffer.concat(stdout)],
      ['stderr', Buffer.concat(stderr)],
      ...filesBelow(home),
      ...bridge.frames.map((f, i): [string, Buffer] => [`bridge frame ${i}`, f]),
      ...bridge.states.map((s, i): [string, Buffer] => [`projected state ${i}`, Buffer.from(stringsOf(s).join('\n'))]),
    ];
    expect(places.map(([where]) => where).filter((where) => where.startsWith(home)).sort(), 'what the app wrote').toEqual(
      expect.arrayContaining([expect.stringMatching(/settings\.json$/), expect.stringMatching(/countries\.json$/)]),
    );
    const found = places.flatMap(([where, bytes]) =>
      secrets.filter((secret) => secret.forms.some((form) => bytes.includes(form))).map((secret) => `${secret.kind} in ${where}`),
    );

    // The search itself: each auth key is found in the server's world file, where it belongs.
    const world = readFileSync(server.world!.file);
    expect([...authKeys.values()].every((k) => binaryForms(k).some((form) => world.includes(form)))).toBe(true);

    expect(found).toEqual([]);
    reportFigure('leaks', `${places.length} places searched, ${secrets.length} secrets, ${found.length} found`);
  });
});
