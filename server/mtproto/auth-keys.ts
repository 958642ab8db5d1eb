// Auth keys a DC knows, with what hangs off each: its MTProto sessions, the client it belongs to,
// and its salts. Salts rotate every 30 minutes of (injected) server time and are derived from a
// per-key secret, so no salt table needs to be kept or expired.
import { createHmac, randomBytes } from 'node:crypto';
import type { ClientInfo } from './dc-types';
import { bigintFromLE, int64LE } from './binary';

export const SALT_PERIOD_SECONDS = 1800;

export interface AuthKeyRecord {
  id: bigint;
  key: Buffer;
  createdAtMs: number;
  /** Set for temporary keys (p_q_inner_data_temp*): the key is forgotten after this. */
  expiresAtMs: number | null;
  /** new_nonce[0:8] XOR server_nonce[0:8], valid during the key's first salt period. */
  initialSalt: bigint;
  saltSecret: Buffer;
  client: ClientInfo | null;
  layer: number | null;
}

export function newAuthKeyRecord(init: { id: bigint; key: Buffer; createdAtMs: number; expiresAtMs: number | null; initialSalt: bigint }): AuthKeyRecord {
  return { ...init, saltSecret: randomBytes(32), client: null, layer: null };
}

export function saltPeriod(nowMs: number): number {
  return Math.floor(nowMs / 1000 / SALT_PERIOD_SECONDS);
}

export function saltForPeriod(record: AuthKeyRecord, period: number): bigint {
  const mac = createHmac('sha256', record.saltSecret).update(int64LE(BigInt(period))).digest();
  return bigintFromLE(mac.subarray(0, 8), true);
}

export function currentSalt(record: AuthKeyRecord, nowMs: number): bigint {
  return saltForPeriod(record, saltPeriod(nowMs));
}

/** The current salt, the previous one (clients may lag one period), and the key's initial salt early on. */
export function isSaltValid(record: AuthKeyRecord, salt: bigint, nowMs: number): boolean {
  const period = saltPeriod(nowMs);
  if (salt === saltForPeriod(record, period) || salt === saltForPeriod(record, period - 1)) return true;
  return salt === record.initialSalt && nowMs - record.createdAtMs < SALT_PERIOD_SECONDS * 1000;
}
