// Byte-level helpers shared by the protocol layer and its test clients. MTProto mixes little-endian
// TL integers with big-endian "large numbers" (pq, dh_prime, g_a, RSA payloads), and gramjs models
// 64..256-bit values with the big-integer library while this code uses native bigint.
import { helpers } from 'telegram';

export type BigInteger = ReturnType<typeof helpers.returnBigInt>;

export function bigintFromLE(buf: Buffer, signed = false): bigint {
  let n = 0n;
  for (let i = buf.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(buf[i]!);
  if (signed && buf.length > 0 && (buf[buf.length - 1]! & 0x80) !== 0) n -= 1n << BigInt(buf.length * 8);
  return n;
}

export function bigintFromBE(buf: Buffer): bigint {
  return buf.length === 0 ? 0n : BigInt('0x' + buf.toString('hex'));
}

/** Two's complement little-endian encoding in exactly `length` bytes. */
export function bigintToLE(n: bigint, length: number): Buffer {
  let v = BigInt.asUintN(length * 8, n);
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** Unsigned big-endian encoding, left-padded with zeros to `length` bytes. */
export function bigintToBE(n: bigint, length: number): Buffer {
  const hex = n.toString(16);
  if (hex.length > length * 2) throw new RangeError(`number does not fit in ${length} bytes`);
  return Buffer.from(hex.padStart(length * 2, '0'), 'hex');
}

/** Minimal unsigned big-endian encoding (what TL "string" large numbers like pq, p, q carry). */
export function bigintToMinimalBE(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  return Buffer.from(hex, 'hex');
}

export function toBigInteger(n: bigint): BigInteger {
  return helpers.returnBigInt(n.toString());
}

export function fromBigInteger(n: BigInteger | bigint | number): bigint {
  return typeof n === 'bigint' ? n : BigInt(n.toString());
}

/** TL "bytes"/"string" serialization. */
export function tlBytes(data: Buffer): Buffer {
  const header = data.length < 254 ? Buffer.from([data.length]) : Buffer.from([254, data.length & 0xff, (data.length >> 8) & 0xff, (data.length >> 16) & 0xff]);
  const total = header.length + data.length;
  return Buffer.concat([header, data, Buffer.alloc((4 - (total % 4)) % 4)]);
}

export function int32LE(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n | 0, 0);
  return b;
}

export function uint32LE(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
}

export function int64LE(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(BigInt.asIntN(64, n), 0);
  return b;
}
