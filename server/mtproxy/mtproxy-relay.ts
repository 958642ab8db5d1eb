// An MTProxy on loopback in front of the local server's DCs, for tests, the demo and benchmarks.
// It speaks what public MTProxies speak to clients: obfuscated2 keyed with the secret, with the
// padded intermediate transport for dd secrets, inside fake TLS for ee secrets (hello checked
// for the secret, the clock and the domain). It forwards each connection to the DC its header
// names, re-framed as a plain transport. Anything that fails a check is dropped at once, and no
// input can make it throw out of a socket handler.
import { createHash, createDecipheriv, createCipheriv, type Cipher } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { buildServerAnswer, checkClientHello, helloRecordLength, type HelloRejection } from './fake-tls-server';

export type RelaySecretKind = 'plain' | 'dd' | 'ee';

export interface MtproxyRelayOptions {
  /** The 16-byte key. */
  key: Buffer;
  kind: RelaySecretKind;
  /** ee only: the domain the hello must name. */
  domain?: string;
  dcs: ReadonlyArray<{ id: number; host: string; port: number }>;
  /** Bound on a client's opening (TLS hello and obfuscated2 header), ms. */
  handshakeTimeoutMs?: number;
  /** Client connections beyond this many open are closed as they arrive (default 2,000). */
  maxConnections?: number;
  now?: () => number;
}

export type RelayRefusal = HelloRejection | 'BAD_HEADER' | 'WRONG_TRANSPORT' | 'UNKNOWN_DC' | 'TIMEOUT' | 'DC_UNREACHABLE' | 'BAD_RECORD' | 'TOO_MANY';

export interface MtproxyRelay {
  readonly host: string;
  readonly port: number;
  readonly stats: { accepted: number; forwarded: number; refused: Partial<Record<RelayRefusal, number>> };
  /** Client connections open now (each forwarded one has its DC connection beside it). */
  connectionCount(): number;
  stop(): Promise<void>;
}

const TLS_CCS = Buffer.from('140303000101', 'hex');
const TLS_APP = Buffer.from('170303', 'hex');
const MAX_RECORD = (1 << 14) + 256;

const TAGS = new Map<number, { name: 'abridged' | 'intermediate' | 'padded'; preamble: Buffer }>([
  [0xefefefef, { name: 'abridged', preamble: Buffer.from([0xef]) }],
  [0xeeeeeeee, { name: 'intermediate', preamble: Buffer.from('eeeeeeee', 'hex') }],
  [0xdddddddd, { name: 'padded', preamble: Buffer.from('dddddddd', 'hex') }],
]);

function keyed(part: Buffer, key: Buffer): Buffer {
  return createHash('sha256').update(part).update(key).digest();
}

/** Reads TLS application-data records (after an optional ChangeCipherSpec) into a byte stream. */
class RecordUnwrapper {
  private buffered: Buffer = Buffer.alloc(0);
  private sawFirst = false;
  push(chunk: Buffer): Buffer | null {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    const out: Buffer[] = [];
    for (;;) {
      if (!this.sawFirst && this.buffered.length >= TLS_CCS.length && this.buffered.subarray(0, 6).equals(TLS_CCS)) {
        this.buffered = this.buffered.subarray(6);
      }
      if (this.buffered.length < 5) break;
      if (!this.buffered.subarray(0, 3).equals(TLS_APP)) return null;
      const length = this.buffered.readUInt16BE(3);
      if (length > MAX_RECORD) return null;
      if (this.buffered.length < 5 + length) break;
      this.sawFirst = true;
      out.push(this.buffered.subarray(5, 5 + length));
      this.buffered = this.buffered.subarray(5 + length);
    }
    return Buffer.concat(out);
  }
}

function wrapRecords(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < data.length; at += 1 << 14) {
    const payload = data.subarray(at, at + (1 << 14));
    const header = Buffer.from([0x17, 0x03, 0x03, 0, 0]);
    header.writeUInt16BE(payload.length, 3);
    parts.push(header, payload);
  }
  return Buffer.concat(parts);
}

export async function startMtproxyRelay(options: MtproxyRelayOptions): Promise<MtproxyRelay> {
  if (options.key.length !== 16) throw new Error('an MTProxy key is 16 bytes');
  if (options.kind === 'ee' && !options.domain) throw new Error('an ee relay needs its domain');
  const now = options.now ?? Date.now;
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? 10_000;
  const maxConnections = options.maxConnections ?? 2_000;
  const stats: MtproxyRelay['stats'] = { accepted: 0, forwarded: 0, refused: {} };
  const open = new Set<Socket>();

  function serve(client: Socket): void {
    if (open.size >= maxConnections) {
      stats.refused.TOO_MANY = (stats.refused.TOO_MANY ?? 0) + 1;
      client.on('error', () => undefined);
      client.destroy();
      return;
    }
    stats.accepted++;
    open.add(client);
    client.on('error', () => undefined);
    let upstream: Socket | null = null;
    let done = false;
    const finish = (why?: RelayRefusal) => {
      if (done) return;
      done = true;
      if (why) stats.refused[why] = (stats.refused[why] ?? 0) + 1;
      clearTimeout(timer);
      client.destroy();
      upstream?.destroy();
      open.delete(client);
    };
    const timer = setTimeout(() => finish('TIMEOUT'), handshakeTimeoutMs);
    client.on('close', () => finish());

    let pending: Buffer = Buffer.alloc(0);
    let tls: RecordUnwrapper | null = null;
    let helloDone = options.kind !== 'ee';
    let decrypt: Cipher | null = null;
    let encrypt: Cipher | null = null;

    const sendToClient = (data: Buffer) => {
      const encrypted = encrypt!.update(data);
      client.write(tls ? wrapRecords(encrypted) : encrypted);
    };

    const onHeader = (header: Buffer): { preamble: Buffer; dc: MtproxyRelayOptions['dcs'][number] } | null => {
      const reversed = Buffer.from(header.subarray(8, 56)).reverse();
      decrypt = createDecipheriv('aes-256-ctr', keyed(header.subarray(8, 40), options.key), header.subarray(40, 56));
      encrypt = createCipheriv('aes-256-ctr', keyed(reversed.subarray(0, 32), options.key), reversed.subarray(32, 48));
      const plain = decrypt.update(header);
      const tag = TAGS.get(plain.readUInt32LE(56));
      if (!tag) {
        finish('BAD_HEADER');
        return null;
      }
      // dd and ee secrets promise the padded transport; a client that sends another is not ours.
      if (options.kind !== 'plain' && tag.name !== 'padded') {
        finish('WRONG_TRANSPORT');
        return null;
      }
      const dcId = Math.abs(plain.readInt16LE(60));
      const dc = options.dcs.find((d) => d.id === dcId);
      if (!dc) {
        finish('UNKNOWN_DC');
        return null;
      }
      return { preamble: tag.preamble, dc };
    };

    const onStream = (data: Buffer) => {
      if (done) return;
      if (!decrypt) {
        pending = Buffer.concat([pending, data]);
        if (pending.length < 64) return;
        const header = pending.subarray(0, 64);
        const rest = pending.subarray(64);
        pending = Buffer.alloc(0);
        const accepted = onHeader(header);
        if (!accepted) return;
        const { preamble, dc } = accepted;
        const up = connect({ host: dc.host, port: dc.port });
        upstream = up;
        up.on('error', () => finish('DC_UNREACHABLE'));
        up.on('close', () => finish());
        up.on('connect', () => {
          clearTimeout(timer);
          stats.forwarded++;
        });
        up.on('data', (chunk: Buffer) => {
          if (!done) sendToClient(chunk);
        });
        up.write(Buffer.concat([preamble, decrypt!.update(rest)]));
        return;
      }
      upstream?.write(decrypt.update(data));
    };

    client.on('data', (chunk: Buffer) => {
      if (done) return;
      try {
        if (!helloDone) {
          pending = Buffer.concat([pending, chunk]);
          const length = helloRecordLength(pending);
          if (typeof length === 'string') return finish(length);
          if (length === null) return;
          const hello = pending.subarray(0, length);
          const rest = pending.subarray(length);
          pending = Buffer.alloc(0);
          const checked = checkClientHello(hello, options.key, options.domain!, Math.floor(now() / 1000));
          if (!checked.ok) return finish(checked.why);
          client.write(buildServerAnswer(options.key, checked.random, checked.sessionId));
          helloDone = true;
          tls = new RecordUnwrapper();
          chunk = rest;
          if (chunk.length === 0) return;
        }
        if (tls) {
          const inner = tls.push(chunk);
          if (inner === null) return finish('BAD_RECORD');
          if (inner.length) onStream(inner);
          return;
        }
        onStream(chunk);
      } catch {
        finish('BAD_HEADER');
      }
    });
  }

  const server: Server = createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the relay has no TCP address');
  return {
    host: '127.0.0.1',
    port: address.port,
    stats,
    connectionCount: () => open.size,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
