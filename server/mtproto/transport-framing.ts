// MTProto's TCP framings (core.telegram.org/mtproto/mtproto-transports). One reader/writer pair per
// direction of a connection; the server and the raw test clients both use them.
import { randomBytes, randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { int32LE } from './binary';

export type TransportKind = 'abridged' | 'intermediate' | 'padded' | 'full';

/** Packets above this are refused outright, so one peer can't make the server buffer unbounded data. */
export const MAX_PACKET_BYTES = 1 << 20;

/** The byte stream broke the framing rules: the only safe answer is to close the connection. */
export class FramingError extends Error {
  override name = 'FramingError';
}

/** Splits a byte stream into packets. Quick-ack request bits are accepted and ignored. */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);
  private expectedSeq = 0;

  constructor(readonly kind: TransportKind) {}

  push(chunk: Buffer): Buffer[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const packets: Buffer[] = [];
    for (;;) {
      const packet = this.next();
      if (!packet) break;
      packets.push(packet);
    }
    return packets;
  }

  private take(headerLen: number, bodyLen: number): Buffer | null {
    if (bodyLen > MAX_PACKET_BYTES) throw new FramingError(`packet of ${bodyLen} bytes exceeds the ${MAX_PACKET_BYTES} byte limit`);
    if (this.buffered.length < headerLen + bodyLen) return null;
    const body = this.buffered.subarray(headerLen, headerLen + bodyLen);
    this.buffered = this.buffered.subarray(headerLen + bodyLen);
    return body;
  }

  private next(): Buffer | null {
    const buf = this.buffered;
    switch (this.kind) {
      case 'abridged': {
        if (buf.length < 1) return null;
        const first = buf[0]! & 0x7f;
        if (first < 0x7f) return this.take(1, first * 4);
        if (buf.length < 4) return null;
        return this.take(4, buf.readUIntLE(1, 3) * 4);
      }
      case 'intermediate':
      case 'padded': {
        if (buf.length < 4) return null;
        const len = buf.readUInt32LE(0) & 0x7fffffff;
        if (this.kind === 'intermediate' && len % 4 !== 0) throw new FramingError(`intermediate packet length ${len} is not a multiple of 4`);
        return this.take(4, len);
      }
      case 'full': {
        if (buf.length < 4) return null;
        const len = buf.readInt32LE(0);
        if (len < 12 || len % 4 !== 0) throw new FramingError(`full transport length ${len} is invalid`);
        const whole = this.take(0, len);
        if (!whole) return null;
        const seq = whole.readInt32LE(4);
        const crc = whole.readUInt32LE(len - 4);
        if (crc32(whole.subarray(0, len - 4)) !== crc) throw new FramingError('full transport CRC32 mismatch');
        if (seq !== this.expectedSeq) throw new FramingError(`full transport seq_no ${seq}, expected ${this.expectedSeq}`);
        this.expectedSeq++;
        return whole.subarray(8, len - 4);
      }
    }
  }
}

export class FrameWriter {
  private seq = 0;

  constructor(readonly kind: TransportKind) {}

  /** `pad: false` keeps padded-intermediate packets exact (transport errors must read as 4 bytes). */
  encode(payload: Buffer, pad = true): Buffer {
    switch (this.kind) {
      case 'abridged': {
        const words = payload.length >> 2;
        const header = words < 0x7f ? Buffer.from([words]) : Buffer.from([0x7f, words & 0xff, (words >> 8) & 0xff, (words >> 16) & 0xff]);
        return Buffer.concat([header, payload]);
      }
      case 'intermediate':
        return Buffer.concat([int32LE(payload.length), payload]);
      case 'padded': {
        const padding = pad ? randomBytes(randomInt(0, 16)) : Buffer.alloc(0);
        return Buffer.concat([int32LE(payload.length + padding.length), payload, padding]);
      }
      case 'full': {
        const head = Buffer.concat([int32LE(payload.length + 12), int32LE(this.seq++), payload]);
        const crc = Buffer.alloc(4);
        crc.writeUInt32LE(crc32(head), 0);
        return Buffer.concat([head, crc]);
      }
    }
  }
}

/** The transport error packet payload (-404, -429, ...): a 4-byte negative int in the framing. */
export function transportErrorPayload(code: number): Buffer {
  return int32LE(-Math.abs(code));
}

/** Initial bytes a client writes to choose a transport (none for full). */
export function transportPreamble(kind: TransportKind): Buffer {
  switch (kind) {
    case 'abridged':
      return Buffer.from([0xef]);
    case 'intermediate':
      return Buffer.from([0xee, 0xee, 0xee, 0xee]);
    case 'padded':
      return Buffer.from([0xdd, 0xdd, 0xdd, 0xdd]);
    case 'full':
      return Buffer.alloc(0);
  }
}
