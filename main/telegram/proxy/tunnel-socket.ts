// The socket gramjs' connections read and write (the interface of its PromisedNetSockets:
// connect, read, readExactly, write, close), opened directly, through a SOCKS5 or HTTP CONNECT
// tunnel, or wrapped in MTProxy's fake TLS. Opening is bounded by a deadline and fails with a
// ProxyError saying what went wrong, which the caller records for the person to see.
import type { Socket } from 'node:net';
import { openFakeTls, type TlsRecordReader, type TlsRecordWriter } from './fake-tls-client';
import { openHttpTunnel, openTcp } from './http-connect';
import { ProxyError, unreachable } from './proxy-errors';
import { openSocks5Tunnel } from './socks5-tunnel';

export type TunnelRoute =
  | { kind: 'direct' }
  | { kind: 'socks5'; server: string; port: number; user: string; password: string }
  | { kind: 'http'; server: string; port: number; user: string; password: string };

export interface TunnelPlan {
  route: TunnelRoute;
  /** Fake TLS over the route (MTProxy "ee" secrets). */
  fakeTls?: { key: Buffer; domain: string };
  /**
   * Count the opening as a success only once the far end sends something: an MTProxy without
   * fake TLS says nothing about a wrong secret, it just hangs up on the first request.
   */
  successOnFirstData?: boolean;
  /** Bound on opening the tunnel and any handshake in it (ms). */
  openTimeoutMs: number;
  /** Told how each opening went, so the app can show it. */
  report(outcome: { ok: true } | { ok: false; error: ProxyError }): void;
  /** Every socket that opened, so switching proxies can close them all. */
  track(socket: TunnelSocket): () => void;
}

const closedError = () => new Error('NetSocket was closed');

export class TunnelSocket {
  private socket: Socket | null = null;
  private buffered: Buffer = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  private tlsWriter: TlsRecordWriter | null = null;
  private tlsReader: TlsRecordReader | null = null;
  private untrack: (() => void) | null = null;
  private awaitingFirstData = false;
  private closedByUs = false;
  closed = true;

  constructor(private readonly plan: TunnelPlan) {}

  async connect(port: number, ip: string): Promise<this> {
    const deadline = Date.now() + this.plan.openTimeoutMs;
    // Tracked while it opens too: a proxy switch mid-way must not let it finish by the old route.
    this.closedByUs = false;
    this.untrack = this.plan.track(this);
    try {
      const { socket, head } = await this.open(ip, port, deadline);
      this.abandonIfClosed(socket);
      this.socket = socket;
      let rest = head;
      if (this.plan.fakeTls) {
        const tls = await openFakeTls(socket, this.plan.fakeTls, deadline).catch((error: unknown) => {
          socket.destroy();
          throw error;
        });
        this.abandonIfClosed(socket);
        this.tlsWriter = tls.writer;
        this.tlsReader = tls.reader;
        rest = tls.rest;
      }
      this.closed = false;
      this.buffered = rest;
      socket.setNoDelay(true);
      socket.on('data', (chunk: Buffer) => this.onData(chunk));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        if (this.awaitingFirstData && !this.closedByUs) {
          this.plan.report({ ok: false, error: new ProxyError('PROXY_BAD_SECRET', 'the MTProxy hung up before answering') });
        }
        this.awaitingFirstData = false;
        this.closed = true;
        this.wake?.();
      });
      if (this.plan.successOnFirstData && rest.length === 0) this.awaitingFirstData = true;
      else this.plan.report({ ok: true });
      return this;
    } catch (error) {
      this.untrack?.();
      this.untrack = null;
      // Closed by a switch while it opened: that says nothing about the route.
      if (this.closedByUs) throw closedError();
      const failure = error instanceof ProxyError ? error : unreachable(error);
      this.plan.report({ ok: false, error: failure });
      throw failure;
    }
  }

  private abandonIfClosed(socket: Socket): void {
    if (!this.closedByUs) return;
    socket.destroy();
    throw closedError();
  }

  private async open(ip: string, port: number, deadline: number): Promise<{ socket: Socket; head: Buffer }> {
    const route = this.plan.route;
    switch (route.kind) {
      case 'direct':
        return { socket: await openTcp(ip, port, deadline), head: Buffer.alloc(0) };
      case 'socks5':
        return openSocks5Tunnel(route, ip, port, deadline);
      case 'http':
        return openHttpTunnel(route, ip, port, deadline);
    }
  }

  private onData(chunk: Buffer): void {
    if (this.awaitingFirstData) {
      this.awaitingFirstData = false;
      this.plan.report({ ok: true });
    }
    try {
      const plain = this.tlsReader ? this.tlsReader.push(chunk) : chunk;
      if (plain.length === 0) return;
      this.buffered = this.buffered.length === 0 ? plain : Buffer.concat([this.buffered, plain]);
      this.wake?.();
    } catch {
      // Broken TLS framing from the proxy: nothing after it can be trusted.
      void this.close();
    }
  }

  async read(n: number): Promise<Buffer> {
    while (this.buffered.length === 0) {
      if (this.closed) throw closedError();
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
    }
    const out = this.buffered.subarray(0, n);
    this.buffered = this.buffered.subarray(out.length);
    return out;
  }

  async readExactly(n: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let left = n;
    while (left > 0) {
      const part = await this.read(left);
      parts.push(part);
      left -= part.length;
    }
    return Buffer.concat(parts);
  }

  write(data: Buffer): void {
    if (this.closed || !this.socket) throw closedError();
    this.socket.write(this.tlsWriter ? this.tlsWriter.wrap(data) : data);
  }

  async close(): Promise<void> {
    this.closedByUs = true;
    this.closed = true;
    this.untrack?.();
    this.untrack = null;
    this.socket?.destroy();
    this.wake?.();
  }

  toString(): string {
    return 'TunnelSocket';
  }
}
