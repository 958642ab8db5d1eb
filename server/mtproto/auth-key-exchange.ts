// Server side of the auth key exchange (core.telegram.org/mtproto/auth_key), one instance per
// connection. Each step checks what the spec says the server must check; anything malformed or
// out of order raises HandshakeError, which the connection answers with -404 and a close.
import { createDiffieHellman, createHash, createPrivateKey, generatePrimeSync, randomBytes, type DiffieHellman, type KeyObject } from 'node:crypto';
import { Api } from 'telegram';
import type { Clock } from './dc-types';
import { aesIgeDecrypt, aesIgeEncrypt } from './aes-ige';
import { bigintFromBE, bigintFromLE, bigintToBE, bigintToLE, fromBigInteger, toBigInteger, type BigInteger } from './binary';
import { computeAuthKeyId } from './message-crypto';
import { rsaDecryptRaw } from './rsa-key';
import { readTlObject } from './tl-read';

/** Telegram's own 2048-bit safe prime; g = 3 generates its subgroup of order (p-1)/2 since p mod 3 = 2. */
export const DH_PRIME_HEX =
  'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4db' +
  'fa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64' +
  '2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b41' +
  '0dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4' +
  'e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf' +
  '6f4fadf034b10403119cd8e3b92fcc5b';
export const DH_PRIME = BigInt('0x' + DH_PRIME_HEX);
export const DH_G = 3;
const DH_PRIME_BYTES = Buffer.from(DH_PRIME_HEX, 'hex');
const RANGE_MARGIN = 1n << (2048n - 64n);

/** g_a and g_b must satisfy 1 < x < p-1 and 2^(2048-64) < x < p - 2^(2048-64). */
export function isDhValueInRange(x: bigint): boolean {
  return x > 1n && x < DH_PRIME - 1n && x > RANGE_MARGIN && x < DH_PRIME - RANGE_MARGIN;
}

export class HandshakeError extends Error {
  override name = 'HandshakeError';
}

// OpenSSL does the 2048-bit modexps (a JS bigint modpow costs ~15 ms). Constructing the object
// validates the prime once (a few hundred ms); after that each key pair is set explicitly.
let dhEngine: DiffieHellman | null = null;
function dh(): DiffieHellman {
  dhEngine ??= createDiffieHellman(DH_PRIME_BYTES, Buffer.from([DH_G]));
  return dhEngine;
}

function newServerSecret(): { a: Buffer; gA: Buffer } {
  for (;;) {
    const a = randomBytes(256);
    a[0]! &= 0x7f; // a < p, so it is a valid exponent for OpenSSL
    const engine = dh();
    engine.setPrivateKey(a);
    engine.generateKeys();
    const gA = bigintToBE(bigintFromBE(engine.getPublicKey()), 256);
    if (isDhValueInRange(bigintFromBE(gA))) return { a, gA };
  }
}

function newPrimePair(): { p: bigint; q: bigint } {
  // Two 31-bit primes keep pq below 2^63, as clients that read pq as a signed 64-bit value need.
  for (;;) {
    const p = generatePrimeSync(31, { bigint: true });
    const q = generatePrimeSync(31, { bigint: true });
    if (p !== q) return p < q ? { p, q } : { p: q, q: p };
  }
}

// A few DH secrets and pq factorizations made ahead of time, off the handshake's critical path
// (an OpenSSL 2048-bit modexp still costs milliseconds).
const POOL_SIZE = 4;
const secretPool: Array<{ a: Buffer; gA: Buffer }> = [];
const primePool: Array<{ p: bigint; q: bigint }> = [];
let refillScheduled = false;

function scheduleRefill(): void {
  if (refillScheduled) return;
  refillScheduled = true;
  setImmediate(() => {
    refillScheduled = false;
    while (secretPool.length < POOL_SIZE) secretPool.push(newServerSecret());
    while (primePool.length < POOL_SIZE) primePool.push(newPrimePair());
  }).unref();
}

function takeServerSecret(): { a: Buffer; gA: Buffer } {
  const secret = secretPool.pop() ?? newServerSecret();
  scheduleRefill();
  return secret;
}

function takePrimePair(): { p: bigint; q: bigint } {
  const pair = primePool.pop() ?? newPrimePair();
  scheduleRefill();
  return pair;
}

function sha1(...parts: Buffer[]): Buffer {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest();
}

function sha256(...parts: Buffer[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

/** tmp_aes_key / tmp_aes_iv for the server_DH_inner_data and client_DH_inner_data exchange. */
export function tmpAesKeyIv(newNonce: Buffer, serverNonce: Buffer): { key: Buffer; iv: Buffer } {
  const ns = sha1(newNonce, serverNonce);
  const sn = sha1(serverNonce, newNonce);
  const nn = sha1(newNonce, newNonce);
  return {
    key: Buffer.concat([ns, sn.subarray(0, 12)]),
    iv: Buffer.concat([sn.subarray(12, 20), nn, newNonce.subarray(0, 4)]),
  };
}

/** new_nonce_hash1/2/3: the lower 128 bits of SHA1(new_nonce + n + auth_key_aux_hash). */
export function newNonceHash(newNonce: Buffer, n: 1 | 2 | 3, authKey: Buffer): Buffer {
  const auxHash = sha1(authKey).subarray(0, 8);
  return sha1(newNonce, Buffer.from([n]), auxHash).subarray(4, 20);
}

export interface ServerRsa {
  fingerprint: bigint;
  privateKey: KeyObject;
}

export function serverRsa(privateKeyPem: string, fingerprint: bigint): ServerRsa {
  return { fingerprint, privateKey: createPrivateKey(privateKeyPem) };
}

export interface CreatedAuthKey {
  key: Buffer;
  id: bigint;
  expiresAtMs: number | null;
  initialSalt: bigint;
}

export interface HandshakeEnv {
  dcId: number;
  rsa: ServerRsa;
  clock: Clock;
  /** True when this auth_key_id is already taken (then the client must retry with a new g_b). */
  authKeyIdTaken(id: bigint): boolean;
}

type State =
  | { step: 'idle' }
  | { step: 'pq'; nonce: Buffer; serverNonce: Buffer; p: bigint; q: bigint }
  | {
      step: 'dh';
      nonce: Buffer;
      serverNonce: Buffer;
      newNonce: Buffer;
      a: Buffer;
      tmp: { key: Buffer; iv: Buffer };
      expiresIn: number | null;
      /** auth_key_aux_hash of the previous attempt, which a retry must quote as retry_id. */
      expectedRetryId: bigint;
    };

const int128 = (v: BigInteger) => bigintToLE(fromBigInteger(v), 16);
const int256 = (v: BigInteger) => bigintToLE(fromBigInteger(v), 32);
const asInt128 = (b: Buffer) => toBigInteger(bigintFromLE(b, true));

function decryptPqInnerData(rsa: ServerRsa, encrypted: Buffer): Api.TypeP_Q_inner_data {
  // RSA_PAD (core.telegram.org/mtproto/auth_key#presenting-proof-of-work-server-authentication)
  const plain = rsaDecryptRaw(rsa.privateKey, encrypted);
  if (!plain) throw new HandshakeError('encrypted_data is not a valid RSA block');
  const tempKeyXor = plain.subarray(0, 32);
  const aesEncrypted = plain.subarray(32, 256);
  const tempKey = Buffer.alloc(32);
  const mask = sha256(aesEncrypted);
  for (let i = 0; i < 32; i++) tempKey[i] = tempKeyXor[i]! ^ mask[i]!;
  const dataWithHash = aesIgeDecrypt(aesEncrypted, tempKey, Buffer.alloc(32));
  const dataWithPadding = Buffer.from(dataWithHash.subarray(0, 192)).reverse();
  let inner: unknown;
  if (sha256(tempKey, dataWithPadding).equals(dataWithHash.subarray(192, 224))) {
    try {
      inner = readTlObject(dataWithPadding).obj;
    } catch {
      throw new HandshakeError('p_q_inner_data does not parse');
    }
  } else {
    inner = legacyPqInnerData(plain);
    if (inner === null) throw new HandshakeError('RSA_PAD hash mismatch (wrong key or garbled payload)');
  }
  if (
    inner instanceof Api.PQInnerData ||
    inner instanceof Api.PQInnerDataDc ||
    inner instanceof Api.PQInnerDataTemp ||
    inner instanceof Api.PQInnerDataTempDc
  ) {
    return inner;
  }
  throw new HandshakeError('encrypted_data holds no p_q_inner_data');
}

/**
 * The scheme before RSA_PAD, RSA(SHA1(data) + data + padding) in 255 bytes, which Telegram still
 * accepts and clients such as @mtproto/core still send. Null when the block is not that either.
 */
function legacyPqInnerData(plain: Buffer): unknown {
  if (plain[0] !== 0) return null;
  const block = plain.subarray(1);
  try {
    const { obj, length } = readTlObject(block.subarray(20));
    return sha1(block.subarray(20, 20 + length)).equals(block.subarray(0, 20)) ? obj : null;
  } catch {
    return null;
  }
}

export class AuthKeyExchange {
  private state: State = { step: 'idle' };

  constructor(private readonly env: HandshakeEnv) {}

  /** Handles one unencrypted handshake request; returns the TL answer and, on dh_gen_ok, the new key. */
  handle(request: unknown): { reply: Buffer; created?: CreatedAuthKey } {
    if (request instanceof Api.ReqPqMulti || request instanceof Api.ReqPq) return { reply: this.reqPq(request) };
    if (request instanceof Api.ReqDHParams) return { reply: this.reqDhParams(request) };
    if (request instanceof Api.SetClientDHParams) return this.setClientDhParams(request);
    throw new HandshakeError(`unexpected unencrypted message ${describe(request)}`);
  }

  private reqPq(request: Api.ReqPqMulti | Api.ReqPq): Buffer {
    // Restarting is allowed at any point: clients retry a failed exchange on the same connection.
    const nonce = int128(request.nonce);
    const serverNonce = randomBytes(16);
    const { p, q } = takePrimePair();
    this.state = { step: 'pq', nonce, serverNonce, p, q };
    return new Api.ResPQ({
      nonce: request.nonce,
      serverNonce: asInt128(serverNonce),
      pq: bigintToBE(p * q, 8),
      serverPublicKeyFingerprints: [toBigInteger(this.env.rsa.fingerprint)],
    }).getBytes();
  }

  private reqDhParams(request: Api.ReqDHParams): Buffer {
    const state = this.state;
    if (state.step !== 'pq') throw new HandshakeError('req_DH_params before req_pq_multi');
    if (!int128(request.nonce).equals(state.nonce)) throw new HandshakeError('req_DH_params: nonce mismatch');
    if (!int128(request.serverNonce).equals(state.serverNonce)) throw new HandshakeError('req_DH_params: server_nonce mismatch');
    if (fromBigInteger(request.publicKeyFingerprint) !== this.env.rsa.fingerprint) throw new HandshakeError('req_DH_params: unknown public_key_fingerprint');
    if (bigintFromBE(request.p) !== state.p || bigintFromBE(request.q) !== state.q) throw new HandshakeError('req_DH_params: wrong p or q');
    const inner = decryptPqInnerData(this.env.rsa, request.encryptedData);
    if (bigintFromBE(inner.pq) !== state.p * state.q || bigintFromBE(inner.p) !== state.p || bigintFromBE(inner.q) !== state.q) {
      throw new HandshakeError('p_q_inner_data: pq, p or q differ');
    }
    if (!int128(inner.nonce).equals(state.nonce) || !int128(inner.serverNonce).equals(state.serverNonce)) {
      throw new HandshakeError('p_q_inner_data: nonce mismatch');
    }
    if ('dc' in inner) {
      const dc = Math.abs(inner.dc) % 10000;
      if (dc !== this.env.dcId) throw new HandshakeError(`p_q_inner_data names DC ${inner.dc}, this is DC ${this.env.dcId}`);
    }
    let expiresIn: number | null = null;
    if ('expiresIn' in inner) {
      if (!(inner.expiresIn > 0)) throw new HandshakeError('p_q_inner_data_temp: expires_in must be positive');
      expiresIn = inner.expiresIn;
    }
    const newNonce = int256(inner.newNonce);
    const { a, gA } = takeServerSecret();
    const answer = new Api.ServerDHInnerData({
      nonce: request.nonce,
      serverNonce: request.serverNonce,
      g: DH_G,
      dhPrime: DH_PRIME_BYTES,
      gA,
      serverTime: Math.floor(this.env.clock.now() / 1000),
    }).getBytes();
    const withHash = Buffer.concat([sha1(answer), answer]);
    const padded = Buffer.concat([withHash, randomBytes((16 - (withHash.length % 16)) % 16)]);
    const tmp = tmpAesKeyIv(newNonce, state.serverNonce);
    this.state = { step: 'dh', nonce: state.nonce, serverNonce: state.serverNonce, newNonce, a, tmp, expiresIn, expectedRetryId: 0n };
    return new Api.ServerDHParamsOk({
      nonce: request.nonce,
      serverNonce: request.serverNonce,
      encryptedAnswer: aesIgeEncrypt(padded, tmp.key, tmp.iv),
    }).getBytes();
  }

  private setClientDhParams(request: Api.SetClientDHParams): { reply: Buffer; created?: CreatedAuthKey } {
    const state = this.state;
    if (state.step !== 'dh') throw new HandshakeError('set_client_DH_params before req_DH_params');
    if (!int128(request.nonce).equals(state.nonce)) throw new HandshakeError('set_client_DH_params: nonce mismatch');
    if (!int128(request.serverNonce).equals(state.serverNonce)) throw new HandshakeError('set_client_DH_params: server_nonce mismatch');
    const data = request.encryptedData;
    if (data.length === 0 || data.length % 16 !== 0) throw new HandshakeError('set_client_DH_params: encrypted_data is not whole AES blocks');
    const plain = aesIgeDecrypt(data, state.tmp.key, state.tmp.iv);
    let inner: unknown;
    let innerLen: number;
    try {
      ({ obj: inner, length: innerLen } = readTlObject(plain.subarray(20)));
    } catch {
      throw new HandshakeError('client_DH_inner_data does not parse');
    }
    const paddingLen = plain.length - 20 - innerLen;
    if (!(inner instanceof Api.ClientDHInnerData) || paddingLen < 0 || paddingLen > 15) {
      throw new HandshakeError('set_client_DH_params: no client_DH_inner_data');
    }
    if (!sha1(plain.subarray(20, 20 + innerLen)).equals(plain.subarray(0, 20))) throw new HandshakeError('client_DH_inner_data: SHA1 mismatch');
    if (!int128(inner.nonce).equals(state.nonce) || !int128(inner.serverNonce).equals(state.serverNonce)) {
      throw new HandshakeError('client_DH_inner_data: nonce mismatch');
    }
    const answer = (n: 1 | 2 | 3, authKey: Buffer) => {
      const fields = { nonce: request.nonce, serverNonce: request.serverNonce };
      const hash = asInt128(newNonceHash(state.newNonce, n, authKey));
      if (n === 1) return new Api.DhGenOk({ ...fields, newNonceHash1: hash }).getBytes();
      if (n === 2) return new Api.DhGenRetry({ ...fields, newNonceHash2: hash }).getBytes();
      return new Api.DhGenFail({ ...fields, newNonceHash3: hash }).getBytes();
    };
    // Leading zero bytes of g_b may be dropped by clients; it is a big-endian number either way.
    const gB = bigintFromBE(inner.gB);
    if (inner.gB.length > 256 || !isDhValueInRange(gB) || BigInt.asUintN(64, fromBigInteger(inner.retryId)) !== state.expectedRetryId) {
      this.state = { step: 'idle' };
      // No key exists, so the hash is computed over an empty one; the client only needs the nonces.
      return { reply: answer(3, Buffer.alloc(256)) };
    }
    const engine = dh();
    engine.setPrivateKey(state.a);
    let authKey: Buffer;
    try {
      authKey = bigintToBE(bigintFromBE(engine.computeSecret(bigintToBE(gB, 256))), 256);
    } catch {
      this.state = { step: 'idle' };
      return { reply: answer(3, Buffer.alloc(256)) };
    }
    const id = computeAuthKeyId(authKey);
    if (this.env.authKeyIdTaken(id)) {
      this.state = { ...state, expectedRetryId: bigintFromLE(sha1(authKey).subarray(0, 8)) };
      return { reply: answer(2, authKey) };
    }
    this.state = { step: 'idle' };
    const salt = Buffer.alloc(8);
    for (let i = 0; i < 8; i++) salt[i] = state.newNonce[i]! ^ state.serverNonce[i]!;
    const now = this.env.clock.now();
    return {
      reply: answer(1, authKey),
      created: { key: authKey, id, expiresAtMs: state.expiresIn === null ? null : now + state.expiresIn * 1000, initialSalt: bigintFromLE(salt, true) },
    };
  }
}

function describe(x: unknown): string {
  if (x && typeof x === 'object' && 'className' in x) return String((x as { className: unknown }).className);
  return typeof x;
}
