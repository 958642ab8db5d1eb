// AES-256-IGE, the block mode MTProto uses for messages and the handshake. OpenSSL has no IGE, so
// the chaining is done here over single-block ECB calls on one reusable cipher object.
import { createCipheriv, createDecipheriv } from 'node:crypto';

function xor16(a: Buffer, b: Buffer, out: Buffer): Buffer {
  for (let i = 0; i < 16; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

export function aesIgeEncrypt(plain: Buffer, key: Buffer, iv: Buffer): Buffer {
  if (plain.length % 16 !== 0) throw new RangeError('IGE input must be a multiple of 16 bytes');
  const cipher = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  const out = Buffer.alloc(plain.length);
  let prevCipher = iv.subarray(0, 16);
  let prevPlain = iv.subarray(16, 32);
  const tmp = Buffer.alloc(16);
  for (let off = 0; off < plain.length; off += 16) {
    const block = plain.subarray(off, off + 16);
    const enc = cipher.update(xor16(block, prevCipher, tmp));
    const c = xor16(enc, prevPlain, out.subarray(off, off + 16));
    prevCipher = c;
    prevPlain = block;
  }
  return out;
}

export function aesIgeDecrypt(cipherText: Buffer, key: Buffer, iv: Buffer): Buffer {
  if (cipherText.length % 16 !== 0) throw new RangeError('IGE input must be a multiple of 16 bytes');
  const decipher = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  const out = Buffer.alloc(cipherText.length);
  let prevCipher = iv.subarray(0, 16);
  let prevPlain = iv.subarray(16, 32);
  const tmp = Buffer.alloc(16);
  for (let off = 0; off < cipherText.length; off += 16) {
    const block = cipherText.subarray(off, off + 16);
    const dec = decipher.update(xor16(block, prevPlain, tmp));
    const p = xor16(dec, prevCipher, out.subarray(off, off + 16));
    prevPlain = p;
    prevCipher = block;
  }
  return out;
}
