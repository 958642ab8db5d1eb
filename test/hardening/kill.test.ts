// Kills: the app core runs in a child process (test/support/app-core-process.ts, driven over its
// bridge's WebSocket as the page would), against one real local server and the real Secret
// Service, and is SIGKILLed at a random point of a sign-in (code, SMS fallback, 2FA, QR on the
// account's DC or another, sign-up, future auth token, 2FA recovery), of adding a second account, of a flood
// wait being saved, or of a log-out. The point is the k-th API call the server sees from the
// child, just before the server handles it, just after (its answer not yet sent), or a few
// milliseconds after its answer, while the child writes the keychain.
//
// After every kill, the next start (the same app core, here in the test's process) must finish
// (a bounded wait on its start, never a sleep), and then: every authorization the server holds
// signed in has its auth key in a session item, or was logged out by that start, which says so;
// no item is unreadable or left over (no pending key, no stale index entry, no session the
// server doesn't know). The seed is printed; GRAMDESK_KILL_SEED replays a run.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { BRIDGE_SUBPROTOCOL, SOCKET_PATH, TOKEN_SUBPROTOCOL_PREFIX, type ServerFrame } from '../../common/bridge-protocol';
import type { LoginState } from '../../common/login-state';
import { createAppCore, type AppCore } from '../../main/app-core';
import { createGramjsGateway } from '../../main/telegram/gramjs-gateway';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import { computeAuthKeyId } from '../../server/mtproto/message-crypto';
import { gramjsTargetOf } from '../support/gramjs-target';
import { noKeychainReason } from '../support/secret-service';
import { reportFigure, scaled } from '../support/suite-scale';

const repo = resolve(import.meta.dirname, '../..');
const childEntry = resolve(repo, 'test/support/app-core-process.ts');
const ADA = '+15550100';
const GRACE = '+15550101';
const ALAN = '+15550102';
const GRACE_PASSWORD = 'hunter2';
/** How long a start, a state or a child's ready line may take before the suite calls it a hang. */
const BOUND_MS = 20_000;

const KILLS = scaled(30, 300);
const seed = Number(process.env.GRAMDESK_KILL_SEED ?? randomInt(2 ** 31));
const service = `Gramdesk kill suite ${process.pid}`;

/** mulberry32: small, seedable, good enough to pick kill points. */
function random(s: number): () => number {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(seed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

interface Keytar {
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
  deletePassword(service: string, account: string): Promise<boolean>;
}
const keytar = (): Keytar => createRequire(import.meta.url)('keytar') as Keytar;
const items = async () => new Map((await keytar().findCredentials(service)).map((c) => [c.account, c.password]));

/** `<dc>:<auth key id>` of a stored gramjs session ("1" + base64 of dc, address, port, 256-byte key), or null if it isn't one. */
function keyOfSession(session: string): string | null {
  if (!session.startsWith('1')) return null;
  const raw = Buffer.from(session.slice(1), 'base64');
  if (raw.length < 1 + 2 + 2 + 256) return null;
  return `${raw.readUInt8(0)}:${computeAuthKeyId(raw.subarray(raw.length - 256))}`;
}

function bounded<T>(promise: Promise<T>, what: string, ms = BOUND_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---- the server, and the kill switch in its dispatcher ------------------------------------------

let server: LocalServer;
let settingsDir: string;
/** Armed for one child: counts the calls the server takes and kills the child at the chosen one. */
const trigger: { armed: boolean; calls: number; at: number; mode: 'before' | 'after' | 'later'; kill: () => void } = {
  armed: false,
  calls: 0,
  at: 0,
  mode: 'before',
  kill: () => {},
};

beforeAll(async () => {
  server = await startLocalServer({ port: 'auto' });
  // Hundreds of codes to the same few numbers, and the SMS asked for at once: no limit may get in the way.
  server.settings.set({ resendTimeoutSec: 0, sendCodeLimit: 1_000, sendCodeDailyLimit: 10_000 });
  settingsDir = mkdtempSync(join(tmpdir(), 'gramdesk-kill-'));
  const dispatcher = server.dispatcher;
  const handle = dispatcher.handle.bind(dispatcher);
  // The real dispatcher, with the kill switch on the way in and out: nothing about the answer changes.
  dispatcher.handle = async (request, ctx) => {
    const n = trigger.armed ? ++trigger.calls : 0;
    if (n === trigger.at && trigger.mode === 'before') trigger.kill();
    const result = await handle(request, ctx);
    if (n === trigger.at && trigger.mode === 'after') trigger.kill();
    if (n === trigger.at && trigger.mode === 'later') setTimeout(trigger.kill, Math.floor(rand() * 25));
    return result;
  };
});

afterAll(async () => {
  if (!noKeychainReason) for (const account of (await items()).keys()) await keytar().deletePassword(service, account);
  await server?.stop();
  if (settingsDir) rmSync(settingsDir, { recursive: true, force: true });
});

// ---- the child and its bridge --------------------------------------------------------------------

interface Child {
  process: ChildProcessWithoutNullStreams;
  exited: Promise<NodeJS.Signals | null>;
  /** Start the core (it has loaded its code) and resolve with the bridge's URL once it answers. */
  start(): Promise<URL>;
}

/** A child that has loaded the app's code and waits to be started (see app-core-process.ts). */
function load(): Promise<Child> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()),
    GRAMDESK_TEST_KEYCHAIN_SERVICE: service,
    GRAMDESK_TEST_SETTINGS_DIR: settingsDir,
  };
  delete env.TELEGRAM_API_ID;
  delete env.TELEGRAM_API_HASH;
  delete env.GRAMDESK_KEYCHAIN;
  const child = spawn(process.execPath, ['--import', 'tsx', childEntry], { cwd: repo, env });
  const exited = new Promise<NodeJS.Signals | null>((done) => child.once('exit', (_code, signal) => done(signal)));
  // Whatever happens to the suite, no child outlives it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout });
  const next = (what: string) =>
    bounded(
      new Promise<Record<string, unknown>>((done, fail) => {
        lines.once('line', (line) => done(JSON.parse(line) as Record<string, unknown>));
        void exited.then((signal) => fail(new Error(`the app core exited (${signal}) before ${what}\n${stderr}`)));
      }),
      `the child's ${what}`,
    );
  return next('loaded line').then(() => ({
    process: child,
    exited,
    async start() {
      child.stdin.write('start\n');
      const ready = await next('ready line');
      lines.close();
      return new URL(ready.url as string);
    },
  }));
}

interface Bridge {
  call(intent: string, args?: object): Promise<{ ok: boolean; value?: unknown; error?: unknown }>;
  /** The first state (the current one included) that matches. */
  until(what: string, predicate: (s: LoginState) => boolean): Promise<LoginState>;
  close(): void;
}

async function connect(url: URL): Promise<Bridge> {
  const token = url.hash.slice('#token='.length);
  const socket = new WebSocket(`ws://${url.host}${SOCKET_PATH}`, [BRIDGE_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`], {
    headers: { host: url.host },
  });
  let state: LoginState = { step: 'starting' };
  const waiting = new Set<{ predicate: (s: LoginState) => boolean; done: (s: LoginState) => void }>();
  const answers = new Map<number, (r: { ok: boolean; value?: unknown }) => void>();
  const gone = new Promise<never>((_, fail) => socket.once('close', () => fail(new Error('the bridge closed'))));
  gone.catch(() => undefined);
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as ServerFrame;
    if (frame.kind === 'result' && frame.id !== null) answers.get(frame.id)?.(frame.result as { ok: boolean });
    if (frame.kind === 'push' && frame.channel === 'state') {
      state = frame.payload;
      for (const w of [...waiting]) if (w.predicate(state)) w.done(state);
    }
  });
  await new Promise<void>((done, fail) => {
    socket.once('open', () => done());
    socket.once('error', fail);
  });
  let nextId = 1;
  return {
    call(intent, args = {}) {
      const id = nextId++;
      const answer = new Promise<{ ok: boolean; value?: unknown }>((done) => answers.set(id, done));
      socket.send(JSON.stringify({ id, intent, args }));
      return bounded(Promise.race([answer, gone]), `${intent}'s answer`);
    },
    until(what, predicate) {
      if (predicate(state)) return Promise.resolve(state);
      const reached = new Promise<LoginState>((done) => {
        const w = { predicate, done: (s: LoginState) => (waiting.delete(w), done(s)) };
        waiting.add(w);
      });
      return bounded(Promise.race([reached, gone]), `the state "${what}" (last: ${state.step})`);
    },
    close: () => socket.close(),
  };
}

// ---- the ways in and out, as a person takes them -------------------------------------------------

const signedIn = (s: LoginState) => s.step === 'signed_in';
const onStep = (step: LoginState['step']) => (s: LoginState) => s.step === step && !('busy' in s && s.busy);

async function toCode(app: Bridge, phone: string): Promise<string> {
  const before = server.inbox(phone).length;
  await app.until('phone', onStep('phone'));
  await app.call('submitPhone', { phone });
  await app.until('code', onStep('code'));
  return (await server.waitForMessage(phone, { after: before })).code;
}

async function codeSignIn(app: Bridge, phone: string): Promise<void> {
  await app.call('submitCode', { code: await toCode(app, phone) });
  await app.until('signed in', signedIn);
}

async function signInAndOut(app: Bridge): Promise<void> {
  await codeSignIn(app, ADA);
  await app.call('logOut');
  await app.until('logged out', onStep('phone'));
}

let signUps = 0;
let recoveries = 0;

interface KillPath {
  name: string;
  /** Before the child starts (server faults). */
  prepare?(): void;
  drive(app: Bridge): Promise<void>;
}

const PATHS: KillPath[] = [
  { name: 'code', drive: (app) => codeSignIn(app, ADA) },
  {
    name: 'sms fallback',
    async drive(app) {
      await toCode(app, ADA);
      const before = server.inbox(ADA).length;
      await app.call('requestNextChannel');
      const sms = await server.waitForMessage(ADA, { after: before });
      await app.until('code by sms', (s) => s.step === 'code' && s.delivery.kind === 'sms' && !s.busy);
      await app.call('submitCode', { code: sms.code });
      await app.until('signed in', signedIn);
    },
  },
  {
    name: '2fa',
    async drive(app) {
      await app.call('submitCode', { code: await toCode(app, GRACE) });
      await app.until('password', onStep('password'));
      await app.call('submitPassword', { password: GRACE_PASSWORD });
      await app.until('signed in', signedIn);
    },
  },
  {
    name: '2fa recovery',
    async drive(app) {
      // Recovery removes the password (as Telegram does): an account of its own every time.
      const phone = `+1555888${String(4000 + recoveries++).padStart(4, '0')}`;
      server.users.add({ phone, firstName: 'Kill', lastName: 'Recovery', dc: 2, password: 'p', recoveryEmail: 'kill@example.com', codeChannels: ['app'] });
      await app.call('submitCode', { code: await toCode(app, phone) });
      await app.until('password', onStep('password'));
      const before = server.inbox(phone).length;
      await app.call('requestPasswordRecovery');
      const mail = await server.waitForMessage(phone, { after: before });
      await app.until('recovery', onStep('password_recovery'));
      await app.call('submitRecoveryCode', { code: mail.code });
      await app.until('signed in', signedIn);
    },
  },
  {
    name: 'qr',
    async drive(app) {
      // Alan lives on another DC: the scan is imported there, on a key made for it.
      const phone = pick([ADA, ALAN]);
      await app.until('phone', onStep('phone'));
      await app.call('startQrLogin');
      await app.until('qr code', (s) => s.step === 'qr' && s.loginUrl !== null);
      expect(server.qrAccept(phone)).toMatchObject({ ok: true });
      await app.until('signed in', signedIn);
    },
  },
  {
    name: 'sign-up',
    async drive(app) {
      const phone = `+1555777${String(4000 + signUps++).padStart(4, '0')}`;
      await app.call('submitCode', { code: await toCode(app, phone) });
      await app.until('sign-up', onStep('sign_up'));
      await app.call('submitSignUp', { firstName: 'Kill', lastName: String(signUps), acceptTerms: true });
      await app.until('signed in', signedIn);
    },
  },
  {
    name: 'future auth token',
    async drive(app) {
      await signInAndOut(app);
      // The token the log-out kept lets Ada straight back in, without a code.
      await app.call('submitPhone', { phone: ADA });
      await app.until('signed in', signedIn);
    },
  },
  { name: 'log-out', drive: (app) => signInAndOut(app) },
  {
    name: 'second account',
    async drive(app) {
      await codeSignIn(app, ADA);
      await app.call('addAccount');
      await codeSignIn(app, ALAN);
    },
  },
  {
    name: 'flood save',
    prepare: () => void server.faults.add({ method: 'auth.sendCode', error: 'FLOOD_WAIT_600' }),
    async drive(app) {
      await app.until('phone', onStep('phone'));
      await app.call('submitPhone', { phone: ADA });
      await app.until('flood wait', (s) => s.step === 'phone' && s.error?.code === 'FLOOD_WAIT');
    },
  },
];

// ---- after a kill: what the keychain and the server hold ------------------------------------------

interface Holdings {
  /** Session items: account id -> `<dc>:<key id>` (null when unreadable). */
  sessions: Map<string, string | null>;
  /** Keys in pending-key items. */
  pending: Set<string>;
  all: Map<string, string>;
}

async function holdings(): Promise<Holdings> {
  const all = await items();
  const sessions = new Map<string, string | null>();
  const pending = new Set<string>();
  for (const [account, value] of all) {
    if (!account.startsWith('gramdesk-')) sessions.set(account, keyOfSession(value));
    else if (account.startsWith('gramdesk-pending-key@')) {
      for (const s of (JSON.parse(value) as { sessions: string[] }).sessions) pending.add(keyOfSession(s) ?? 'unreadable');
    }
  }
  return { sessions, pending, all };
}

/** The server's signed-in authorizations, as `<dc>:<key id>` -> user id. */
function signedInOnServer(): Map<string, string> {
  return new Map(server.authorizations().flatMap((a) => (a.userId !== null && !a.revoked ? [[`${a.dc}:${a.authKeyId}`, a.userId]] : [])));
}

/** What is wrong with the keychain after a start: unreadable, left over, or not matching the server. */
function problems(h: Holdings, live: Map<string, string>, resumedAdd: boolean): string[] {
  const found: string[] = [];
  const ids = [...h.sessions.keys()];
  for (const [id, key] of h.sessions) {
    if (key === null) found.push(`session item ${id} is unreadable`);
    else if (live.get(key) !== id) found.push(`session item ${id} holds a key the server has not signed in as ${id}`);
  }
  for (const [account, value] of h.all) {
    if (!account.startsWith('gramdesk-')) continue;
    const name = account.slice('gramdesk-'.length);
    if (name.startsWith('pending-key@')) {
      found.push(`${account} left over`);
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      found.push(`${account} is not JSON`);
      continue;
    }
    if (name === 'index') {
      const listed = (parsed as { ids?: string[] }).ids ?? [];
      if ([...listed].sort().join() !== [...ids].sort().join()) found.push(`the index lists ${listed.join(',')} for items ${ids.join(',')}`);
    }
    const scope = name.includes('@') ? name.slice(name.indexOf('@') + 1) : null;
    if (scope !== null && !(ids.length === 0 || resumedAdd ? [...ids, 'new'] : ids).includes(scope)) found.push(`${account} belongs to no account or sign-in here`);
    if (name.startsWith('pending-code@')) {
      const key = keyOfSession((parsed as { session?: string }).session ?? '');
      if (key === null || live.has(key)) found.push(`${account}'s key is unreadable or signed in`);
    }
  }
  if (ids.length > 0 && !h.all.has('gramdesk-index')) found.push('no index for the session items');
  return found;
}

/** Back to nothing for the next kill: every session the keychain holds logged out, every item gone. */
async function clean(): Promise<void> {
  server.faults.clear();
  const gateway = createGramjsGateway({ target: await gramjsTargetOf(server) });
  try {
    for (const [account, value] of await items()) {
      if (!account.startsWith('gramdesk-')) {
        await gateway.connection.useSession(value);
        await gateway.auth.logOut();
      }
      await keytar().deletePassword(service, account);
    }
  } finally {
    await gateway.connection.dispose();
  }
  expect(signedInOnServer().size, 'nothing signed in before the next kill').toBe(0);
}

async function restart(): Promise<{ core: AppCore; state: LoginState; ms: number }> {
  const started = performance.now();
  const core = await createAppCore({
    env: { GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()) },
    keychainService: service,
    settingsDir,
    settingsFile: join(settingsDir, 'settings.json'),
  });
  await bounded(core.started, 'the start after a kill');
  await bounded(core.idle(), 'the start\'s keychain writes');
  return { core, state: core.getState(), ms: performance.now() - started };
}

describe.skipIf(noKeychainReason !== null)(`SIGKILL at random points (seed ${seed})`, () => {
  it(`${KILLS} kills: no orphaned authorization, no corrupt or leftover item, no start that hangs`, async () => {
    console.log(`[kill] seed ${seed} (GRAMDESK_KILL_SEED=${seed} replays it)`);
    const t0 = performance.now();
    /** Calls the server took per path, as last seen whole: where a kill point may fall. */
    const span = new Map<string, number>();
    const tally = { kills: 0, orphans: 0, unrecoverable: 0, ended: 0, leftovers: 0, hangs: 0, slowestStartMs: 0, pastEnd: 0 };
    await clean();
    let warm: Promise<Child> | null = null;
    try {
      for (let i = 0; i < KILLS; i++) {
        const path = PATHS[i % PATHS.length]!;
        const at = 1 + Math.floor(rand() * ((span.get(path.name) ?? 6) + 1));
        const mode = pick(['before', 'after', 'later'] as const);
        const where = `kill ${i + 1} (${path.name}, call ${at} ${mode})`;
        path.prepare?.();
        trigger.calls = 0;
        trigger.at = at;
        trigger.mode = mode;
        trigger.armed = true;
        const child = await (warm ?? load());
        let fired = false;
        trigger.kill = () => {
          fired = true;
          child.process.kill('SIGKILL');
        };
        const app = await connect(await child.start());
        // The next child loads its code while this one is driven, killed and checked.
        warm = i + 1 < KILLS ? load() : null;
        warm?.catch(() => undefined);
        const drove = await Promise.race([
          path.drive(app).then(
            () => 'done' as const,
            (error: unknown) => error,
          ),
          child.exited.then(() => 'killed' as const),
        ]);
        if (drove === 'done') {
          // The path ended before the chosen call: the kill lands just after, in its last writes.
          span.set(path.name, Math.max(span.get(path.name) ?? 0, trigger.calls));
          tally.pastEnd += 1;
          setTimeout(trigger.kill, Math.floor(rand() * 25));
        } else if (drove !== 'killed' && !fired) {
          trigger.kill();
          throw new Error(`${where}: the path failed before the kill: ${String(drove)}`);
        }
        expect(await child.exited, where).toBe('SIGKILL');
        trigger.armed = false;
        app.close();
        tally.kills += 1;

        // What the kill left: every signed-in key must be somewhere the next start can find it.
        const left = await holdings();
        const stored = new Set([...left.sessions.values()].filter((k): k is string => k !== null));
        const before = signedInOnServer();
        const dangling = [...before.keys()].filter((k) => !stored.has(k));
        const lost = dangling.filter((k) => !left.pending.has(k));
        tally.unrecoverable += lost.length;
        expect(lost, `${where}: signed in on the server, in no keychain item`).toEqual([]);

        let resumedAdd = false;
        const { core, state, ms } = await restart().catch((error: unknown) => {
          tally.hangs += 1;
          throw new Error(`${where}: ${String(error)}`);
        });
        tally.slowestStartMs = Math.max(tally.slowestStartMs, ms);
        try {
          expect(state.step, where).not.toBe('starting');
          // An add the kill interrupted at its code step comes back to it, its pending code kept.
          resumedAdd = state.accounts?.adding === true && state.step === 'code';
          if (dangling.length > 0) expect(state.accounts?.notice, `${where}: the person is told`).toEqual({ kind: 'interrupted_sign_in_ended' });
        } finally {
          await core.dispose();
        }
        const live = signedInOnServer();
        const after = await holdings();
        const keptKeys = new Set([...after.sessions.values()].filter((k): k is string => k !== null));
        const orphans = [...live.keys()].filter((k) => !keptKeys.has(k));
        tally.orphans += orphans.length;
        tally.ended += dangling.filter((k) => !live.has(k)).length;
        const wrong = problems(after, live, resumedAdd);
        tally.leftovers += wrong.length;
        expect(orphans, `${where}: orphaned authorizations after the start`).toEqual([]);
        expect(wrong, where).toEqual([]);
        await clean();
      }
    } finally {
      void warm?.then((child) => child.process.kill('SIGKILL'));
    }
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    reportFigure(
      'kill',
      `${tally.kills} kills, ${tally.orphans} orphans, ${tally.unrecoverable} keys lost, ${tally.ended} dangling sign-ins logged out at the next start, ` +
        `${tally.leftovers} corrupt or leftover items, ${tally.hangs} hung starts (slowest ${Math.round(tally.slowestStartMs)} ms), ` +
        `${tally.pastEnd} kills after a path's end, seed ${seed}, ${seconds} s`,
    );
    expect(tally).toMatchObject({ orphans: 0, unrecoverable: 0, leftovers: 0, hangs: 0 });
  }, 600_000);
});
