// The server side of Telegram's two-step verification SRP (core.telegram.org/api/srp), for
// passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow. The server keeps only the
// verifier v = g^x mod p; each account.getPassword makes a fresh ephemeral b, B = k*v + g^b, and a
// new srp_id; auth.checkPassword recomputes M1 from the client's A and compares.
import { createHash, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

/** Telegram's 2048-bit safe prime (the one gramjs' Password.js accepts), with g = 3. */
export const SRP_PRIME = Buffer.from(
  'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4db' +
    'fa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64' +
    '2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b41' +
    '0dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4' +
    'e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf' +
    '6f4fadf034b10403119cd8e3b92fcc5b',
  'hex',
);
export const SRP_G = 3;

const P = toBig(SRP_PRIME);
const G = BigInt(SRP_G);

function toBig(buf: Buffer): bigint {
  return buf.length === 0 ? 0n : BigInt('0x' + buf.toString('hex'));
}

/** Big-endian, left-padded to 256 bytes (the "ForHash" form both sides hash). */
function pad256(n: bigint): Buffer {
  const hex = n.toString(16).padStart(512, '0');
  return Buffer.from(hex, 'hex');
}

function sha256(...parts: Buffer[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = ((base % mod) + mod) % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

/** PH2(password, salt1, salt2) of the algorithm: what the client's computeHash returns. */
export function passwordHash(password: string, salt1: Buffer, salt2: Buffer): Buffer {
  const pw = Buffer.from(password, 'utf8');
  const h1 = sha256(salt1, pw, salt1);
  const h2 = sha256(salt2, h1, salt2);
  const h3 = pbkdf2Sync(h2, salt1, 100_000, 64, 'sha512');
  return sha256(salt2, h3, salt2);
}

/** The verifier from a client-computed hash (what account.passwordInputSettings.new_password_hash carries). */
export interface SrpVerifier {
  salt1: Buffer;
  salt2: Buffer;
  /** g^x mod p, 256 bytes. */
  v: Buffer;
}

// PBKDF2 with 100000 iterations costs ~50 ms; a test server re-adds the same demo passwords on every
// reset, so verifiers are cached per password (sharing salts between accounts is harmless here).
const verifierCache = new Map<string, SrpVerifier>();

export function makeVerifier(password: string): SrpVerifier {
  const cached = verifierCache.get(password);
  if (cached) return cached;
  // Telegram's salt1 is the server's random bytes (the client appends its own when setting a password).
  const salt1 = randomBytes(40);
  const salt2 = randomBytes(16);
  const x = toBig(passwordHash(password, salt1, salt2));
  const verifier = { salt1, salt2, v: pad256(modPow(G, x, P)) };
  if (verifierCache.size < 100) verifierCache.set(password, verifier);
  return verifier;
}

export interface SrpChallenge {
  srpId: bigint;
  B: Buffer;
  b: bigint;
}

export function newChallenge(verifier: SrpVerifier): SrpChallenge {
  const k = toBig(sha256(SRP_PRIME, pad256(G)));
  const v = toBig(verifier.v);
  for (;;) {
    const b = toBig(randomBytes(256));
    const B = (k * v + modPow(G, b, P)) % P;
    if (B > 0n && pad256(B).length === 256) {
      return { srpId: randomBytes(8).readBigInt64BE(0), B: pad256(B), b };
    }
  }
}

/** True when the client's (A, M1) prove knowledge of the password behind the verifier. */
export function verifyProof(verifier: SrpVerifier, challenge: SrpChallenge, Abuf: Buffer, M1: Buffer): boolean {
  const A = toBig(Abuf);
  if (A <= 0n || A >= P) return false;
  const aForHash = pad256(A);
  const bForHash = challenge.B;
  const u = toBig(sha256(aForHash, bForHash));
  if (u === 0n) return false;
  const v = toBig(verifier.v);
  const S = modPow((A * modPow(v, u, P)) % P, challenge.b, P);
  const K = sha256(pad256(S));
  const pSha = sha256(SRP_PRIME);
  const gSha = sha256(pad256(G));
  const xorPG = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) xorPG[i] = pSha[i]! ^ gSha[i]!;
  const expected = sha256(xorPG, sha256(verifier.salt1), sha256(verifier.salt2), aForHash, bForHash, K);
  return M1.length === expected.length && timingSafeEqual(M1, expected);
}
