// The proxy side of MTProxy's fake TLS: read a ClientHello, check that its `random` is the
// HMAC-SHA256 of the hello (random zeroed) under the secret, with the client's Unix time XORed
// into the last 4 bytes and close to ours, and that it names our domain; then answer with a
// ServerHello, ChangeCipherSpec and one application-data record whose `random` is the HMAC of
// the client's random followed by the whole answer (random zeroed), which the client checks.
import { createHmac, generateKeyPairSync, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

const RANDOM_OFFSET = 11;
/** How far the client's clock may be from ours (s), as MTProxy allows for skewed clocks. */
export const MAX_CLOCK_SKEW_S = 600;
/** Largest ClientHello accepted (a real one is 517 bytes; some clients send up to ~2 KB). */
export const MAX_HELLO_BYTES = 4096;

export type HelloRejection = 'NOT_TLS' | 'TOO_LARGE' | 'MALFORMED' | 'WRONG_SECRET' | 'CLOCK_SKEW' | 'WRONG_DOMAIN';

/** Bytes the whole ClientHello record takes, null while incomplete; a rejection for non-TLS input. */
export function helloRecordLength(buf: Buffer): number | null | HelloRejection {
  if (buf.length >= 1 && buf[0] !== 0x16) return 'NOT_TLS';
  if (buf.length >= 3 && (buf[1] !== 0x03 || buf[2] !== 0x01)) return 'NOT_TLS';
  if (buf.length < 5) return null;
  const total = 5 + buf.readUInt16BE(3);
  if (total > MAX_HELLO_BYTES) return 'TOO_LARGE';
  return buf.length >= total ? total : null;
}

interface ParsedHello {
  random: Buffer;
  sessionId: Buffer;
  serverName: string | null;
}

function parseHello(hello: Buffer): ParsedHello | null {
  // record (5) | type 0x01 (1) | length (3) | version (2) | random (32) | session id
  if (hello.length < 44 || hello[5] !== 0x01) return null;
  let at = 43;
  const sessionIdLength = hello[at]!;
  at += 1;
  if (sessionIdLength > 32 || at + sessionIdLength > hello.length) return null;
  const sessionId = hello.subarray(at, at + sessionIdLength);
  at += sessionIdLength;
  if (at + 2 > hello.length) return null;
  at += 2 + hello.readUInt16BE(at); // cipher suites
  if (at + 1 > hello.length) return null;
  at += 1 + hello[at]!; // compression methods
  if (at + 2 > hello.length) return null;
  const end = at + 2 + hello.readUInt16BE(at);
  if (end > hello.length) return null;
  at += 2;
  let serverName: string | null = null;
  while (at + 4 <= end) {
    const type = hello.readUInt16BE(at);
    const length = hello.readUInt16BE(at + 2);
    const body = hello.subarray(at + 4, at + 4 + length);
    if (at + 4 + length > end) return null;
    // server_name: list length (2), name type 0 (1), name length (2), name
    if (type === 0x0000 && body.length >= 5 && body[2] === 0x00) {
      const nameLength = body.readUInt16BE(3);
      if (5 + nameLength > body.length) return null;
      serverName = body.subarray(5, 5 + nameLength).toString('latin1');
    }
    at += 4 + length;
  }
  return { random: hello.subarray(RANDOM_OFFSET, RANDOM_OFFSET + 32), sessionId, serverName };
}

export function checkClientHello(
  hello: Buffer,
  key: Buffer,
  domain: string,
  nowS: number,
): { ok: true; random: Buffer; sessionId: Buffer } | { ok: false; why: HelloRejection } {
  const parsed = parseHello(hello);
  if (!parsed) return { ok: false, why: 'MALFORMED' };
  const zeroed = Buffer.from(hello);
  zeroed.fill(0, RANDOM_OFFSET, RANDOM_OFFSET + 32);
  const expected = createHmac('sha256', key).update(zeroed).digest();
  if (!timingSafeEqual(expected.subarray(0, 28), parsed.random.subarray(0, 28))) return { ok: false, why: 'WRONG_SECRET' };
  const clientTime = (expected.readUInt32LE(28) ^ parsed.random.readUInt32LE(28)) >>> 0;
  if (Math.abs(clientTime - nowS) > MAX_CLOCK_SKEW_S) return { ok: false, why: 'CLOCK_SKEW' };
  if (parsed.serverName?.toLowerCase() !== domain.toLowerCase()) return { ok: false, why: 'WRONG_DOMAIN' };
  return { ok: true, random: Buffer.from(parsed.random), sessionId: Buffer.from(parsed.sessionId) };
}

function record(type: number, body: Buffer): Buffer {
  const header = Buffer.from([type, 0x03, 0x03, 0, 0]);
  header.writeUInt16BE(body.length, 3);
  return Buffer.concat([header, body]);
}

function x25519PublicKey(): Buffer {
  const { publicKey } = generateKeyPairSync('x25519');
  return Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
}

/** The answer to an accepted hello: ServerHello, ChangeCipherSpec and a record of random "certificate" bytes. */
export function buildServerAnswer(key: Buffer, clientRandom: Buffer, sessionId: Buffer): Buffer {
  const extensions = Buffer.concat([
    Buffer.from('00330024001d0020', 'hex'),
    x25519PublicKey(),
    Buffer.from('002b00020304', 'hex'),
  ]);
  const extLength = Buffer.alloc(2);
  extLength.writeUInt16BE(extensions.length);
  const body = Buffer.concat([
    Buffer.from('0303', 'hex'),
    Buffer.alloc(32),
    Buffer.from([sessionId.length]),
    sessionId,
    Buffer.from('130100', 'hex'),
    extLength,
    extensions,
  ]);
  const handshake = Buffer.concat([Buffer.from([0x02, 0x00, body.length >> 8, body.length & 0xff]), body]);
  const answer = Buffer.concat([
    record(0x16, handshake),
    record(0x14, Buffer.from([0x01])),
    record(0x17, randomBytes(randomInt(1024, 4096))),
  ]);
  createHmac('sha256', key).update(clientRandom).update(answer).digest().copy(answer, RANDOM_OFFSET);
  return answer;
}
