// MTProxy's obfuscated2 (core.telegram.org/mtproto/mtproto-transports#transport-obfuscation): a
// 64-byte random header whose bytes 8..56 seed two AES-256-CTR streams. With a proxy secret, each
// key is SHA-256(key bytes from the header || secret). Bytes 56..60 name the inner transport
// (padded intermediate for dd and ee secrets, which is what makes their packet sizes vary),
// bytes 60..62 the DC the proxy should forward to.
import { createCipheriv, createHash, randomBytes, type Cipher } from 'node:crypto';

export type MtproxyFraming = 'intermediate' | 'padded';

const TAG: Record<MtproxyFraming, number> = { intermediate: 0xeeeeeeee, padded: 0xdddddddd };

/** First words a header must not start with: they would read as another protocol or transport. */
const FORBIDDEN_FIRST = [0x44414548, 0x54534f50, 0x20544547, 0x4954504f, 0x02010316, 0xdddddddd, 0xeeeeeeee];

export interface ObfuscatedStreams {
  header: Buffer;
  encrypt: Cipher;
  decrypt: Cipher;
}

function ctr(key: Buffer, iv: Buffer): Cipher {
  return createCipheriv('aes-256-ctr', key, iv);
}

function keyed(part: Buffer, secret: Buffer): Buffer {
  return createHash('sha256').update(part).update(secret).digest();
}

export function obfuscatedHeader(secret: Buffer, framing: MtproxyFraming, dcId: number): ObfuscatedStreams {
  let init: Buffer;
  do init = randomBytes(64);
  while (init[0] === 0xef || FORBIDDEN_FIRST.includes(init.readUInt32LE(0)) || init.readUInt32LE(4) === 0);
  init.writeUInt32LE(TAG[framing], 56);
  init.writeInt16LE(dcId, 60);
  const reversed = Buffer.from(init.subarray(8, 56)).reverse();
  const encrypt = ctr(keyed(init.subarray(8, 40), secret), init.subarray(40, 56));
  const decrypt = ctr(keyed(reversed.subarray(0, 32), secret), reversed.subarray(32, 48));
  // The whole header goes through the stream so both sides' counters start 64 bytes in.
  const encrypted = encrypt.update(init);
  return { header: Buffer.concat([init.subarray(0, 56), encrypted.subarray(56, 64)]), encrypt, decrypt };
}

interface Reader {
  readExactly(n: number): Promise<Buffer>;
}

/** Largest packet accepted from a proxy; anything larger means the stream is out of step. */
const MAX_PACKET = 1 << 24;

/**
 * Intermediate framing (4-byte length, then the packet), optionally with 0..15 random bytes of
 * padding after each packet. Padding is taken off on the way in by what the packet says of its
 * own size: a plain message carries its length, an encrypted one is 24 bytes plus 16-byte blocks.
 */
export class IntermediateCodec {
  constructor(private readonly padded: boolean) {}

  encodePacket(data: Buffer): Buffer {
    const padding = this.padded ? randomBytes(randomBytes(1)[0]! % 16) : Buffer.alloc(0);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(data.length + padding.length);
    return Buffer.concat([length, data, padding]);
  }

  async readPacket(reader: Reader): Promise<Buffer> {
    const length = (await reader.readExactly(4)).readUInt32LE(0) & 0x7fffffff;
    if (length > MAX_PACKET) throw new Error(`MTProxy packet of ${length} bytes`);
    const body = await reader.readExactly(length);
    if (!this.padded || body.length < 24) return body;
    if (body.readBigUInt64LE(0) === 0n) {
      const inner = body.readInt32LE(16);
      return inner >= 0 && 20 + inner <= body.length ? body.subarray(0, 20 + inner) : body;
    }
    return body.subarray(0, 24 + Math.floor((body.length - 24) / 16) * 16);
  }
}
