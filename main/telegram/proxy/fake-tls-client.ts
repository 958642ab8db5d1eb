// The client side of MTProxy's fake TLS ("ee" secrets), as core.telegram.org's MTProxy notes and
// Telegram's own clients describe it: the connection opens with what looks like a TLS 1.3
// ClientHello for the secret's domain, whose 32-byte `random` is the HMAC-SHA256 (keyed with the
// secret) of the whole hello with `random` zeroed, its last 4 bytes XORed with the Unix time. The
// proxy proves it knows the secret the same way: its ServerHello `random` is the HMAC of our
// `random` followed by its whole answer (ServerHello, ChangeCipherSpec, one application-data
// record) with that field zeroed. After that, obfuscated2 runs inside application-data records.
import { createHmac, generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';
import { HandshakeReader } from './socket-reader';
import { ProxyError } from './proxy-errors';

const RANDOM_OFFSET = 11;
const HELLO_LENGTH = 517;
/** TLS caps a record's payload at 2^14 bytes. */
export const MAX_RECORD_PAYLOAD = 1 << 14;
const CHANGE_CIPHER_SPEC = Buffer.from('140303000101', 'hex');
const APPLICATION_DATA = Buffer.from('170303', 'hex');

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

/** Length-prefixed (16-bit) block. */
function block(...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([u16(body.length), body]);
}

function ext(type: number, ...body: Buffer[]): Buffer {
  return Buffer.concat([u16(type), block(...body)]);
}

/** GREASE values (RFC 8701): 0x?a?a, so a real server must ignore them, as browsers send them. */
function grease(): Buffer {
  const nibble = randomBytes(1)[0]! & 0xf0;
  return Buffer.from([nibble | 0x0a, nibble | 0x0a]);
}

function x25519PublicKey(): Buffer {
  const { publicKey } = generateKeyPairSync('x25519');
  return Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
}

function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

/** A ClientHello shaped like a current browser's, for `domain`, signed with `key` at `unixTime`. */
export function buildClientHello(key: Buffer, domain: string, unixTime: number): Buffer {
  const sni = ext(0x0000, block(Buffer.from([0x00]), block(Buffer.from(domain, 'ascii'))));
  const extensions = [
    Buffer.concat([grease(), u16(0)]),
    sni,
    ext(0x0017),
    ext(0xff01, Buffer.from([0x00])),
    ext(0x000a, block(grease(), hex('001d 0017 0018'))),
    ext(0x000b, Buffer.from([0x01, 0x00])),
    ext(0x0023),
    ext(0x0010, block(Buffer.from('\x02h2\x08http/1.1', 'latin1'))),
    ext(0x0005, hex('01 0000 0000')),
    ext(0x000d, block(hex('0403 0804 0401 0503 0805 0501 0806 0601'))),
    ext(0x0012),
    ext(0x0033, block(grease(), hex('0001 00'), hex('001d 0020'), x25519PublicKey())),
    ext(0x002d, hex('01 01')),
    ext(0x002b, Buffer.concat([Buffer.from([0x06]), grease(), hex('0304 0303')])),
    ext(0x001b, hex('02 0002')),
    Buffer.concat([grease(), u16(1), Buffer.from([0x00])]),
  ];
  const body = (padding: Buffer[]) =>
    Buffer.concat([
      hex('0303'),
      Buffer.alloc(32),
      Buffer.from([0x20]),
      randomBytes(32),
      block(grease(), hex('1301 1302 1303 c02b c02f c02c c030 cca9 cca8 c013 c014 009c 009d 002f 0035')),
      hex('01 00'),
      block(...extensions, ...padding),
    ]);
  // record header (5) + handshake header (4) + body; pad with extension 0x0015 up to 517 bytes.
  const unpadded = 9 + body([]).length;
  const padLength = HELLO_LENGTH - unpadded - 4;
  const handshakeBody = body(padLength >= 0 ? [ext(0x0015, Buffer.alloc(padLength))] : []);
  const handshake = Buffer.concat([Buffer.from([0x01, 0x00]), u16(handshakeBody.length), handshakeBody]);
  const hello = Buffer.concat([hex('160301'), u16(handshake.length), handshake]);
  const digest = createHmac('sha256', key).update(hello).digest();
  const time = digest.readUInt32LE(28) ^ (unixTime >>> 0);
  digest.writeUInt32LE(time >>> 0, 28);
  digest.copy(hello, RANDOM_OFFSET);
  return hello;
}

/** Length of a complete TLS record at the start of `buf` whose header is `prefix`, or null if incomplete. */
function recordLength(buf: Buffer, offset: number, prefix: Buffer): number | null {
  if (buf.length < offset + prefix.length) return null;
  if (!buf.subarray(offset, offset + prefix.length).equals(prefix)) {
    throw new ProxyError('PROXY_BAD_SECRET', 'the proxy did not answer our hello as a fake-TLS MTProxy does');
  }
  if (buf.length < offset + prefix.length + 2) return null;
  return prefix.length + 2 + buf.readUInt16BE(offset + prefix.length);
}

/** The proxy's whole answer: ServerHello record, then ChangeCipherSpec + one application-data record. */
function answerLength(buf: Buffer): number | null {
  const first = recordLength(buf, 0, hex('160303'));
  if (first === null || buf.length < first) return null;
  const second = recordLength(buf, first, Buffer.concat([CHANGE_CIPHER_SPEC, APPLICATION_DATA]));
  if (second === null || buf.length < first + second) return null;
  return first + second;
}

/** Whether `answer` is the proxy's proof of the secret for our hello's `random`. */
export function serverAnswerIsGenuine(key: Buffer, helloRandom: Buffer, answer: Buffer): boolean {
  if (answer.length < RANDOM_OFFSET + 32) return false;
  const claimed = Buffer.from(answer.subarray(RANDOM_OFFSET, RANDOM_OFFSET + 32));
  const zeroed = Buffer.from(answer);
  zeroed.fill(0, RANDOM_OFFSET, RANDOM_OFFSET + 32);
  const expected = createHmac('sha256', key).update(helloRandom).update(zeroed).digest();
  return timingSafeEqual(claimed, expected);
}

/** Wraps outgoing bytes in application-data records; the first write also carries ChangeCipherSpec. */
export class TlsRecordWriter {
  private first = true;
  wrap(data: Buffer): Buffer {
    const parts: Buffer[] = [];
    if (this.first) parts.push(CHANGE_CIPHER_SPEC);
    this.first = false;
    for (let at = 0; at < data.length; at += MAX_RECORD_PAYLOAD) {
      const payload = data.subarray(at, at + MAX_RECORD_PAYLOAD);
      parts.push(APPLICATION_DATA, u16(payload.length), payload);
    }
    return Buffer.concat(parts);
  }
}

/** Unwraps incoming application-data records into the byte stream they carry. */
export class TlsRecordReader {
  private buffered: Buffer = Buffer.alloc(0);
  push(chunk: Buffer): Buffer {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const out: Buffer[] = [];
    for (;;) {
      if (this.buffered.length < 5) break;
      if (!this.buffered.subarray(0, 3).equals(APPLICATION_DATA)) {
        throw new ProxyError('PROXY_PROTOCOL', 'the proxy sent something other than a TLS application-data record');
      }
      const length = this.buffered.readUInt16BE(3);
      if (length > MAX_RECORD_PAYLOAD + 256) throw new ProxyError('PROXY_PROTOCOL', 'the proxy sent an oversized TLS record');
      if (this.buffered.length < 5 + length) break;
      out.push(this.buffered.subarray(5, 5 + length));
      this.buffered = this.buffered.subarray(5 + length);
    }
    return Buffer.concat(out);
  }
}

/**
 * Runs the fake-TLS opening on a connected socket. Resolves with the record framing to use from
 * now on and any records that already arrived; rejects with PROXY_BAD_SECRET when the proxy's
 * answer does not prove the secret (or it hangs up on the hello, which is what a real MTProxy
 * does with a wrong secret: it passes us on to the real site, or drops us).
 */
export async function openFakeTls(
  socket: Socket,
  secret: { key: Buffer; domain: string },
  deadline: number,
): Promise<{ writer: TlsRecordWriter; reader: TlsRecordReader; rest: Buffer }> {
  const hello = buildClientHello(secret.key, secret.domain, Math.floor(Date.now() / 1000));
  const helloRandom = Buffer.from(hello.subarray(RANDOM_OFFSET, RANDOM_OFFSET + 32));
  const reader = new HandshakeReader(socket);
  try {
    socket.write(hello);
    const answer = await reader
      .take(answerLength, deadline, 'the fake-TLS hello')
      .catch((error: unknown) => {
        if (error instanceof ProxyError && error.failure === 'PROXY_PROTOCOL') {
          throw new ProxyError('PROXY_BAD_SECRET', 'the proxy hung up on our hello');
        }
        throw error;
      });
    if (!serverAnswerIsGenuine(secret.key, helloRandom, answer)) {
      throw new ProxyError('PROXY_BAD_SECRET', 'the proxy does not know this secret');
    }
    const records = new TlsRecordReader();
    return { writer: new TlsRecordWriter(), reader: records, rest: records.push(reader.detach()) };
  } catch (error) {
    reader.detach();
    throw error;
  }
}
