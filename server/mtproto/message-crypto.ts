// MTProto 2.0 message encryption (core.telegram.org/mtproto/description): msg_key and the AES-IGE
// key/iv derived from it. x = 0 for client->server, 8 for server->client.
import { createHash, randomBytes } from 'node:crypto';
import { aesIgeDecrypt, aesIgeEncrypt } from './aes-ige';
import { int64LE, bigintFromLE } from './binary';

export type Sender = 'client' | 'server';

const xOf = (sender: Sender) => (sender === 'client' ? 0 : 8);

function sha256(...parts: Buffer[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

export function deriveAesKeyIv(authKey: Buffer, msgKey: Buffer, sender: Sender): { key: Buffer; iv: Buffer } {
  const x = xOf(sender);
  const a = sha256(msgKey, authKey.subarray(x, x + 36));
  const b = sha256(authKey.subarray(40 + x, 40 + x + 36), msgKey);
  return {
    key: Buffer.concat([a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)]),
    iv: Buffer.concat([b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)]),
  };
}

export function computeMsgKey(authKey: Buffer, plaintextWithPadding: Buffer, sender: Sender): Buffer {
  const x = xOf(sender);
  return sha256(authKey.subarray(88 + x, 88 + x + 32), plaintextWithPadding).subarray(8, 24);
}

/** auth_key_id: the lower 64 bits of SHA1(auth_key), as the signed int64 found in packets. */
export function computeAuthKeyId(authKey: Buffer): bigint {
  return bigintFromLE(createHash('sha1').update(authKey).digest().subarray(12, 20), true);
}

/** Encrypts `plaintext` (salt, session_id, msg_id, seq_no, length, body) with 12..1024 bytes of padding. */
export function encryptMessage(authKey: Buffer, authKeyId: bigint, plaintext: Buffer, sender: Sender): Buffer {
  const padLen = 12 + ((16 - ((plaintext.length + 12) % 16)) % 16);
  const full = Buffer.concat([plaintext, randomBytes(padLen)]);
  const msgKey = computeMsgKey(authKey, full, sender);
  const { key, iv } = deriveAesKeyIv(authKey, msgKey, sender);
  return Buffer.concat([int64LE(authKeyId), msgKey, aesIgeEncrypt(full, key, iv)]);
}

/**
 * Decrypts an encrypted packet sent by `sender`. Returns null when msg_key does not match (the
 * message is then to be treated as never received). Trailing bytes beyond a 16-byte boundary (the
 * padded intermediate transport's random padding) are ignored.
 */
export function decryptMessage(authKey: Buffer, packet: Buffer, sender: Sender): Buffer | null {
  const msgKey = packet.subarray(8, 24);
  const body = packet.subarray(24, 24 + Math.floor((packet.length - 24) / 16) * 16);
  if (body.length === 0) return null;
  const { key, iv } = deriveAesKeyIv(authKey, msgKey, sender);
  const plain = aesIgeDecrypt(body, key, iv);
  return computeMsgKey(authKey, plain, sender).equals(msgKey) ? plain : null;
}
