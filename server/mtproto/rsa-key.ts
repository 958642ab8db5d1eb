// The local server's own RSA key (server/fixtures), loaded once, plus the raw RSA operation
// the handshake needs. The key is committed on purpose: clients pin it by fingerprint, so it must
// stay the same across runs (gramjs' `_serverKeys` is keyed by it).
import { createHash, createPublicKey, privateDecrypt, constants, type KeyObject } from 'node:crypto';
import type { RsaKeyPair } from './dc-types';
import { bigintFromLE, bigintToMinimalBE, tlBytes } from './binary';
import { RSA_PRIVATE_KEY_PEM, RSA_PUBLIC_KEY_PEM } from '../fixtures/rsa-key-pair';

/** n and e of a public key, from its PEM (PKCS#1 or SPKI). */
export function rsaPublicNumbers(publicKeyPem: string): { n: bigint; e: bigint } {
  const jwk = createPublicKey(publicKeyPem).export({ format: 'jwk' });
  if (!jwk.n || !jwk.e) throw new Error('not an RSA public key');
  const big = (b64url: string) => BigInt('0x' + Buffer.from(b64url, 'base64url').toString('hex'));
  return { n: big(jwk.n), e: big(jwk.e) };
}

/** Telegram's key fingerprint: the lower 64 bits of SHA1(TL bytes n + TL bytes e), as a signed int64. */
export function rsaFingerprint(publicKeyPem: string): bigint {
  const { n, e } = rsaPublicNumbers(publicKeyPem);
  const sha = createHash('sha1').update(Buffer.concat([tlBytes(bigintToMinimalBE(n)), tlBytes(bigintToMinimalBE(e))])).digest();
  return bigintFromLE(sha.subarray(12, 20), true);
}

let cached: RsaKeyPair | null = null;

/** The committed fixture key pair (server/fixtures/rsa-key-pair.ts). */
export function loadRsaKeyPair(): RsaKeyPair {
  if (!cached) {
    cached = {
      publicKeyPem: RSA_PUBLIC_KEY_PEM,
      privateKeyPem: RSA_PRIVATE_KEY_PEM,
      fingerprint: rsaFingerprint(RSA_PUBLIC_KEY_PEM),
    };
  }
  return cached;
}

/**
 * Textbook RSA decryption (c^d mod n) of a 256-byte block, via OpenSSL so it costs well under a
 * millisecond. Returns null when c >= n, which RSA_PAD clients are required to avoid.
 */
export function rsaDecryptRaw(privateKey: KeyObject | string, block: Buffer): Buffer | null {
  if (block.length !== 256) return null;
  try {
    return privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, block);
  } catch {
    return null;
  }
}
