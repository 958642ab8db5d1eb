// Browser mode's bridge: the app core behind a loopback HTTP server, for machines without the
// Electron binary and for end-to-end tests in a real browser. It serves the built renderer and
// offers the same contract as the preload:
//
//   POST /api/intent/<name>   Authorization: Bearer <token>, JSON body = the intent's arguments
//                             -> 200 application/json CallResult
//   GET  /api/pushes          Authorization: Bearer <token>
//                             -> text/event-stream: "data: <PushMessage JSON>\n\n", first the current
//                                login state, then every push of every channel (read with fetch
//                                streaming, so the header can be sent; EventSource can't send it)
//   GET  /api/environment     Authorization: Bearer <token> -> the getEnvironment intent
//   GET  /<file>              the built renderer (out/renderer), with the app's CSP
//
// Anything on this machine can reach 127.0.0.1, so the API trusts nothing but the per-launch
// token, and refuses (403, nothing done) a foreign Host (DNS rebinding), a foreign Origin, and
// a cross-site Sec-Fetch-Site.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import type { PushMessage } from '../../common/contract';
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
  /** Largest accepted request body, bytes. */
  maxBodyBytes?: number;
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

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > limit) throw new HttpError(413, 'body too large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new HttpError(413, 'body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const { core } = options;
  const staticDir = resolve(options.staticDir);
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024;
  const token = randomBytes(32).toString('base64url');
  const streams = new Set<ServerResponse>();
  let port = 0;

  /** Host must name this server on loopback: a rebinding DNS name fails here. */
  function checkHost(req: IncomingMessage): string {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) throw new HttpError(403, 'unexpected Host');
    return host;
  }

  /** The API answers only the page this server served, holding this launch's token. */
  function checkApiCaller(req: IncomingMessage, host: string): void {
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) throw new HttpError(403, 'cross-origin request');
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new HttpError(403, 'cross-site request');
    const auth = req.headers.authorization ?? '';
    const m = /^Bearer (\S+)$/.exec(auth);
    if (!m || !tokenMatches(m[1]!, token)) throw new HttpError(403, 'missing or wrong token');
  }

  async function handleIntent(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    const raw = await readBody(req, maxBodyBytes);
    let args: unknown = undefined;
    if (raw.trim() !== '') {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') throw new HttpError(415, 'body must be application/json');
      try {
        args = JSON.parse(raw);
      } catch {
        sendJson(res, 200, { ok: false, error: 'BAD_ARGUMENTS' } satisfies RouteResult);
        return;
      }
    }
    sendJson(res, 200, await core.route(name, args));
  }

  function handlePushStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    const write = (message: PushMessage) => res.write(`data: ${JSON.stringify(message)}\n\n`);
    write({ channel: 'state', payload: core.getState() });
    const unsubscribe = core.onPush(write);
    streams.add(res);
    const end = () => {
      unsubscribe();
      streams.delete(res);
    };
    req.on('close', end);
    res.on('close', end);
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
      const intent = /^\/api\/intent\/([^/]+)$/.exec(path);
      if (intent) {
        if (method !== 'POST') throw new HttpError(405, 'use POST');
        let name: string;
        try {
          name = decodeURIComponent(intent[1]!);
        } catch {
          name = '';
        }
        return handleIntent(req, res, name);
      }
      if (path === '/api/pushes') {
        if (method !== 'GET') throw new HttpError(405, 'use GET');
        return handlePushStream(req, res);
      }
      if (path === '/api/environment') {
        if (method !== 'GET') throw new HttpError(405, 'use GET');
        sendJson(res, 200, await core.route('getEnvironment', {}));
        return;
      }
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
      sendJson(res, status, { error: reason });
    });
  });
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
      for (const res of streams) res.end();
      streams.clear();
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
    },
  };
}
