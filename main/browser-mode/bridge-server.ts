// Browser mode's bridge: the app core behind a loopback HTTP server, for machines without the
// Electron binary and for end-to-end tests in a real browser. It serves the built renderer and
// offers the same contract as the preload, over one WebSocket (common/bridge-protocol.ts):
//
//   GET /api/socket   WebSocket, subprotocols "gramdesk" and "gramdesk-token.<token>"
//                     -> first the current login state as a push, then every push of every
//                        channel; each call frame {id, intent, args} gets {kind: "result", id, result}
//   GET /<file>       the built renderer (out/renderer), with the app's CSP
//
// One socket rather than a POST per call plus an event stream: a loopback fetch costs the page
// several milliseconds (a request through the browser's network stack each time) where a frame on
// an open socket costs well under one, and a push and the answer to the call that caused it
// arrive in the order main sent them.
//
// Anything on this machine can reach 127.0.0.1, so the API trusts nothing but the per-launch
// token, and refuses (403, nothing done) a foreign Host (DNS rebinding), a foreign Origin, and
// a cross-site Sec-Fetch-Site. Nor can it be worn down: connections and the token's sockets are
// capped (one more is refused with a typed answer), a request head must arrive in time and a
// connection left silent after an answer is closed, each on its own timer so it holds to its
// figure (Node's own checks run every 30 s), a socket whose peer stopped answering pings is cut,
// and no request body is accepted at all.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  BRIDGE_SUBPROTOCOL,
  CLOSE_TOO_MANY_SOCKETS,
  CLOSE_UNAUTHORIZED,
  SOCKET_PATH,
  TOKEN_SUBPROTOCOL_PREFIX,
  type ServerFrame,
} from '../../common/bridge-protocol';
import type { LoginState } from '../../common/login-state';
import { CONTENT_SECURITY_POLICY } from '../security/content-security-policy';
import type { RouteResult } from '../ipc/intent-router';
import type { PushSource } from '../ipc/push-hub';

/** The part of the app core the bridge needs. */
export interface BridgeCore extends PushSource {
  route(name: unknown, args: unknown): Promise<RouteResult>;
  getState(): LoginState;
}

export interface BridgeServerOptions {
  core: BridgeCore;
  /** Directory of the built renderer (out/renderer). */
  staticDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Largest accepted frame, bytes: a larger one closes the socket (1009). */
  maxFrameBytes?: number;
  /** Smaller figures for tests; the defaults are BRIDGE_LIMITS. */
  limits?: Partial<BridgeLimits>;
}

export interface BridgeLimits {
  /** A connection must have sent a whole request head this long after it opened, ms; then 408 and closed. */
  headersTimeoutMs: number;
  /** A connection that sends nothing this long after an answer is closed, ms. */
  idleTimeoutMs: number;
  /** Open connections at once, WebSockets included; one more gets a 503 and is closed. */
  maxConnections: number;
  /** Sockets open at once with this launch's token; one more is closed with CLOSE_TOO_MANY_SOCKETS. */
  maxSocketsPerToken: number;
  /**
   * An open socket is pinged this often, ms, and cut when it hasn't answered the ping before:
   * a peer gone without a close holds no place for longer than twice this.
   */
  heartbeatMs: number;
}

/** A page needs one socket and a handful of connections for its files; a few tabs stay well inside. */
export const BRIDGE_LIMITS: Readonly<BridgeLimits> = {
  headersTimeoutMs: 10_000,
  idleTimeoutMs: 5_000,
  maxConnections: 64,
  maxSocketsPerToken: 8,
  heartbeatMs: 15_000,
};

export interface BridgeServer {
  readonly port: number;
  readonly origin: string;
  readonly token: string;
  /** What to open: the origin with the token in the fragment (never sent to the server in a request line). */
  readonly url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** How long a socket being closed (unauthorized, one too many) may take to answer the close before it is cut. */
const CLOSE_GRACE_MS = 1_000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Constant-time token check: both sides hashed first so lengths never leak either. */
function tokenMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** A refusal written on the raw socket (a handshake, a connection over the cap, a late head), then it is closed. */
function refuseOnSocket(socket: Socket, error: HttpError): void {
  if (socket.destroyed || !socket.writable) return;
  const text = JSON.stringify({ error: error.reason });
  socket.end(
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
  socket.destroySoon();
}

/** The subprotocols a handshake offers (Sec-WebSocket-Protocol is a comma-separated list). */
function offeredProtocols(req: IncomingMessage): string[] {
  return (req.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** A call frame's id: a non-negative safe integer, or null when there is none to answer to. */
function frameId(frame: unknown): number | null {
  if (typeof frame !== 'object' || frame === null || !('id' in frame)) return null;
  const id = (frame as { id: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const { core } = options;
  const staticDir = resolve(options.staticDir);
  const token = randomBytes(32).toString('base64url');
  const limits: BridgeLimits = { ...BRIDGE_LIMITS, ...options.limits };
  const sockets = new Set<WebSocket>();
  /** Sockets let in with the token, counted against maxSocketsPerToken. */
  let authorizedSockets = 0;
  /** Every open TCP connection, WebSockets included, counted against maxConnections. */
  const connections = new Set<Socket>();
  /** Connections refused over the cap: whatever they send is never answered. */
  const refused = new WeakSet<Socket>();
  /** Per connection, the timer that closes it if no (next) request head arrives in time. */
  const waitingForHead = new Map<Socket, NodeJS.Timeout>();
  /** Per connection, how many of its requests are still being answered. */
  const answering = new WeakMap<Socket, number>();
  let port = 0;

  /** Host must name this server on loopback: a rebinding DNS name fails here. */
  function checkHost(req: IncomingMessage): string {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) throw new HttpError(403, 'unexpected Host');
    return host;
  }

  /** The API answers only the page this server served. */
  function checkApiCaller(req: IncomingMessage, host: string): void {
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) throw new HttpError(403, 'cross-origin request');
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new HttpError(403, 'cross-site request');
  }

  function hasToken(req: IncomingMessage): boolean {
    const offered = offeredProtocols(req).find((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX));
    return offered !== undefined && tokenMatches(offered.slice(TOKEN_SUBPROTOCOL_PREFIX.length), token);
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxFrameBytes ?? 16 * 1024,
    perMessageDeflate: false,
    // Only "gramdesk" is ever selected: the token subprotocol is never echoed back.
    handleProtocols: (protocols) => (protocols.has(BRIDGE_SUBPROTOCOL) ? BRIDGE_SUBPROTOCOL : false),
  });

  function send(ws: WebSocket, frame: ServerFrame): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  }

  async function answer(ws: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    let frame: unknown = null;
    if (!isBinary) {
      try {
        frame = JSON.parse(data.toString());
      } catch {
        frame = null;
      }
    }
    const id = frameId(frame);
    const intent = id === null ? undefined : (frame as { intent?: unknown }).intent;
    // Nothing is routed from a frame that can't be answered: it gets a typed error with id null.
    const result: RouteResult =
      id === null ? { ok: false, error: 'BAD_ARGUMENTS' } : await core.route(intent, (frame as { args?: unknown }).args);
    send(ws, { kind: 'result', id, result });
  }

  /** Closes a socket let in only to be told why (the page can read a close code, not a refused handshake). */
  function closeAtOnce(ws: WebSocket, code: number, reason: string): void {
    sockets.add(ws);
    // A page answers the close at once; a client that doesn't is not left holding the socket.
    const drop = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
    ws.on('close', () => {
      clearTimeout(drop);
      sockets.delete(ws);
    });
    ws.on('error', () => undefined);
    ws.close(code, reason);
  }

  function attach(ws: WebSocket): void {
    sockets.add(ws);
    authorizedSockets += 1;
    // Subscribed before the first frame is sent, so no push can fall between the two.
    const unsubscribe = core.onPush((message) => send(ws, { kind: 'push', ...message }));
    send(ws, { kind: 'push', channel: 'state', payload: core.getState() });
    // Browsers answer pings by themselves; a page that is gone can't.
    let answered = true;
    ws.on('pong', () => (answered = true));
    const heartbeat = setInterval(() => {
      if (!answered) ws.terminate();
      else {
        answered = false;
        ws.ping();
      }
    }, limits.heartbeatMs);
    ws.on('message', (data, isBinary) => {
      // route() answers every failure as a result; a throw here would be a bug of this file.
      void answer(ws, data, isBinary).catch(() => ws.terminate());
    });
    ws.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      sockets.delete(ws);
      authorizedSockets -= 1;
    });
    // An oversized or malformed frame: ws closes the socket itself (1009, 1002); nothing more to do.
    ws.on('error', () => undefined);
  }

  function upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    // A client that resets mid-handshake must not take the process down with it.
    socket.on('error', () => socket.destroy());
    if (refused.has(socket)) return;
    headArrived(socket);
    try {
      const host = checkHost(req);
      const path = new URL(req.url ?? '/', `http://${host}`).pathname;
      if (path !== SOCKET_PATH) throw new HttpError(404, 'no such endpoint');
      checkApiCaller(req, host);
      if (!offeredProtocols(req).includes(BRIDGE_SUBPROTOCOL)) throw new HttpError(400, `the bridge speaks the ${BRIDGE_SUBPROTOCOL} subprotocol`);
    } catch (error) {
      refuseOnSocket(socket, error instanceof HttpError ? error : new HttpError(400, 'bad handshake'));
      return;
    }
    const authorized = hasToken(req);
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!authorized) closeAtOnce(ws, CLOSE_UNAUTHORIZED, 'missing or wrong token');
      else if (authorizedSockets >= limits.maxSocketsPerToken) closeAtOnce(ws, CLOSE_TOO_MANY_SOCKETS, 'too many sockets');
      else attach(ws);
    });
  }

  /** Starts the wait for a connection's next request head: its first, or the next after an answer. */
  function awaitHead(socket: Socket, ms: number, onLate: () => void): void {
    clearTimeout(waitingForHead.get(socket));
    waitingForHead.set(socket, setTimeout(() => {
      waitingForHead.delete(socket);
      onLate();
    }, ms));
  }

  function headArrived(socket: Socket): void {
    clearTimeout(waitingForHead.get(socket));
    waitingForHead.delete(socket);
  }

  function accept(socket: Socket): void {
    connections.add(socket);
    socket.once('close', () => {
      connections.delete(socket);
      headArrived(socket);
    });
    if (connections.size > limits.maxConnections) {
      refused.add(socket);
      refuseOnSocket(socket, new HttpError(503, 'too many connections'));
      return;
    }
    awaitHead(socket, limits.headersTimeoutMs, () => refuseOnSocket(socket, new HttpError(408, 'request head not received in time')));
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      throw new HttpError(400, 'bad path');
    }
    if (decoded.includes('\0') || decoded.includes('\\')) throw new HttpError(400, 'bad path');
    const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
    const file = resolve(staticDir, relative);
    // No way out of the renderer's directory (.., encoded or not).
    if (file !== staticDir && !file.startsWith(staticDir + sep)) throw new HttpError(404, 'not found');
    const info = await stat(file).catch(() => null);
    if (!info || !info.isFile()) {
      throw new HttpError(404, relative === 'index.html' ? 'the renderer is not built: run npm run build' : 'not found');
    }
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'Content-Type': type,
      'Content-Length': info.size,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'Cache-Control': 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await new Promise<void>((done, fail) => {
      const stream = createReadStream(file);
      stream.on('error', fail);
      res.on('close', () => done());
      stream.pipe(res);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = checkHost(req);
    const url = new URL(req.url ?? '/', `http://${host}`);
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path === '/api' || path.startsWith('/api/')) {
      checkApiCaller(req, host);
      if (path === SOCKET_PATH) throw new HttpError(426, 'open a WebSocket here');
      throw new HttpError(404, 'no such endpoint');
    }
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'use GET');
    // Nothing here takes a body (a refusal closes the connection, so none is read).
    if (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0) {
      throw new HttpError(413, 'no request body is accepted here');
    }
    return serveStatic(req, res, path);
  }

  const server = createServer(
    {
      // Node's own checks as a backstop to the timers above (they run every connectionsCheckingInterval).
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.headersTimeoutMs,
      keepAliveTimeout: limits.idleTimeoutMs,
    },
    (req, res) => {
      const socket = req.socket;
      if (refused.has(socket)) return;
      headArrived(socket);
      answering.set(socket, (answering.get(socket) ?? 0) + 1);
      // Once answered (pipelined requests included), the connection gets idleTimeoutMs for its
      // next request head, then it is closed.
      res.on('close', () => {
        const left = (answering.get(socket) ?? 1) - 1;
        answering.set(socket, left);
        if (left === 0 && !socket.destroyed) awaitHead(socket, limits.idleTimeoutMs, () => socket.destroy());
      });
      handle(req, res).catch((error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        const reason = error instanceof HttpError ? error.reason : 'internal error';
        if (res.headersSent) {
          res.destroy();
          return;
        }
        // Drain nothing more of a refused request; close the connection so a large body isn't read.
        res.setHeader('Connection', 'close');
        if (status === 426) res.setHeader('Upgrade', 'websocket');
        sendJson(res, status, { error: reason });
      });
    },
  );
  server.on('connection', accept);
  server.on('upgrade', upgrade);

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', fail);
      done();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    port,
    origin,
    token,
    url: `${origin}/#token=${token}`,
    async close() {
      // Upgraded sockets have left the HTTP server's books: each is ended here.
      for (const ws of sockets) ws.terminate();
      sockets.clear();
      for (const timer of waitingForHead.values()) clearTimeout(timer);
      waitingForHead.clear();
      wss.close();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}
