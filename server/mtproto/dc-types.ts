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
