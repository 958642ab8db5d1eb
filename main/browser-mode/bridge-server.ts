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
// a cross-site Sec-Fetch-Site.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  BRIDGE_SUBPROTOCOL,
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
}

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

/** How long a socket closed as unauthorized may take to answer the close before it is cut. */
const UNAUTHORIZED_CLOSE_GRACE_MS = 1_000;

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

/** A refused WebSocket handshake: a plain HTTP answer on the raw socket, then it is closed. */
function refuseUpgrade(socket: Socket, error: HttpError): void {
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
  const sockets = new Set<WebSocket>();
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

  function attach(ws: WebSocket): void {
    sockets.add(ws);
    // Subscribed before the first frame is sent, so no push can fall between the two.
    const unsubscribe = core.onPush((message) => send(ws, { kind: 'push', ...message }));
    send(ws, { kind: 'push', channel: 'state', payload: core.getState() });
    ws.on('message', (data, isBinary) => {
      // route() answers every failure as a result; a throw here would be a bug of this file.
      void answer(ws, data, isBinary).catch(() => ws.terminate());
    });
    ws.on('close', () => {
      unsubscribe();
      sockets.delete(ws);
    });
    // An oversized or malformed frame: ws closes the socket itself (1009, 1002); nothing more to do.
    ws.on('error', () => undefined);
  }

  function upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    // A client that resets mid-handshake must not take the process down with it.
    socket.on('error', () => socket.destroy());
    try {
      const host = checkHost(req);
      const path = new URL(req.url ?? '/', `http://${host}`).pathname;
      if (path !== SOCKET_PATH) throw new HttpError(404, 'no such endpoint');
      checkApiCaller(req, host);
      if (!offeredProtocols(req).includes(BRIDGE_SUBPROTOCOL)) throw new HttpError(400, `the bridge speaks the ${BRIDGE_SUBPROTOCOL} subprotocol`);
    } catch (error) {
      refuseUpgrade(socket, error instanceof HttpError ? error : new HttpError(400, 'bad handshake'));
      return;
    }
    const authorized = hasToken(req);
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (authorized) attach(ws);
      else {
        sockets.add(ws);
        // A page answers the close at once; a client that doesn't is not left holding the socket.
        const drop = setTimeout(() => ws.terminate(), UNAUTHORIZED_CLOSE_GRACE_MS);
        ws.on('close', () => {
          clearTimeout(drop);
          sockets.delete(ws);
        });
        ws.on('error', () => undefined);
        ws.close(CLOSE_UNAUTHORIZED, 'missing or wrong token');
      }
    });
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
    return serveStatic(req, res, path);
  }

  const server = createServer((req, res) => {
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
  });
  server.on('upgrade', upgrade);
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

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
      wss.close();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}
