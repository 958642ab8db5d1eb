// The gramjs connection: the client's lifecycle and every use of gramjs' internals, in this one
// file. Written for gramjs (npm `telegram`) 2.26.22, layer 198; each workaround says which
// behaviour of that version it answers, so an upgrade knows what to re-check:
// - connect() can hang forever after the server forgot the auth key (-404), and gramjs never
//   makes a new key by itself: a watched connection class reports the -404, and the key is dropped.
// - it reconnects a dropped socket without telling anyone: the same class reports lost / up.
// - connect() ignores the DC port: a connection class routes each DC id to its host:port (the
//   local server), and StringSession.save() writes the port as int16 (a harmless 443 is kept).
// - the server's RSA keys sit in `_serverKeys` of telegram/crypto/RSA (the local server's is added).
// - updates reach `_sender._updateCallback` (hooked for updateLoginToken); `_switchDC` follows a
//   migration gramjs re-raises; `_sender.send` skips invoke()'s entity cache, which takes any
//   object with a numeric `length` (account.sentEmailCode) for an array and throws.
// - it retries connections forever and sleeps through FLOOD_WAIT under 60 s by default: every
//   call here is bounded, FLOOD_WAIT surfaces at once, and its logger is silenced so no session
//   or code reaches a log.
// - while it follows a migration (`_switchDC`) the client reports itself disconnected, and a
//   destroyed client still runs a reconnect it had scheduled: calls on one connection run one at
//   a time, so none sees a client half-way to another DC, and every client belongs to a
//   generation; a retired generation's client may not connect again, its calls fail at once and
//   what it reports is ignored.
// gramjs has no "exports" map, so its subpaths resolve as require() resolves them: the main
// bundle is CommonJS for that reason (electron.vite.config.ts), and tsx resolves them alike.
import { createHash, createPublicKey } from 'node:crypto';
import { Api, Logger, TelegramClient, sessions } from 'telegram';
import type { TelegramClientParams } from 'telegram/client/telegramBaseClient';
import { _serverKeys } from 'telegram/crypto/RSA';
import { LogLevel } from 'telegram/extensions/Logger';
import { readBigIntFromBuffer } from 'telegram/Helpers';
import { ConnectionTCPAbridged, ConnectionTCPFull, ConnectionTCPObfuscated } from 'telegram/network';
import { LAYER } from 'telegram/tl/AllTLObjects';
import { serializeBytes } from 'telegram/tl/generationHelpers';
import { CallTimeout, containsLoginToken, isPasswordNeeded, migrateTarget, toGatewayError } from './gramjs-mapping';
import type { ConnectionLanguage, ConnectivityEvent, GatewayConnection, GatewayError, KeyGuard } from './telegram-gateway';
import { withTimeout } from '../with-timeout';

export interface GramjsTarget {
  apiId: number;
  apiHash: string;
  /**
   * Local mode only: a connection class that routes each DC id to the local server's host:port,
   * and the DC a fresh session starts on. Production leaves both unset and gramjs uses
   * Telegram's DCs.
   */
  connection?: TelegramClientParams['connection'];
  initialDc?: { id: number; host: string };
}

export interface GramjsConnectionOptions {
  target: GramjsTarget;
  /** Bound on every API call (ms); past it the call fails with TIMEOUT and the connection is renewed. */
  callTimeoutMs?: number;
  /** Bound on connecting (ms), since gramjs' connect() may never settle. */
  connectTimeoutMs?: number;
  appVersion?: string;
  /** The person's language for initConnection; English until told (useLanguage). */
  language?: ConnectionLanguage;
}

/** A call's answer: the raw TL result, or the error mapped once (with whether it asked for the password). */
export type RawResult<R> = { ok: true; value: R } | { ok: false; error: GatewayError; passwordNeeded: boolean };

export interface CallHow {
  skipEntityCache?: boolean;
  authorizes?: boolean;
}

export interface GramjsConnection extends GatewayConnection {
  /**
   * One API call: connected, bounded in time, migrated once if the server says so, errors mapped.
   * `authorizes`: the call can sign the connection's auth key in, so the key guard runs first
   * (on every key it is sent with, a migration's new one included).
   */
  call<R>(request: Api.AnyRequest, how?: CallHow): Promise<RawResult<R>>;
  /** Move to another DC (auth.loginTokenMigrateTo): a key there, for the call that follows. */
  switchDc(dcId: number): Promise<RawResult<void>>;
  /** The server's clock minus ours (s), as gramjs measured it: QR expiry is on the server's clock. */
  timeOffsetSec(): number;
}

const SILENT = LogLevel.NONE;

const callTimeout = () => new CallTimeout();

type ConnectionClass = NonNullable<TelegramClientParams['connection']>;
type ConnectionParams = ConstructorParameters<typeof ConnectionTCPFull>[0];
interface ConnectionLike {
  _connected: boolean;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  recv(): Promise<unknown>;
  _recv(): Promise<unknown>;
}
interface SenderLike {
  _updateCallback?: ((client: unknown, update: unknown) => void) & { gramdeskHooked?: true };
  _state?: { timeOffset?: number };
  send(request: Api.AnyRequest): Promise<unknown>;
}
const senderOf = (c: TelegramClient) => (c as unknown as { _sender?: SenderLike })._sender;
const switchDcOf = (c: TelegramClient) => (c as unknown as { _switchDC(dc: number): Promise<unknown> })._switchDC.bind(c);

// ---- the local server's side: DC routing and its key ------------------------------------------

/** The transports gramjs ships (TCPMTProxy aside, which needs an MTProxy secret). */
export type GramjsTransport = 'full' | 'abridged' | 'obfuscated';

const TRANSPORT_CLASSES: Record<GramjsTransport, typeof ConnectionTCPFull> = {
  full: ConnectionTCPFull,
  abridged: ConnectionTCPAbridged as unknown as typeof ConnectionTCPFull,
  obfuscated: ConnectionTCPObfuscated as unknown as typeof ConnectionTCPFull,
};

/**
 * A gramjs connection class for `transport` that dials the host:port of the DC id gramjs asks
 * for, whatever address and port the session or help.getConfig carried.
 */
export function localConnectionClass(
  dcs: ReadonlyArray<{ id: number; host: string; port: number }>,
  transport: GramjsTransport = 'full',
): typeof ConnectionTCPFull {
  const table = dcs.map((d) => ({ ...d }));
  const Base = TRANSPORT_CLASSES[transport];
  class LocalConnection extends Base {
    constructor(params: ConnectionParams) {
      const dc = table.find((d) => d.id === params.dcId);
      if (!dc) throw new Error(`The local server has no DC ${params.dcId} (it has ${table.map((d) => d.id).join(', ')})`);
      super({ ...params, ip: dc.host, port: dc.port });
    }
  }
  return LocalConnection;
}

/**
 * Adds a server's public key to gramjs' table of trusted server keys. Returns its fingerprint:
 * the lower 64 bits of SHA1(TL bytes n + TL bytes e), as a signed int64, which is how gramjs
 * looks a key up when the server offers it in resPQ.
 */
export function trustServerKey(publicKeyPem: string): bigint {
  const jwk = createPublicKey(publicKeyPem).export({ format: 'jwk' });
  if (!jwk.n || !jwk.e) throw new Error('The local server announced a key that is not an RSA public key');
  const n = Buffer.from(jwk.n, 'base64url');
  const e = Buffer.from(jwk.e, 'base64url');
  const sha = createHash('sha1').update(Buffer.concat([serializeBytes(n), serializeBytes(e)])).digest();
  const fingerprint = sha.readBigInt64LE(12);
  _serverKeys.set(fingerprint.toString(), {
    n: readBigIntFromBuffer(n, false, false),
    e: Number(readBigIntFromBuffer(e, false, false).toString()),
  });
  return fingerprint;
}

// ---- the watched connection --------------------------------------------------------------------

/** A transport packet of 4 bytes holding -404: the server forgot this connection's auth key. */
function isForgottenKey(data: unknown): boolean {
  return Buffer.isBuffer(data) && data.length === 4 && data.readInt32LE(0) === -404;
}

interface ConnectionHooks {
  forgotten(): void;
  lost(): void;
  up(): void;
  /** The client this connection serves was retired: it must not connect (again). */
  retired(): boolean;
}

class Retired extends Error {
  constructor() {
    super('the connection was retired');
  }
}

/** `base`, reporting a -404, a socket closed by the other side, and a connection made. */
function watchedConnection(base: ConnectionClass, hooks: ConnectionHooks): ConnectionClass {
  const Base = base as unknown as new (params: unknown) => ConnectionLike;
  class WatchedConnection extends Base {
    override async connect(): Promise<void> {
      if (hooks.retired()) throw new Retired();
      await super.connect();
      // Retired while the socket opened: nothing is sent on it.
      if (hooks.retired()) {
        await this.disconnect().catch(() => undefined);
        throw new Retired();
      }
      hooks.up();
    }
    override async recv(): Promise<unknown> {
      const data = await super.recv();
      if (isForgottenKey(data)) hooks.forgotten();
      return data;
    }
    override async _recv(): Promise<unknown> {
      try {
        return await super._recv();
      } catch (error) {
        // Closed by the other side (or the network), not by us: gramjs will try to reconnect.
        if (this._connected) hooks.lost();
        throw error;
      }
    }
  }
  return WatchedConnection as unknown as ConnectionClass;
}

class KeyForgotten extends Error {
  constructor() {
    super('the server forgot the auth key');
  }
}

function notifyAll<A>(listeners: ReadonlySet<(arg: A) => void>, arg: A): void {
  for (const listener of [...listeners]) {
    try {
      listener(arg);
    } catch {
      // a listener's failure is its own
    }
  }
}

interface Signal {
  promise: Promise<never>;
  reject(e: Error): void;
}

function newSignal(): Signal {
  let reject!: (e: Error) => void;
  const promise = new Promise<never>((_, r) => (reject = r));
  promise.catch(() => undefined);
  return { promise, reject };
}

const NETWORK_FAILURE = { ok: false, error: { code: 'NETWORK' }, passwordNeeded: false } as const;

/** The client of one account: its auth key, its connection, and the calls over it. */
class Connection implements GramjsConnection {
  private client: TelegramClient | null = null;
  private connecting: Promise<TelegramClient> | null = null;
  // Every client belongs to the generation it was made in; retiring one (a proxy change, another
  // session) fails its calls at once through `retiredSignal` and keeps its client from connecting.
  private generation = 0;
  private retiredSignal: Signal = newSignal();
  // Calls run one at a time (see the header): each waits for the one before it.
  private queue: Promise<unknown> = Promise.resolve();
  // The session the next client starts from (a stored one at restore; the live one after a
  // dropped connection, so the auth key and the code flow bound to it survive a reconnect).
  private nextSession = '';
  // The DC a client without a session starts on (after a -404, the DC the forgotten key was on).
  private nextDc: { id: number; host: string } | undefined;
  private disposed = false;
  // Rejected when the connection reports -404: the call waiting on it fails at once instead of hanging.
  private forgottenSignal: { promise: Promise<never>; reject: (e: Error) => void } | null = null;
  private readonly tokenListeners = new Set<() => void>();
  private keyGuard: KeyGuard | null = null;
  private readonly connectivityListeners = new Set<(event: ConnectivityEvent) => void>();
  private readonly baseClass: ConnectionClass;
  private readonly callTimeoutMs: number;
  private readonly connectTimeoutMs: number;
  private language: ConnectionLanguage;

  constructor(private readonly options: GramjsConnectionOptions) {
    this.nextDc = options.target.initialDc;
    this.language = options.language ?? { langCode: 'en', systemLangCode: 'en' };
    this.callTimeoutMs = options.callTimeoutMs ?? 15_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
    // gramjs' Node default is TCP full.
    this.baseClass = options.target.connection ?? ConnectionTCPFull;
  }

  async useSession(session: string | null): Promise<void> {
    const dropped = this.retire(false);
    this.nextSession = session ?? '';
    await dropped;
  }

  reopen(): Promise<void> {
    return this.retire(true);
  }

  /**
   * Ends the current generation now: its calls fail with NETWORK, its client is dropped (keeping
   * the session when asked) and may not connect again; the next call starts a new client.
   */
  private retire(keepSession: boolean): Promise<void> {
    this.generation += 1;
    const old = this.retiredSignal;
    this.retiredSignal = newSignal();
    old.reject(new Retired());
    return this.drop(keepSession);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  exportSession(): string | null {
    return this.client ? saveSession(this.client) : this.nextSession || null;
  }

  guardKeys(guard: KeyGuard | null): void {
    this.keyGuard = guard;
  }

  onLoginTokenAccepted(listener: () => void): () => void {
    this.tokenListeners.add(listener);
    return () => this.tokenListeners.delete(listener);
  }

  onConnectivity(listener: (event: ConnectivityEvent) => void): () => void {
    this.connectivityListeners.add(listener);
    return () => this.connectivityListeners.delete(listener);
  }

  async useLanguage(language: ConnectionLanguage): Promise<void> {
    this.language = language;
    const c = this.client;
    if (!c) return;
    // gramjs keeps the initConnection it sends on every (re)connect and DC switch in _initRequest,
    // built once from the client's params: it must say the new language too.
    c._initRequest.langCode = language.langCode;
    c._initRequest.systemLangCode = language.systemLangCode;
    if (!c.connected || this.connecting) return;
    // As on connect: initConnection around help.getConfig, in this layer. An answer or not, the
    // next connection carries the language anyway.
    c._initRequest.query = new Api.help.GetConfig();
    await this.call(new Api.InvokeWithLayer({ layer: LAYER, query: c._initRequest }));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.retire(false);
    this.nextSession = '';
  }

  timeOffsetSec(): number {
    const offset = this.client ? senderOf(this.client)?._state?.timeOffset : undefined;
    return typeof offset === 'number' && Number.isFinite(offset) ? offset : 0;
  }

  call<R>(request: Api.AnyRequest, how: CallHow = {}): Promise<RawResult<R>> {
    // A call still waiting its turn when its generation is retired (a proxy change, another
    // session) fails as the running one does: it must never go out later by the new route.
    const generation = this.generation;
    return this.exclusive(() => (generation === this.generation ? this.callNow<R>(request, how) : Promise.resolve(NETWORK_FAILURE)));
  }

  private async callNow<R>(request: Api.AnyRequest, how: CallHow): Promise<RawResult<R>> {
    let migrated = false;
    let freshKey = false;
    for (;;) {
      const retired = this.retiredSignal.promise;
      try {
        const c = await this.connected();
        this.hookUpdates(c);
        if (how.authorizes && this.keyGuard) {
          const session = saveSession(c);
          if (session) await this.keyGuard(session);
        }
        const signal = this.forgottenSignal;
        // A call that can sign the key in goes straight to the sender: invoke() would follow a
        // PHONE_MIGRATE itself, onto a new key the guard never saw.
        const invoked = how.skipEntityCache || how.authorizes ? senderOf(c)!.send(request) : c.invoke(request);
        invoked.catch(() => undefined);
        const value = (await withTimeout(Promise.race([invoked, retired, ...(signal ? [signal.promise] : [])]), this.callTimeoutMs, callTimeout)) as R;
        return { ok: true, value };
      } catch (error) {
        // Retired under the call (its client is gone already): the caller decides what next.
        if (error instanceof Retired) return NETWORK_FAILURE;
        if (error instanceof KeyForgotten) {
          // Once: a fresh key, then the same call again (it fails as unauthorized if it needed the old key).
          if (this.client) await this.forgetKey();
          if (!freshKey) {
            freshKey = true;
            continue;
          }
          return NETWORK_FAILURE;
        }
        const dc = migrateTarget(error);
        if (dc !== null && !migrated && this.client) {
          // gramjs migrates unauthorized clients itself; this covers what it re-raises.
          migrated = true;
          const switched = await this.switchDcNow(dc);
          if (switched.ok) continue;
          return switched;
        }
        const mapped = toGatewayError(error);
        // A connection that timed out or broke is renewed before the next call.
        if (mapped.code === 'TIMEOUT' || mapped.code === 'NETWORK') await this.drop(true);
        return { ok: false, error: mapped, passwordNeeded: isPasswordNeeded(error) };
      }
    }
  }

  switchDc(dcId: number): Promise<RawResult<void>> {
    return this.exclusive(() => this.switchDcNow(dcId));
  }

  private async switchDcNow(dcId: number): Promise<RawResult<void>> {
    const c = this.client;
    if (!c) return NETWORK_FAILURE;
    try {
      await withTimeout(Promise.race([switchDcOf(c)(dcId), this.retiredSignal.promise]), this.connectTimeoutMs, callTimeout);
      this.hookUpdates(c);
      return { ok: true, value: undefined };
    } catch (error) {
      if (error instanceof Retired) return NETWORK_FAILURE;
      await this.drop(true);
      return { ok: false, error: toGatewayError(error), passwordNeeded: false };
    }
  }

  /** Watch the client's updates for updateLoginToken (the sender is replaced on every DC switch). */
  private hookUpdates(c: TelegramClient): void {
    const sender = senderOf(c);
    if (!sender || !sender._updateCallback) return;
    const original = sender._updateCallback;
    if (original.gramdeskHooked) return;
    sender._updateCallback = Object.assign(
      (client: unknown, update: unknown) => {
        if (containsLoginToken(update)) {
          for (const listener of [...this.tokenListeners]) setImmediate(listener);
        }
        original(client, update);
      },
      { gramdeskHooked: true as const },
    );
  }

  private newClient(): TelegramClient {
    const generation = this.generation;
    const current = () => generation === this.generation;
    // A class per client, so what it reports (and whether it may connect) is its generation's.
    const connectionClass = watchedConnection(this.baseClass, {
      forgotten: () => {
        if (current()) this.forgottenSignal?.reject(new KeyForgotten());
      },
      lost: () => {
        if (current()) notifyAll<ConnectivityEvent>(this.connectivityListeners, 'lost');
      },
      up: () => {
        if (current()) notifyAll<ConnectivityEvent>(this.connectivityListeners, 'up');
      },
      retired: () => !current() || this.disposed,
    });
    const session = new sessions.StringSession(this.nextSession);
    if (!this.nextSession && this.nextDc) {
      // gramjs ignores the DC port (the connection class routes by DC id), and StringSession
      // stores the port as int16: keep a harmless standard port in the session.
      session.setDC(this.nextDc.id, this.nextDc.host, 443);
    }
    const params: TelegramClientParams = {
      connectionRetries: 2,
      retryDelay: 300,
      reconnectRetries: 2,
      // Two attempts: the second one is gramjs' own retry after PHONE/NETWORK/USER_MIGRATE.
      requestRetries: 2,
      timeout: Math.max(1, Math.ceil(this.connectTimeoutMs / 1000)),
      autoReconnect: true,
      floodSleepThreshold: 0,
      baseLogger: new Logger(SILENT),
      deviceModel: 'Gramdesk',
      systemVersion: `${process.platform} ${process.arch}`,
      appVersion: this.options.appVersion ?? '0.1.0',
      langCode: this.language.langCode,
      systemLangCode: this.language.systemLangCode,
    };
    params.connection = connectionClass;
    const c = new TelegramClient(session, this.options.target.apiId, this.options.target.apiHash, params);
    c.setLogLevel(SILENT);
    return c;
  }

  private async drop(keepSession: boolean): Promise<void> {
    const old = this.client;
    this.client = null;
    this.connecting = null;
    if (!old) return;
    if (keepSession) {
      const saved = saveSession(old);
      if (saved) this.nextSession = saved;
    }
    // destroy() stops gramjs' update/ping loop too; it must not keep the process alive.
    await withTimeout(old.destroy(), 5_000, callTimeout).catch(() => undefined);
  }

  private async connected(): Promise<TelegramClient> {
    if (this.disposed) throw new Error('gateway disposed: not connected');
    if (this.connecting) return this.connecting;
    if (this.client?.connected) return this.client;
    // A client whose connection failed for good is replaced (keeping its auth key) rather than
    // reconnected: gramjs' own state after a failed connect is not worth trusting.
    if (this.client) await this.drop(true);
    const c = this.newClient();
    this.client = c;
    const signal = newSignal();
    this.forgottenSignal = signal;
    const retired = this.retiredSignal.promise;
    const attempt = (async () => {
      const ok = await withTimeout(Promise.race([c.connect(), signal.promise, retired]), this.connectTimeoutMs, callTimeout);
      if (!ok) throw new Error('could not connect to the server');
      this.hookUpdates(c);
      return c;
    })();
    this.connecting = attempt;
    try {
      return await attempt;
    } catch (error) {
      // Retired meanwhile: that client is dropped already, and this one may be a newer one.
      if (error instanceof Retired) throw error;
      // A half-connected client may hang forever (gramjs after -404): start over next time.
      if (error instanceof KeyForgotten) await this.forgetKey();
      else await this.drop(true);
      throw error;
    } finally {
      if (this.connecting === attempt) this.connecting = null;
    }
  }

  /**
   * The server forgot the auth key (-404): drop it, keeping only the DC, so the next connection
   * makes a fresh key. Whatever was signed in on the old key is gone with it.
   */
  private async forgetKey(): Promise<void> {
    const old = this.client;
    if (old) {
      const s = old.session as InstanceType<typeof sessions.StringSession>;
      if (s.dcId && s.serverAddress) this.nextDc = { id: s.dcId, host: s.serverAddress };
    }
    await this.drop(false);
    this.nextSession = '';
  }
}

function saveSession(c: TelegramClient): string | null {
  try {
    const s = c.session as InstanceType<typeof sessions.StringSession>;
    if (!s.getAuthKey()?.getKey()) return null;
    return s.save() || null;
  } catch {
    return null;
  }
}

export function createGramjsConnection(options: GramjsConnectionOptions): GramjsConnection {
  return new Connection(options);
}
