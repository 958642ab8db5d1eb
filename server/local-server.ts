// The local Telegram-compatible server in one process: N DCs (protocol layer, server/mtproto)
// sharing one API state (server/api), plus the loopback control API. `npm run server` (cli.ts)
// and the tests start it through startLocalServer.
import { createServer as createNetServer } from 'node:net';
import type { Server } from 'node:http';
import type { Api } from 'telegram';
import { ApiState, type DcLink } from './api/api-state';
import { startControlApi, type ControlApiLimits } from './api/control-api';
import { DEMO_USERS } from './api/demo-users';
import { parseFault, type DcEvent, type FaultInput, type MethodFault } from './api/fault-injector';
import type { InboxMessage } from './api/inbox';
import type { EndSessionsResult, FaultApplied, LocalServerControls, QrAcceptResult, ReadyLine } from './api/local-controls';
import { acceptQrToken } from './api/qr-methods';
import { ApiDispatcher } from './api/rpc-dispatcher';
import { settingsProblem, type ApiSettings } from './api/settings';
import { SkewableClock } from './api/skewable-clock';
import { normalizePhone, summarize, type UserSpec, type UserSummary } from './api/user-directory';
import type { AuthKeyRecord } from './mtproto/auth-keys';
import { connectionLimitsProblem, type Clock, type ConnectionLimits, type DcServer, type RpcDispatcher } from './mtproto/dc-types';
import { startDcServer } from './mtproto/dc-server';
import { loadRsaKeyPair } from './mtproto/rsa-key';
import { loadWorld, setWorldAside, type WorldNotice } from './world/world-file';
import { createWorldKeeper, type WorldKeeper } from './world/world-keeper';
import { captureWorld, restoreWorld } from './world/world-snapshot';

export type { ReadyLine, QrAcceptResult, FaultApplied, AuthorizationSummary, EndSessionsResult } from './api/local-controls';
export type { UserSpec, UserSummary } from './api/user-directory';
export type { InboxMessage } from './api/inbox';
export type { RequestLogEntry } from './api/request-log';
export type { ApiSettings } from './api/settings';
export type { CodeChannel } from './api/code-channels';
export type { FaultInput, MethodFault, DcEvent } from './api/fault-injector';
export type { WorldNotice, WorldProblem } from './world/world-file';
export type { ConnectionLimits } from './mtproto/dc-types';

export interface LocalServerOptions {
  /** Control API on BASE, DC n on BASE+n. 'auto': a free base in [10000, 32000). Default 10440. */
  port?: number | 'auto';
  host?: '127.0.0.1';
  /** Base clock (the server adds its own skew on top). Default: Date.now. */
  clock?: Clock;
  /** Number of DCs, ids 1..dcCount. Default 3. */
  dcCount?: number;
  /** Add the demo users at start and on reset. Default true. */
  demoUsers?: boolean;
  /** Overrides of the API rules (code lifetime, flood limits, ...), kept across reset. */
  settings?: Partial<ApiSettings>;
  log?: (line: string) => void;
  /**
   * Keep the world (accounts, auth keys, sign-ins, codes, flood counters) in this file and start
   * from it. Without it the server forgets everything when it stops.
   */
  worldFile?: string;
  /**
   * The control API then answers only calls with `Authorization: Bearer <secret>` from this
   * machine's own names (Host and Origin checked). Without it, it is open on loopback.
   */
  controlSecret?: string;
  /**
   * Overrides of each DC's handshake and idle time-outs and connection cap
   * (DEFAULT_CONNECTION_LIMITS: 20 s, 5 min, 2,000 connections).
   */
  connectionLimits?: Partial<ConnectionLimits>;
  /** Smaller figures for tests; the defaults are CONTROL_API_LIMITS. */
  controlLimits?: Partial<ControlApiLimits>;
}

export interface LocalServer extends LocalServerControls {
  readonly dcs: DcLink[];
  readonly rsaPublicKey: string;
  readonly rsaFingerprint: bigint;
  readonly controlUrl: string;
  /** The demo users as added (empty with demoUsers: false), passwords included for tests and the demo. */
  readonly demoUsers: ReadonlyArray<UserSummary & { password?: string }>;
  /** Resolves with the inbox message after the first `after` ones (default: the next new one). */
  waitForMessage(phone: string, opts?: { after?: number; timeoutMs?: number }): Promise<InboxMessage>;
  clock: {
    now(): number;
    /** Sets the server clock's offset from the base clock (ms; not cumulative). */
    skew(ms: number): void;
  };
  /** Forget an auth key (or all) on a DC (or all DCs): the client gets -404 afterwards. */
  forgetAuthKey(dc?: number, authKeyId?: bigint): void;
  /** Close client connections on a DC (or all DCs). */
  dropConnections(dc?: number): void;
  /** Answer the next `times` packets on a DC with transport error -429. */
  floodTransport(dc: number, times: number): void;
  connectionCount(dc?: number): number;
  /** Every message delivered from now on, as it is delivered (the demo's in-window notifications). */
  onDelivery(listener: (phone: string, message: InboxMessage) => void): () => void;
  /** The world file, when the server keeps one: its notice (set aside, can't be written) and changes of it. */
  readonly world: { readonly file: string; notice(): WorldNotice | null; onNotice(listener: (n: WorldNotice | null) => void): () => void } | null;
  /** Reset the demo: forget every auth key and sign-in, demo users only, and a fresh world file. */
  resetWorld(): Promise<void>;
  /** The protocol layer's DC servers (for stats and negative tests). */
  readonly dcServers: ReadonlyArray<DcServer>;
  readonly dispatcher: ApiDispatcher;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const DEFAULT_BASE = 10440;

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createNetServer();
    s.once('error', () => resolve(false));
    s.listen(port, HOST, () => s.close(() => resolve(true)));
  });
}

function isAddrInUse(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}

export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const dcCount = options.dcCount ?? 3;
  if (!Number.isInteger(dcCount) || dcCount < 1 || dcCount > 5) throw new Error('dcCount must be 1 to 5');
  if (options.host !== undefined && options.host !== HOST) throw new Error('the server listens on 127.0.0.1 only');
  const log = options.log ?? (() => {});
  const clock = new SkewableClock(options.clock);
  const rsa = loadRsaKeyPair();
  const demoUsers = options.demoUsers ?? true;
  const baseSettings = { ...(options.settings ?? {}) };
  const settingsIssue = settingsProblem(baseSettings as Record<string, unknown>);
  if (settingsIssue) throw new Error(settingsIssue);
  const limitsIssue = connectionLimitsProblem(options.connectionLimits ?? {});
  if (limitsIssue) throw new Error(limitsIssue);

  const dcServers = new Map<number, DcServer>();
  const saved = options.worldFile !== undefined ? loadWorld(options.worldFile) : null;
  let worldNotice: WorldNotice | null = saved?.notice ?? null;
  let keeper: WorldKeeper | null = null;
  let state!: ApiState;
  let dispatcher!: ApiDispatcher;
  let control!: Server;
  let dcs: DcLink[] = [];

  // With a world file, every call is written down before its answer leaves (the keeper skips
  // writes when nothing changed), and so is every auth key made or forgotten.
  const persisting: RpcDispatcher = {
    handle: async (request, ctx) => {
      try {
        return await dispatcher.handle(request, ctx);
      } finally {
        keeper?.save();
      }
    },
    onAuthKeyCreated: () => keeper?.save(),
    onAuthKeyForgotten: (dc, authKeyId) => {
      dispatcher.onAuthKeyForgotten(dc, authKeyId);
      keeper?.save();
    },
  };

  const attempt = async (base: number): Promise<void> => {
    if (base < 1024 || base + dcCount > 32767) throw new Error('port must leave BASE+dcCount below 32768 (gramjs stores ports as int16)');
    dcs = Array.from({ length: dcCount }, (_, i) => ({ id: i + 1, host: HOST, port: base + i + 1 }));
    state = new ApiState(clock, dcs, {
      pushUpdates: (dc: number, keyId: bigint, updates: Api.TypeUpdates) => dcServers.get(dc)?.pushUpdates(keyId, updates) ?? 0,
      dropConnections: (dc: number) => dcServers.get(dc)?.dropConnections(),
    }, baseSettings);
    dispatcher = new ApiDispatcher(state);
    let savedKeys = new Map<number, AuthKeyRecord[]>();
    if (saved?.world && options.worldFile !== undefined) {
      try {
        savedKeys = restoreWorld(saved.world, state);
      } catch (e) {
        // The file is well-formed but doesn't fit this server: set aside, like one from another version.
        worldNotice = setWorldAside(options.worldFile, 'other-version', (e as Error).message);
        saved.world = null;
      }
    }
    const started: DcServer[] = [];
    try {
      for (const d of dcs) {
        const authKeys = savedKeys.get(d.id) ?? [];
        const server = await startDcServer({ id: d.id, host: HOST, port: d.port, rsa, clock, dispatcher: persisting, log, authKeys, limits: options.connectionLimits });
        started.push(server);
        dcServers.set(d.id, server);
      }
    } catch (e) {
      await Promise.allSettled(started.map((s) => s.close()));
      dcServers.clear();
      throw e;
    }
    try {
      control = await startControlApi(controls, HOST, base, options.controlSecret, options.controlLimits);
    } catch (e) {
      await Promise.allSettled(started.map((s) => s.close()));
      dcServers.clear();
      throw e;
    }
  };

  const addDemoUsers = (): Array<UserSummary & { password?: string }> =>
    demoUsers ? DEMO_USERS.map((spec) => ({ ...summarize(state.users.add(spec)), ...(spec.password ? { password: spec.password } : {}) })) : [];

  const applyEvent = (ev: DcEvent): void => {
    switch (ev.kind) {
      case 'dropConnections':
        server.dropConnections(ev.dc ?? undefined);
        break;
      case 'forgetAuthKeys':
        server.forgetAuthKey(ev.dc ?? undefined);
        break;
      case 'transportFlood':
        server.floodTransport(ev.dc, ev.times);
        break;
      case 'clockSkew':
        clock.skew(ev.ms);
        break;
    }
  };

  const controls: LocalServerControls = {
    readyLine: (): ReadyLine => ({
      ready: true,
      dcs: dcs.map((d) => ({ ...d })),
      rsaPublicKey: rsa.publicKeyPem,
      rsaFingerprint: rsa.fingerprint.toString(),
      control: `http://${HOST}:${dcs[0]!.port - 1}`,
    }),
    users: {
      add: (spec: UserSpec) => {
        const added = summarize(state.users.add(spec));
        keeper?.save();
        return added;
      },
      list: () => state.users.all().map(summarize),
    },
    inbox: (phone: string): InboxMessage[] => {
      const digits = normalizePhone(phone);
      return digits ? state.inbox.list(digits) : [];
    },
    faults: {
      check: (input: unknown) => {
        const parsed = parseFault(input, dcs.map((d) => d.id));
        return 'problem' in parsed ? parsed.problem : null;
      },
      add: (input: FaultInput): FaultApplied => {
        const parsed = parseFault(input, dcs.map((d) => d.id));
        if ('problem' in parsed) throw new Error(parsed.problem);
        if (parsed.kind === 'method') {
          const fault: MethodFault = state.faults.add(parsed.fault);
          log(`[faults] added ${JSON.stringify(fault)}`);
          return { fault };
        }
        log(`[faults] applying ${JSON.stringify(parsed)}`);
        applyEvent(parsed);
        return { event: parsed };
      },
      list: () => state.faults.pending(),
      clear: () => state.faults.clear(),
    },
    endSessions: (phone: string, device?: string): EndSessionsResult => {
      const digits = normalizePhone(phone);
      if (!digits) return { ok: false, error: 'PHONE_INVALID', message: 'phone must be "+" and 5 to 15 digits' };
      const user = state.users.findByPhone(digits);
      if (!user) return { ok: false, error: 'UNKNOWN_PHONE', message: `no account has +${digits}` };
      const ended = state.sessions.sessionsOf(user.id).filter((s) => device === undefined || s.client?.deviceModel === device);
      for (const s of ended) state.sessions.revoke(s);
      keeper?.save();
      log(`[control] ended ${ended.length} session(s) of +${digits}${device === undefined ? '' : ` on ${device}`}`);
      return { ok: true, phone: '+' + user.phone, ended: ended.length };
    },
    qrAccept: (phone: string, token?: string): QrAcceptResult => {
      const digits = normalizePhone(phone);
      if (!digits) return { ok: false, error: 'PHONE_INVALID', message: 'phone must be "+" and 5 to 15 digits' };
      const user = state.users.findByPhone(digits);
      if (!user) return { ok: false, error: 'UNKNOWN_PHONE', message: `no account has +${digits}` };
      const out = acceptQrToken(state, user, token !== undefined ? Buffer.from(token, 'base64url') : undefined);
      keeper?.save();
      if (!out.ok) {
        const messages: Record<typeof out.error, string> = {
          NO_TOKEN: 'no QR login token is waiting for a scan (call auth.exportLoginToken first)',
          AUTH_TOKEN_INVALID: 'no such login token',
          AUTH_TOKEN_EXPIRED: 'the login token has expired',
          AUTH_TOKEN_ALREADY_ACCEPTED: 'the login token was already scanned',
          AUTH_TOKEN_EXCEPTION: 'this account is in the token\'s except_ids (already signed in there)',
        };
        return { ok: false, error: out.error, message: messages[out.error] };
      }
      return { ok: true, phone: '+' + user.phone, dc: user.dc, pushedTo: out.pushedTo, token: out.token.token.toString('base64url') };
    },
    reset: async () => {
      state.reset(baseSettings);
      clock.skew(0);
      demo.splice(0, demo.length, ...addDemoUsers());
      keeper?.save();
      log('[control] reset');
    },
    log: () => state.log.all(),
    authorizations: () =>
      state.sessions.snapshot().sessions.map((x) => ({
        dc: x.dc,
        authKeyId: x.authKeyId.toString(),
        userId: x.userId === null ? null : x.userId.toString(),
        revoked: x.revoked,
      })),
    settings: {
      get: () => ({ ...state.settings }),
      set: (partial: Partial<ApiSettings>) => {
        const problem = settingsProblem(partial as Record<string, unknown>);
        if (problem) throw new Error(problem);
        Object.assign(state.settings, partial);
        return { ...state.settings };
      },
    },
  };

  if (options.port === 'auto') {
    let lastError: unknown;
    for (let i = 0; i < 40; i++) {
      const base = 10000 + Math.floor(Math.random() * (32000 - 10000 - dcCount - 1));
      const free = await Promise.all([base, ...Array.from({ length: dcCount }, (_, k) => base + k + 1)].map(portFree));
      if (free.includes(false)) continue;
      try {
        await attempt(base);
        lastError = undefined;
        break;
      } catch (e) {
        lastError = e;
        if (!isAddrInUse(e)) throw e;
      }
    }
    if (lastError || !control) throw new Error(`no free port range found: ${String(lastError ?? 'all tried were busy')}`);
  } else {
    const base = options.port ?? DEFAULT_BASE;
    if (!Number.isInteger(base)) throw new Error('port must be an integer or "auto"');
    try {
      await attempt(base);
    } catch (e) {
      if (isAddrInUse(e)) throw new Error(`port ${base}..${base + dcCount} is in use (another server running?); try --port`);
      throw e;
    }
  }

  const demo = addDemoUsers();
  if (options.worldFile !== undefined) {
    keeper = createWorldKeeper({
      file: options.worldFile,
      capture: () => captureWorld(state, new Map([...dcServers].map(([id, s]) => [id, s.authKeyRecords()])), Date.now()),
      initialNotice: worldNotice,
      log,
    });
    keeper.save();
  }
  const each = (dc: number | undefined, fn: (s: DcServer) => void) => {
    for (const [id, s] of dcServers) if (dc === undefined || id === dc) fn(s);
  };
  let stopped = false;

  const server: LocalServer = {
    ...controls,
    get dcs() {
      return dcs.map((d) => ({ ...d }));
    },
    rsaPublicKey: rsa.publicKeyPem,
    rsaFingerprint: rsa.fingerprint,
    controlUrl: `http://${HOST}:${dcs[0]!.port - 1}`,
    demoUsers: demo,
    waitForMessage: (phone, opts = {}) => {
      const digits = normalizePhone(phone);
      if (!digits) return Promise.reject(new Error(`not a phone number: ${phone}`));
      return state.inbox.waitFor(digits, opts.after ?? state.inbox.list(digits).length, opts.timeoutMs);
    },
    clock: { now: () => clock.now(), skew: (ms: number) => clock.skew(ms) },
    onDelivery: (listener) => state.inbox.onDeliver(listener),
    world: keeper,
    resetWorld: async () => {
      each(undefined, (s) => s.forgetAuthKey());
      await controls.reset();
      keeper?.reset();
    },
    forgetAuthKey: (dc, authKeyId) => {
      each(dc, (s) => s.forgetAuthKey(authKeyId));
      for (const d of dcs) if (dc === undefined || d.id === dc) state.sessions.forget(d.id, authKeyId);
    },
    dropConnections: (dc) => each(dc, (s) => s.dropConnections()),
    floodTransport: (dc, times) => each(dc, (s) => s.floodTransport(times)),
    connectionCount: (dc) => {
      let n = 0;
      each(dc, (s) => (n += s.connectionCount()));
      return n;
    },
    get dcServers() {
      return [...dcServers.values()];
    },
    get dispatcher() {
      return dispatcher;
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await Promise.allSettled([
        ...[...dcServers.values()].map((s) => s.close()),
        new Promise<void>((resolve) => {
          control.closeAllConnections?.();
          control.close(() => resolve());
        }),
      ]);
    },
  };
  log(`[server] DCs ${dcs.map((d) => `${d.id}@${d.port}`).join(', ')}; control ${server.controlUrl}`);
  return server;
}
