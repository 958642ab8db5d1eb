// The seam between the local server's protocol layer (transports, auth key exchange, encrypted
// sessions, service messages: `server/mtproto/`) and its Telegram API layer (users, codes,
// auth methods, DCs, control API: `server/api/`).
//
// The protocol layer decrypts and unwraps (invokeWithLayer, initConnection, invokeAfterMsg,
// containers, gzip) and hands each API request to an RpcDispatcher; it serializes whatever the
// dispatcher returns as rpc_result, or an RpcError as rpc_error.
import type { Api } from 'telegram';
import type { AuthKeyRecord } from './auth-keys';

/** Injectable time source (ms since epoch), so tests can skew the server's clock. */
export interface Clock {
  now(): number;
}

export interface RsaKeyPair {
  /** PKCS#1 PEM ("-----BEGIN RSA PUBLIC KEY-----"), the form gramjs and Telegram publish. */
  publicKeyPem: string;
  privateKeyPem: string;
  /** Telegram's fingerprint: lower 64 bits of SHA1(TL-serialized n, e), as a signed int64. */
  fingerprint: bigint;
}

/** What initConnection told us about the client, kept per auth key. */
export interface ClientInfo {
  apiId: number;
  deviceModel: string;
  systemVersion: string;
  appVersion: string;
  /** The language the app speaks (Telegram's code: "en", "pt-br"). */
  langCode: string;
  /** The system's own language tag ("ru-RU"). */
  systemLangCode: string;
}

export interface RpcCallContext {
  dcId: number;
  authKeyId: bigint;
  sessionId: bigint;
  /** Latest initConnection seen on this auth key, if any. */
  client: ClientInfo | null;
  /** Layer from invokeWithLayer on this auth key, if any. */
  layer: number | null;
  /** Remote address of the TCP connection the call arrived on. */
  remoteAddress: string;
}

/** An error answered to the client as rpc_error (e.g. 400 PHONE_NUMBER_INVALID, 303 PHONE_MIGRATE_2). */
export class RpcError extends Error {
  constructor(
    readonly errorCode: number,
    readonly errorMessage: string,
  ) {
    super(`${errorCode} ${errorMessage}`);
    this.name = 'RpcError';
  }
}

/**
 * A dispatcher's result: a TL object (serialized with getBytes), a boolean (boolTrue/boolFalse),
 * or an array of TL objects (Vector<T>). Primitive vectors are given as `{ vectorOfLong: bigint[] }`.
 */
export type RpcResultValue = { getBytes(): Buffer } | boolean | Array<{ getBytes(): Buffer }> | { vectorOfLong: bigint[] };

export interface RpcDispatcher {
  /** Handle one API request (already unwrapped). Throw RpcError for rpc_error; anything else thrown is 500 INTERNAL. */
  handle(request: Api.AnyRequest, ctx: RpcCallContext): Promise<RpcResultValue>;
  /** Called when an auth key is created on this DC, and when one is forgotten (so API state can follow). */
  onAuthKeyCreated?(dcId: number, authKeyId: bigint): void;
  onAuthKeyForgotten?(dcId: number, authKeyId: bigint): void;
}

/**
 * How long a connection may stay unproven or silent, and how many one DC keeps open. Real clients
 * finish the auth key exchange (or send their first message under a key they have) within a second
 * and ping every few seconds (gramjs every 9 s, mtcute every minute); a socket that does neither
 * is a dead peer or an attacker holding a file descriptor.
 */
export interface ConnectionLimits {
  /** A connection that has neither completed an auth key exchange nor sent a valid encrypted message by then is closed. */
  handshakeTimeoutMs: number;
  /** A proven connection from which no whole packet arrives for this long is closed. */
  idleTimeoutMs: number;
  /** Connections beyond this many open on one DC are closed as they arrive. */
  maxConnections: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  handshakeTimeoutMs: 20_000,
  idleTimeoutMs: 300_000,
  maxConnections: 2_000,
};

/** The problem with overrides of the connection limits, or null. */
export function connectionLimitsProblem(input: Partial<ConnectionLimits>): string | null {
  for (const [key, value] of Object.entries(input)) {
    if (!(key in DEFAULT_CONNECTION_LIMITS)) return `unknown connection limit "${key}"; known: ${Object.keys(DEFAULT_CONNECTION_LIMITS).join(', ')}`;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 86_400_000) return `${key} must be an integer from 1 to 86400000`;
  }
  return null;
}

export interface DcServerOptions {
  id: number;
  host: string; // always a loopback address
  port: number;
  rsa: RsaKeyPair;
  clock: Clock;
  dispatcher: RpcDispatcher;
  log?: (line: string) => void;
  /** Auth keys this DC knew before (a saved demo world), known again from the start. */
  authKeys?: readonly AuthKeyRecord[];
  /** Overrides of DEFAULT_CONNECTION_LIMITS (tests shorten them). */
  limits?: Partial<ConnectionLimits>;
}

export interface DcServer {
  readonly id: number;
  readonly host: string;
  readonly port: number;
  /** Push updates to every live session of this auth key (e.g. updateLoginToken). Returns how many sessions got it. */
  pushUpdates(authKeyId: bigint, updates: Api.TypeUpdates): number;
  /** Forget one auth key, or all of them: later messages with it are answered with transport error -404. */
  forgetAuthKey(authKeyId?: bigint): void;
  /** Close every open client connection now (the listener stays up). */
  dropConnections(): void;
  /** Answer the next `times` packets on this DC with transport error -429. */
  floodTransport(times: number): void;
  /** Number of open client connections. */
  connectionCount(): number;
  /** Counters for benchmarks and assertions (monotonic since start). */
  stats(): DcServerStats;
  /** The auth keys this DC knows now (to be saved with the demo world). */
  authKeyRecords(): AuthKeyRecord[];
  close(): Promise<void>;
}

export interface DcServerStats {
  connectionsAccepted: number;
  /** Connections closed on arrival because maxConnections were open. */
  connectionsRefused: number;
  /** Connections closed for not proving themselves within handshakeTimeoutMs. */
  handshakeTimeouts: number;
  /** Proven connections closed after idleTimeoutMs without a packet. */
  idleTimeouts: number;
  /** Auth keys created (dh_gen_ok sent). */
  handshakesCompleted: number;
  /** Handshakes rejected (-404 and close, or dh_gen_fail). */
  handshakesFailed: number;
  /** Wall time spent inside the server's handshake handlers (all steps, all handshakes), in ns. */
  handshakeServerNs: number;
  /** Wall time inside the server's handling of encrypted messages (not awaits in API handlers), in ns. */
  encryptedServerNs: number;
  /** API requests handed to the dispatcher. */
  rpcCalls: number;
  /** Packets answered with transport error -404 / -429. */
  transportErrors404: number;
  transportErrors429: number;
  /** bad_msg_notification sent, by error code (48 = bad_server_salt). */
  badMsgNotifications: Record<number, number>;
  /** Auth keys currently known. */
  authKeys: number;
}
