// A deliberately small, spec-following MTProto client for tests: any transport (abridged,
// intermediate, padded intermediate, full, each optionally obfuscated), the auth key exchange with
// hooks to garble each step, and encrypted messages whose msg_id, seqno, salt and session the test
// controls. gramjs can't speak half of these transports, nor send malformed traffic on purpose.
import { createDiffieHellman, createHash, randomBytes, type DiffieHellman } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { Api, extensions } from 'telegram';
import { aesIgeDecrypt, aesIgeEncrypt } from '../mtproto/aes-ige';
import { DH_PRIME, tmpAesKeyIv, newNonceHash } from '../mtproto/auth-key-exchange';
import { bigintFromBE, bigintFromLE, bigintToBE, bigintToLE, bigintToMinimalBE, fromBigInteger, int32LE, int64LE, toBigInteger } from '../mtproto/binary';
import { computeAuthKeyId, decryptMessage, deriveAesKeyIv, encryptMessage } from '../mtproto/message-crypto';
import { msgIdFromTime } from '../mtproto/msg-id';
import { createObfuscatedInit, type ObfuscationStreams } from '../mtproto/obfuscated2';
import { rsaPublicNumbers } from '../mtproto/rsa-key';
import { FrameReader, FrameWriter, transportPreamble, type TransportKind } from '../mtproto/transport-framing';
import { CTOR } from '../mtproto/service-messages';

export interface RawClientOptions {
  host: string;
  port: number;
  kind: TransportKind;
  obfuscated?: boolean;
  dcId?: number;
}

/** What arrived on the connection: a packet, a transport error code, or the close. */
export type Received = { type: 'packet'; data: Buffer } | { type: 'transport-error'; code: number } | { type: 'closed' };

export interface ReceivedMessage {
  msgId: bigint;
  seqNo: number;
  /** Parsed object; rpc_result is given as { reqMsgId, body }. */
  obj: unknown;
}

export class RpcResultMessage {
  constructor(
    readonly reqMsgId: bigint,
    readonly body: Buffer,
  ) {}
}

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  base %= mod;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % mod;
    exp >>= 1n;
    base = (base * base) % mod;
  }
  return result;
}

// The client's two 2048-bit modexps go to OpenSSL, as the server's do: a JS bigint modpow costs
// tens of milliseconds, which is most of a handshake when a test opens hundreds of them.
let dhEngine: DiffieHellman | null = null;
function dhPow(base: 'g' | bigint, exponent: Buffer, g: number): bigint {
  dhEngine ??= createDiffieHellman(bigintToBE(DH_PRIME, 256), Buffer.from([g]));
  if (dhEngine.getGenerator()[0] !== g) throw new Error(`unexpected g ${g}`);
  dhEngine.setPrivateKey(exponent);
  if (base === 'g') {
    dhEngine.generateKeys();
    return bigintFromBE(dhEngine.getPublicKey());
  }
  return bigintFromBE(dhEngine.computeSecret(bigintToBE(base, 256)));
}

const sha1 = (...parts: Buffer[]) => parts.reduce((h, p) => h.update(p), createHash('sha1')).digest();
const sha256 = (...parts: Buffer[]) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();

function factorize(pq: bigint): [bigint, bigint] {
  // Pollard's rho (Brent); pq is < 2^63.
  if (pq % 2n === 0n) return [2n, pq / 2n];
  for (let c = 1n; ; c++) {
    let x = 2n;
    let y = 2n;
    let d = 1n;
    const f = (v: bigint) => (v * v + c) % pq;
    while (d === 1n) {
      x = f(x);
      y = f(f(y));
      const diff = x > y ? x - y : y - x;
      let a = diff;
      let b = pq;
      while (b) [a, b] = [b, a % b];
      d = a;
    }
    if (d !== pq) return d < pq / d ? [d, pq / d] : [pq / d, d];
  }
}

export interface HandshakeHooks {
  /** Which p_q_inner_data variant to send (default 'dc'). */
  variant?: 'plain' | 'dc' | 'temp' | 'temp_dc';
  expiresIn?: number;
  /** Mutate req_DH_params fields before sending. */
  reqDhParams?(fields: { nonce: Buffer; serverNonce: Buffer; encryptedData: Buffer }): void;
  /** Replace the g_b the client sends. */
  gB?(real: bigint): bigint;
}

export interface RawAuthKey {
  key: Buffer;
  id: bigint;
  initialSalt: bigint;
  /** serverTime - localTime, in seconds, from server_DH_inner_data. */
  timeOffset: number;
}

export class RawMtprotoClient {
  private socket!: Socket;
  private reader: FrameReader;
  private writer: FrameWriter;
  private streams: ObfuscationStreams | null = null;
  private inbox: Received[] = [];
  private waiters: Array<(r: Received) => void> = [];
  private lastMsgId = 0n;
  closed = false;
  /** Seconds added to local time when making msg_ids. */
  timeOffset = 0;
  authKey: RawAuthKey | null = null;
  sessionId = randomBytes(8).readBigInt64LE(0);
  salt = 0n;
  private seq = 0;

  private constructor(private readonly opts: RawClientOptions) {
    this.reader = new FrameReader(opts.kind);
    this.writer = new FrameWriter(opts.kind);
  }

  get kind(): TransportKind {
    return this.opts.kind;
  }

  static async connect(opts: RawClientOptions): Promise<RawMtprotoClient> {
    const client = new RawMtprotoClient(opts);
    await client.open();
    return client;
  }

  private async open(): Promise<void> {
    this.socket = connect({ host: this.opts.host, port: this.opts.port });
    await new Promise<void>((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.socket.on('error', () => {});
    this.socket.on('data', (chunk: Buffer) => {
      const plain = this.streams ? this.streams.decrypt.update(chunk) : chunk;
      for (const data of this.reader.push(plain)) {
        this.deliver(data.length === 4 ? { type: 'transport-error', code: -data.readInt32LE(0) } : { type: 'packet', data });
      }
    });
    this.socket.on('close', () => {
      this.closed = true;
      this.deliver({ type: 'closed' });
    });
    if (this.opts.obfuscated) {
      const { init, streams } = createObfuscatedInit(this.opts.kind, this.opts.dcId ?? 1);
      this.streams = streams;
      this.socket.write(init);
    } else {
      const preamble = transportPreamble(this.opts.kind);
      if (preamble.length) this.socket.write(preamble);
    }
  }

  private deliver(r: Received): void {
    const w = this.waiters.shift();
    if (w) w(r);
    else this.inbox.push(r);
  }

  /** Writes raw bytes to the socket (after obfuscation, if any), bypassing the framing. */
  writeRaw(bytes: Buffer): void {
    this.socket.write(this.streams ? this.streams.encrypt.update(bytes) : bytes);
  }

  sendPacket(payload: Buffer): void {
    this.writeRaw(this.writer.encode(payload));
  }

  /** The next thing that arrives (packets, transport errors and the close are all events). */
  receive(): Promise<Received> {
    const r = this.inbox.shift();
    if (r) return Promise.resolve(r);
    if (this.closed) return Promise.resolve({ type: 'closed' });
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async receivePacket(): Promise<Buffer> {
    const r = await this.receive();
    if (r.type !== 'packet') throw new Error(`expected a packet, got ${r.type === 'transport-error' ? `transport error -${r.code}` : 'the connection closed'}`);
    return r.data;
  }

  close(): void {
    this.socket.destroy();
  }

  newMsgId(): bigint {
    let id = msgIdFromTime(Date.now() + this.timeOffset * 1000) & ~3n;
    if (id <= this.lastMsgId) id = this.lastMsgId + 4n;
    this.lastMsgId = id;
    return id;
  }

  nextSeqNo(contentRelated: boolean): number {
    return contentRelated ? 2 * this.seq++ + 1 : 2 * this.seq;
  }

  // ---- unencrypted (handshake) ----

  sendPlain(body: Buffer): void {
    this.sendPacket(Buffer.concat([int64LE(0n), int64LE(this.newMsgId()), int32LE(body.length), body]));
  }

  async receivePlain(): Promise<unknown> {
    const data = await this.receivePacket();
    if (data.readBigInt64LE(0) !== 0n) throw new Error('expected an unencrypted message');
    const len = data.readInt32LE(16);
    return new extensions.BinaryReader(data.subarray(20, 20 + len)).tgReadObject();
  }

  async reqPq(): Promise<{ nonce: Buffer; resPq: Api.ResPQ }> {
    const nonce = randomBytes(16);
    this.sendPlain(new Api.ReqPqMulti({ nonce: toBigInteger(bigintFromLE(nonce, true)) }).getBytes());
    const resPq = await this.receivePlain();
    if (!(resPq instanceof Api.ResPQ)) throw new Error('expected resPQ');
    return { nonce, resPq };
  }

  /** Runs the whole auth key exchange (RSA_PAD, DH) against a server whose public key is given. */
  async handshake(rsaPublicKeyPem: string, fingerprint: bigint, hooks: HandshakeHooks = {}): Promise<RawAuthKey> {
    const { nonce, resPq } = await this.reqPq();
    const serverNonce = bigintToLE(fromBigInteger(resPq.serverNonce), 16);
    if (!bigintToLE(fromBigInteger(resPq.nonce), 16).equals(nonce)) throw new Error('resPQ nonce mismatch');
    const pq = bigintFromBE(resPq.pq);
    const [p, q] = factorize(pq);
    const newNonce = randomBytes(32);
    const common = {
      pq: resPq.pq,
      p: bigintToMinimalBE(p),
      q: bigintToMinimalBE(q),
      nonce: resPq.nonce,
      serverNonce: resPq.serverNonce,
      newNonce: toBigInteger(bigintFromLE(newNonce, true)),
    };
    const variant = hooks.variant ?? 'dc';
    const dc = this.opts.dcId ?? 1;
    const expiresIn = hooks.expiresIn ?? 3600;
    const inner =
      variant === 'plain'
        ? new Api.PQInnerData(common)
        : variant === 'dc'
          ? new Api.PQInnerDataDc({ ...common, dc })
          : variant === 'temp'
            ? new Api.PQInnerDataTemp({ ...common, expiresIn })
            : new Api.PQInnerDataTempDc({ ...common, dc, expiresIn });
    const encryptedData = rsaPadEncrypt(inner.getBytes(), rsaPublicKeyPem);
    const fields = { nonce, serverNonce, encryptedData };
    hooks.reqDhParams?.(fields);
    this.sendPlain(
      new Api.ReqDHParams({
        nonce: toBigInteger(bigintFromLE(fields.nonce, true)),
        serverNonce: toBigInteger(bigintFromLE(fields.serverNonce, true)),
        p: common.p,
        q: common.q,
        publicKeyFingerprint: toBigInteger(fingerprint),
        encryptedData: fields.encryptedData,
      }).getBytes(),
    );
    const dhParams = await this.receivePlain();
    if (!(dhParams instanceof Api.ServerDHParamsOk)) throw new Error(`expected server_DH_params_ok, got ${String(dhParams)}`);
    const tmp = tmpAesKeyIv(newNonce, serverNonce);
    const answer = aesIgeDecrypt(dhParams.encryptedAnswer, tmp.key, tmp.iv);
    const reader = new extensions.BinaryReader(answer.subarray(20));
    const dhInner = reader.tgReadObject();
    if (!(dhInner instanceof Api.ServerDHInnerData)) throw new Error('expected server_DH_inner_data');
    if (!sha1(answer.subarray(20, 20 + reader.tellPosition())).equals(answer.subarray(0, 20))) throw new Error('server_DH_inner_data hash mismatch');
    const dhPrime = bigintFromBE(dhInner.dhPrime);
    if (dhPrime !== DH_PRIME) throw new Error('unexpected dh_prime');
    const gA = bigintFromBE(dhInner.gA);
    const timeOffset = dhInner.serverTime - Math.floor(Date.now() / 1000);
    this.timeOffset = timeOffset;
    const b = randomBytes(256);
    b[0]! &= 0x7f; // b < p
    let gB = dhPow('g', b, dhInner.g);
    if (hooks.gB) gB = hooks.gB(gB);
    const authKey = bigintToBE(dhPow(gA, b, dhInner.g), 256);
    const clientInner = new Api.ClientDHInnerData({
      nonce: resPq.nonce,
      serverNonce: resPq.serverNonce,
      retryId: toBigInteger(0n),
      gB: bigintToMinimalBE(gB),
    }).getBytes();
    const withHash = Buffer.concat([sha1(clientInner), clientInner]);
    const padded = Buffer.concat([withHash, randomBytes((16 - (withHash.length % 16)) % 16)]);
    this.sendPlain(
      new Api.SetClientDHParams({
        nonce: resPq.nonce,
        serverNonce: resPq.serverNonce,
        encryptedData: aesIgeEncrypt(padded, tmp.key, tmp.iv),
      }).getBytes(),
    );
    const gen = await this.receivePlain();
    if (!(gen instanceof Api.DhGenOk)) throw new Error(`expected dh_gen_ok, got ${(gen as { className?: string }).className}`);
    if (!bigintToLE(fromBigInteger(gen.newNonceHash1), 16).equals(newNonceHash(newNonce, 1, authKey))) throw new Error('new_nonce_hash1 mismatch');
    const saltBytes = Buffer.alloc(8);
    for (let i = 0; i < 8; i++) saltBytes[i] = newNonce[i]! ^ serverNonce[i]!;
    this.authKey = { key: authKey, id: computeAuthKeyId(authKey), initialSalt: bigintFromLE(saltBytes, true), timeOffset };
    this.salt = this.authKey.initialSalt;
    return this.authKey;
  }

  // ---- encrypted ----

  /** Sends one encrypted message; every header field can be overridden to test the server's checks. */
  sendEncrypted(
    body: Buffer,
    o: {
      contentRelated?: boolean;
      msgId?: bigint;
      seqNo?: number;
      salt?: bigint;
      sessionId?: bigint;
      /** Encrypt correctly under a random msg_key that is not SHA256-derived from the plaintext. */
      forgeMsgKey?: boolean;
      authKey?: RawAuthKey;
    } = {},
  ): { msgId: bigint; seqNo: number } {
    const key = o.authKey ?? this.authKey;
    if (!key) throw new Error('no auth key');
    const msgId = o.msgId ?? this.newMsgId();
    const seqNo = o.seqNo ?? this.nextSeqNo(o.contentRelated ?? true);
    const header = Buffer.alloc(32);
    header.writeBigInt64LE(o.salt ?? this.salt, 0);
    header.writeBigInt64LE(o.sessionId ?? this.sessionId, 8);
    header.writeBigInt64LE(msgId, 16);
    header.writeInt32LE(seqNo, 24);
    header.writeInt32LE(body.length, 28);
    const plaintext = Buffer.concat([header, body]);
    if (o.forgeMsgKey) {
      const padded = Buffer.concat([plaintext, randomBytes(12 + ((16 - ((plaintext.length + 12) % 16)) % 16))]);
      const msgKey = randomBytes(16);
      const { key: aesKey, iv } = deriveAesKeyIv(key.key, msgKey, 'client');
      this.sendPacket(Buffer.concat([int64LE(key.id), msgKey, aesIgeEncrypt(padded, aesKey, iv)]));
    } else {
      this.sendPacket(encryptMessage(key.key, key.id, plaintext, 'client'));
    }
    return { msgId, seqNo };
  }

  /** Decrypts the next packet into its messages (containers flattened, gzip unpacked). */
  async receiveMessages(): Promise<ReceivedMessage[]> {
    return this.decodePacket(await this.receivePacket());
  }

  /** Decrypts one encrypted packet from the server into its messages. */
  decodePacket(data: Buffer): ReceivedMessage[] {
    const key = this.authKey;
    if (!key) throw new Error('no auth key');
    if (data.readBigInt64LE(0) !== key.id) throw new Error('packet for another auth key');
    const plain = decryptMessage(key.key, data, 'server');
    if (!plain) throw new Error('server msg_key mismatch');
    if (plain.readBigInt64LE(8) !== this.sessionId) throw new Error('server answered in another session');
    const msgId = plain.readBigInt64LE(16);
    const seqNo = plain.readInt32LE(24);
    const len = plain.readInt32LE(28);
    return flatten(msgId, seqNo, plain.subarray(32, 32 + len));
  }

  /** Receives until `pick` returns something, keeping everything seen in `seen`. */
  async receiveUntil<T>(pick: (m: ReceivedMessage) => T | undefined, seen: ReceivedMessage[] = []): Promise<T> {
    for (;;) {
      for (const m of await this.receiveMessages()) {
        seen.push(m);
        const hit = pick(m);
        if (hit !== undefined) return hit;
      }
    }
  }

  /**
   * Invokes an API request and returns its result, following bad_server_salt and
   * new_session_created the way a real client does.
   */
  async invoke<R extends Api.AnyRequest>(request: R): Promise<R['__response']> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { msgId } = this.sendEncrypted(request.getBytes());
      let retry = false;
      const result = await this.receiveUntil((m) => {
        if (m.obj instanceof Api.NewSessionCreated) this.salt = fromBigInteger(m.obj.serverSalt);
        if (m.obj instanceof Api.BadServerSalt && fromBigInteger(m.obj.badMsgId) === msgId) {
          this.salt = fromBigInteger(m.obj.newServerSalt);
          retry = true;
          return null;
        }
        if (m.obj instanceof Api.BadMsgNotification && fromBigInteger(m.obj.badMsgId) === msgId) throw new Error(`bad_msg_notification ${m.obj.errorCode}`);
        if (m.obj instanceof RpcResultMessage && m.obj.reqMsgId === msgId) return m.obj;
        return undefined;
      });
      if (retry || !result) continue;
      if (result.body.readUInt32LE(0) === Api.RpcError.CONSTRUCTOR_ID) {
        const err = Api.RpcError.fromReader(new extensions.BinaryReader(result.body.subarray(4)));
        throw new Error(`rpc_error ${err.errorCode} ${err.errorMessage}`);
      }
      // gramjs' generated requests parse their own result type (not in its typings).
      const typed = request as unknown as { readResult(reader: extensions.BinaryReader): R['__response'] };
      return typed.readResult(new extensions.BinaryReader(result.body));
    }
    throw new Error('bad_server_salt three times in a row');
  }
}

function flatten(msgId: bigint, seqNo: number, body: Buffer): ReceivedMessage[] {
  const ctor = body.readUInt32LE(0);
  if (ctor === CTOR.msgContainer) {
    const out: ReceivedMessage[] = [];
    const count = body.readInt32LE(4);
    let off = 8;
    for (let i = 0; i < count; i++) {
      const id = body.readBigInt64LE(off);
      const seq = body.readInt32LE(off + 8);
      const len = body.readInt32LE(off + 12);
      out.push(...flatten(id, seq, body.subarray(off + 16, off + 16 + len)));
      off += 16 + len;
    }
    return out;
  }
  if (ctor === CTOR.gzipPacked) {
    const packed = new extensions.BinaryReader(body.subarray(4)).tgReadBytes();
    return flatten(msgId, seqNo, gunzipSync(packed));
  }
  if (ctor === CTOR.rpcResult) {
    let result = body.subarray(12);
    if (result.readUInt32LE(0) === CTOR.gzipPacked) result = gunzipSync(new extensions.BinaryReader(result.subarray(4)).tgReadBytes());
    return [{ msgId, seqNo, obj: new RpcResultMessage(body.readBigInt64LE(4), result) }];
  }
  if (ctor === CTOR.futureSalts) {
    const count = body.readInt32LE(16);
    const salts = Array.from({ length: count }, (_, i) => ({
      validSince: body.readInt32LE(20 + i * 16),
      validUntil: body.readInt32LE(24 + i * 16),
      salt: body.readBigInt64LE(28 + i * 16),
    }));
    return [{ msgId, seqNo, obj: { futureSalts: { reqMsgId: body.readBigInt64LE(4), now: body.readInt32LE(12), salts } } }];
  }
  return [{ msgId, seqNo, obj: new extensions.BinaryReader(body).tgReadObject() }];
}

/** RSA_PAD (core.telegram.org/mtproto/auth_key, step 4.1) with textbook RSA under the given key. */
export function rsaPadEncrypt(data: Buffer, publicKeyPem: string): Buffer {
  const { n, e } = rsaPublicNumbers(publicKeyPem);
  if (data.length > 144) throw new RangeError('p_q_inner_data too long');
  const dataWithPadding = Buffer.concat([data, randomBytes(192 - data.length)]);
  const reversed = Buffer.from(dataWithPadding).reverse();
  for (;;) {
    const tempKey = randomBytes(32);
    const dataWithHash = Buffer.concat([reversed, sha256(tempKey, dataWithPadding)]);
    const aesEncrypted = aesIgeEncrypt(dataWithHash, tempKey, Buffer.alloc(32));
    const mask = sha256(aesEncrypted);
    const tempKeyXor = Buffer.alloc(32);
    for (let i = 0; i < 32; i++) tempKeyXor[i] = tempKey[i]! ^ mask[i]!;
    const m = bigintFromBE(Buffer.concat([tempKeyXor, aesEncrypted]));
    if (m >= n) continue;
    return bigintToBE(modPow(m, e, n), 256);
  }
}
