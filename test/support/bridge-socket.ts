// A WebSocket client for browser mode's bridge that shows what a caller would see: whether the
// handshake was let in (or refused with which status), every frame in order, and how it closed.
import { WebSocket } from 'ws';
import { BRIDGE_SUBPROTOCOL, SOCKET_PATH, TOKEN_SUBPROTOCOL_PREFIX, type ServerFrame } from '../../common/bridge-protocol';

export interface BridgeSocket {
  ws: WebSocket;
  /** The subprotocol the bridge selected. */
  protocol: string;
  /** The oldest frame not yet taken that passes `accept` (the others stay for later). */
  frame(accept?: (frame: ServerFrame) => boolean): Promise<ServerFrame>;
  /** Every frame not yet taken, in arrival order. */
  pending(): readonly ServerFrame[];
  /** Called on every frame as it arrives, before it is kept for `frame`. */
  onFrame(listener: (frame: ServerFrame) => void): void;
  closed: Promise<{ code: number; reason: string }>;
}

export type BridgeHandshake = { refused: number; body: string } | { open: BridgeSocket };

export interface BridgeHandshakeOptions {
  path?: string;
  /** Offered subprotocols; by default the app's, with `token`. */
  protocols?: string[];
  headers?: Record<string, string>;
}

export const withToken = (token: string): string[] => [BRIDGE_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`];

/** Opens a WebSocket to the bridge on 127.0.0.1:port with exactly these headers. */
export function bridgeHandshake(port: number, token: string, options: BridgeHandshakeOptions = {}): Promise<BridgeHandshake> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${options.path ?? SOCKET_PATH}`, options.protocols ?? withToken(token), {
      headers: { host: `127.0.0.1:${port}`, ...options.headers },
      perMessageDeflate: false,
    });
    const frames: ServerFrame[] = [];
    const listeners: Array<(frame: ServerFrame) => void> = [];
    let wake: Array<() => void> = [];
    const wakeAll = () => {
      const woken = wake;
      wake = [];
      for (const w of woken) w();
    };
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ServerFrame;
      for (const listener of listeners) listener(frame);
      frames.push(frame);
      wakeAll();
    });
    const closed = new Promise<{ code: number; reason: string }>((done) =>
      ws.on('close', (code, reason) => {
        done({ code, reason: reason.toString() });
        wakeAll();
      }),
    );
    async function frame(accept: (f: ServerFrame) => boolean = () => true): Promise<ServerFrame> {
      for (;;) {
        const i = frames.findIndex(accept);
        if (i >= 0) return frames.splice(i, 1)[0]!;
        if (ws.readyState === ws.CLOSED) throw new Error('socket closed');
        await new Promise<void>((w) => wake.push(w));
      }
    }
    ws.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ refused: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    ws.on('open', () =>
      resolve({ open: { ws, protocol: ws.protocol, frame, pending: () => frames, onFrame: (l) => listeners.push(l), closed } }),
    );
    ws.on('error', (error) => {
      if (!error.message.startsWith('Unexpected server response')) reject(error);
    });
  });
}
