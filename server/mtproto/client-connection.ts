// One client TCP connection: detects the transport from the first bytes, unwraps obfuscated2,
// splits packets, and writes packets (and transport errors) back in the same framing.
import type { Socket } from 'node:net';
import { acceptObfuscatedInit, type ObfuscationStreams } from './obfuscated2';
import { FrameReader, FrameWriter, FramingError, transportErrorPayload, type TransportKind } from './transport-framing';

export interface ConnectionEvents {
  onPacket(conn: ClientConnection, packet: Buffer): void;
  onClose(conn: ClientConnection): void;
  log(line: string): void;
}

const DETECTION_LIMIT = 64;
/** A client that sends requests but never reads its answers is cut off past this much unsent data. */
const MAX_UNSENT_BYTES = 16 << 20;

export class ClientConnection {
  kind: TransportKind | null = null;
  obfuscated = false;
  closed = false;
  readonly remoteAddress: string;
  /** Connection-scoped protocol state the server hangs here (handshake, ping_delay_disconnect timer). */
  readonly attachments = new Map<string, unknown>();
  private reader: FrameReader | null = null;
  private writer: FrameWriter | null = null;
  private streams: ObfuscationStreams | null = null;
  private pending: Buffer = Buffer.alloc(0);
  private readonly cleanups: Array<() => void> = [];

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly events: ConnectionEvents,
  ) {
    this.remoteAddress = socket.remoteAddress ?? '';
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.events.log(`conn ${id}: socket error ${err.message}`));
    socket.on('close', () => this.finish());
  }

  /** Registers cleanup (e.g. clearing a timer) for when the connection goes away. */
  onFinish(fn: () => void): void {
    this.cleanups.push(fn);
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    try {
      if (!this.reader) {
        this.pending = Buffer.concat([this.pending, chunk]);
        if (!this.detect()) return;
        chunk = this.pending;
        this.pending = Buffer.alloc(0);
        if (chunk.length === 0) return;
      }
      const plain = this.streams ? this.streams.decrypt.update(chunk) : chunk;
      for (const packet of this.reader!.push(plain)) {
        if (this.closed) return;
        this.events.onPacket(this, packet);
      }
    } catch (err) {
      this.events.log(`conn ${this.id}: ${err instanceof FramingError ? 'framing error' : 'error'}: ${(err as Error).message}`);
      this.close();
    }
  }

  /** Consumes the transport preamble from `pending`; false while more bytes are needed. */
  private detect(): boolean {
    const buf = this.pending;
    if (buf.length >= 1 && buf[0] === 0xef) return this.use('abridged', false, 1);
    if (buf.length < 4) return false;
    const first = buf.readUInt32LE(0);
    if (first === 0xeeeeeeee) return this.use('intermediate', false, 4);
    if (first === 0xdddddddd) return this.use('padded', false, 4);
    if (buf.length < 8) return false;
    // A full-transport packet starts with its length and seq_no 0; obfuscation clients never
    // send zeros at 4..8, which is how the two are told apart.
    if (buf.readUInt32LE(4) === 0) return this.use('full', false, 0);
    if (buf.length < DETECTION_LIMIT) return false;
    const accepted = acceptObfuscatedInit(buf.subarray(0, 64));
    if (!accepted) throw new FramingError('unknown transport (not a known preamble nor an obfuscated2 init)');
    this.streams = accepted.streams;
    return this.use(accepted.kind, true, 64);
  }

  private use(kind: TransportKind, obfuscated: boolean, consumed: number): boolean {
    this.kind = kind;
    this.obfuscated = obfuscated;
    this.reader = new FrameReader(kind);
    this.writer = new FrameWriter(kind);
    this.pending = this.pending.subarray(consumed);
    return true;
  }

  send(payload: Buffer, pad = true): void {
    if (this.closed || !this.writer) return;
    const framed = this.writer.encode(payload, pad);
    this.socket.write(this.streams ? this.streams.encrypt.update(framed) : framed);
    if (this.socket.writableLength > MAX_UNSENT_BYTES) {
      this.events.log(`conn ${this.id}: peer is not reading (${this.socket.writableLength} bytes unsent), closing`);
      this.close();
    }
  }

  /** Writes a transport error (-404, -429) in this connection's framing. */
  sendTransportError(code: number): void {
    // Unpadded: with padding a client could not tell the 4-byte error from a message.
    this.send(transportErrorPayload(code), false);
  }

  /** Flushes what was written, then closes. */
  end(): void {
    if (this.closed) return;
    this.socket.end();
    this.finish();
    // A peer that never reads must not keep the socket (and the test process) alive.
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  close(): void {
    if (this.closed && this.socket.destroyed) return;
    this.socket.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    for (const fn of this.cleanups.splice(0)) {
      try {
        fn();
      } catch (err) {
        this.events.log(`conn ${this.id}: cleanup failed: ${(err as Error).message}`);
      }
    }
    this.events.onClose(this);
  }
}
