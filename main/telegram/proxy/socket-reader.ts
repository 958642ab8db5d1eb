// Reads a raw socket during a proxy handshake: wait for a prefix the protocol defines, then hand
// the socket on with whatever arrived past it. Every wait is bounded and ends on close.
import type { Socket } from 'node:net';
import { ProxyError } from './proxy-errors';

export class HandshakeReader {
  private buffered: Buffer = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  private ended = false;
  private readonly onData = (chunk: Buffer) => {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    this.wake?.();
  };
  private readonly onEnd = () => {
    this.ended = true;
    this.wake?.();
  };

  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.on('close', this.onEnd);
    socket.on('end', this.onEnd);
  }

  /**
   * Waits until `complete` (given what arrived so far) answers how many bytes make the message,
   * and returns them; null from `complete` means "not yet".
   */
  async take(complete: (buffered: Buffer) => number | null, deadline: number, what: string): Promise<Buffer> {
    for (;;) {
      const n = complete(this.buffered);
      if (n !== null) {
        const out = this.buffered.subarray(0, n);
        this.buffered = this.buffered.subarray(n);
        return out;
      }
      if (this.ended) throw new ProxyError('PROXY_PROTOCOL', `the proxy closed the connection during ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new ProxyError('PROXY_UNREACHABLE', `no answer to ${what} in time`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** Stops listening; returns what arrived past the handshake. */
  detach(): Buffer {
    this.socket.off('data', this.onData);
    this.socket.off('close', this.onEnd);
    this.socket.off('end', this.onEnd);
    return this.buffered;
  }
}
