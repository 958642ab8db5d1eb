// The obfuscated2 wrapper: a 64-byte random init packet whose bytes 8..56 seed two AES-256-CTR
// streams (client->server from the bytes as sent, server->client from them reversed); bytes 56..60,
// once decrypted, name the inner transport.
import { createCipheriv, randomBytes, type Cipher } from 'node:crypto';
import type { TransportKind } from './transport-framing';

const TAGS: Record<TransportKind, number> = {
  abridged: 0xefefefef,
  intermediate: 0xeeeeeeee,
  padded: 0xdddddddd,
  // Telegram lists no tag for the full transport inside obfuscation; clients that want it send
  // this one (the full transport's would-be first bytes are a length, so any other value works).
  full: 0xffffffff,
};

export function kindFromObfuscationTag(tag: number): TransportKind | null {
  for (const [kind, value] of Object.entries(TAGS) as Array<[TransportKind, number]>) if (value === tag) return kind;
  return null;
}

export interface ObfuscationStreams {
  /** Decrypts what the peer sends us. */
  decrypt: Cipher;
  /** Encrypts what we send the peer. */
  encrypt: Cipher;
}

function ctr(key: Buffer, iv: Buffer): Cipher {
  return createCipheriv('aes-256-ctr', key, iv);
}

/**
 * Server side: given the first 64 bytes a client sent, set up both streams and read the inner
 * transport. Returns null when the decrypted tag names no transport we speak.
 */
export function acceptObfuscatedInit(init: Buffer): { kind: TransportKind; dcId: number; streams: ObfuscationStreams } | null {
  const reversed = Buffer.from(init.subarray(8, 56)).reverse();
  const decrypt = ctr(init.subarray(8, 40), init.subarray(40, 56));
  const encrypt = ctr(reversed.subarray(0, 32), reversed.subarray(32, 48));
  // The client encrypted the whole init packet to advance its stream by 64 bytes; mirror that.
  const plain = decrypt.update(init);
  const kind = kindFromObfuscationTag(plain.readUInt32LE(56));
  if (!kind) return null;
  return { kind, dcId: plain.readInt16LE(60), streams: { decrypt, encrypt } };
}

/** Client side (test clients): a valid init packet for `kind`, and the streams to use after it. */
export function createObfuscatedInit(kind: TransportKind, dcId: number): { init: Buffer; streams: ObfuscationStreams } {
  let init: Buffer;
  for (;;) {
    init = randomBytes(64);
    const first = init.readUInt32LE(0);
    const forbidden = [0x44414548, 0x54534f50, 0x20544547, 0x4954504f, 0xeeeeeeee, 0xdddddddd, 0x02010316];
    if (init[0] !== 0xef && !forbidden.includes(first) && init.readUInt32LE(4) !== 0) break;
  }
  init.writeUInt32LE(TAGS[kind], 56);
  init.writeInt16LE(dcId, 60);
  const reversed = Buffer.from(init.subarray(8, 56)).reverse();
  const encrypt = ctr(init.subarray(8, 40), init.subarray(40, 56));
  const decrypt = ctr(reversed.subarray(0, 32), reversed.subarray(32, 48));
  const encrypted = encrypt.update(init);
  const packet = Buffer.concat([init.subarray(0, 56), encrypted.subarray(56, 64)]);
  return { init: packet, streams: { encrypt, decrypt } };
}
