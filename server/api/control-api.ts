// The control API: loopback HTTP + JSON for tests, the demo and other tools to steer the server
// (README "Control API"). Every body is validated; bad input is a 400 with a specific message.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FaultInput } from './fault-injector';
import type { ApiSettings } from './settings';
import type { FaultApplied, LocalServerControls } from './local-controls';

/**
 * What a caller may cost the server. Each figure is kept by a timer of the connection's own, so a
 * slow head or body is cut at it (Node's own checks run only every 30 s). A connection carries
 * one call and is closed after its answer, so no connection sits idle between calls.
 */
export interface ControlApiLimits {
  /** A connection must have sent its whole request head this long after it opened, ms. */
  headersTimeoutMs: number;
  /** A request's body must be in this long after its head, ms. */
  bodyTimeoutMs: number;
  /** Open connections at once; one more gets a 503 and is closed. */
  maxConnections: number;
  /** Largest body, bytes: a larger one is a 413, answered as soon as it is known, and no more is read. */
  maxBodyBytes: number;
}

export const CONTROL_API_LIMITS: Readonly<ControlApiLimits> = {
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 10_000,
  maxConnections: 32,
  maxBodyBytes: 64 * 1024,
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new HttpError(413, `body larger than ${maxBytes} bytes`);
    if (Number(req.headers['content-length'] ?? 0) > maxBytes) return reject(tooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (over) return;
      if (size <= maxBytes) chunks.push(c);
      else {
        // Answered now; the connection closes after the answer, so the rest is never read.
        over = true;
        chunks.length = 0;
        req.pause();
        reject(tooLarge());
      }
    });
    req.on('end', () => {
      if (over) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch (e) {
        reject(new HttpError(400, `body is not valid JSON: ${(e as Error).message}`));
      }
    });
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    connection: 'close',
  });
  res.end(text);
}

function requireObject(body: unknown, what: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, `${what} must be a JSON object`);
  }
  return body as Record<string, unknown>;
}

const USER_FIELDS = new Set([
  'phone', 'firstName', 'lastName', 'dc', 'password', 'hint', 'recoveryEmail', 'loginEmail', 'codeChannels', 'banned',
]);

async function route(c: LocalServerControls, req: IncomingMessage, res: ServerResponse, maxBody: number): Promise<void> {
  const readJson = (r: IncomingMessage) => readBody(r, maxBody);
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const method = req.method ?? 'GET';
  const allow = (...methods: string[]) => {
    if (!methods.includes(method)) throw new HttpError(405, `${path} accepts ${methods.join(', ')}`);
  };

  if (path === '/' || path === '/ready') {
    allow('GET');
    return send(res, 200, c.readyLine());
  }
  if (path === '/users') {
    allow('GET', 'POST');
    if (method === 'GET') return send(res, 200, { users: c.users.list() });
    const body = requireObject(await readJson(req), 'a user');
    const unknown = Object.keys(body).find((k) => !USER_FIELDS.has(k));
    if (unknown) throw new HttpError(400, `unknown field "${unknown}"; known: ${[...USER_FIELDS].join(', ')}`);
    try {
      return send(res, 201, { user: c.users.add(body as never) });
    } catch (e) {
      throw new HttpError(400, (e as Error).message);
    }
  }
  const inbox = /^\/inbox\/(.*)$/.exec(path);
  if (inbox) {
    allow('GET');
    const digits = decodeURIComponent(inbox[1]!);
    if (!/^\d{5,15}$/.test(digits)) throw new HttpError(400, 'the inbox is addressed by phone digits only: /inbox/15550100');
    return send(res, 200, { messages: c.inbox(digits) });
  }
  if (path === '/faults') {
    allow('GET', 'POST', 'DELETE');
    if (method === 'GET') return send(res, 200, { faults: c.faults.list() });
    if (method === 'DELETE') {
      c.faults.clear();
      return send(res, 200, { faults: [] });
    }
    const body = await readJson(req);
    const list = Array.isArray(body) ? body : [body];
    if (list.length === 0) throw new HttpError(400, 'no fault given');
    // Check all before applying any, so a bad entry in a list changes nothing.
    for (const [i, f] of list.entries()) {
      const problem = c.faults.check(f);
      if (problem) throw new HttpError(400, list.length > 1 ? `fault ${i}: ${problem}` : problem);
    }
    const applied: FaultApplied[] = list.map((f) => c.faults.add(f as FaultInput));
    return send(res, 201, Array.isArray(body) ? { applied } : applied[0]);
  }
  if (path === '/qr/accept') {
    allow('POST');
    const body = requireObject(await readJson(req), 'the body');
    for (const k of Object.keys(body)) if (k !== 'phone' && k !== 'token') throw new HttpError(400, `unknown field "${k}"`);
    if (typeof body.phone !== 'string') throw new HttpError(400, 'phone must be a string such as "+15550100"');
    if (body.token !== undefined && (typeof body.token !== 'string' || !/^[A-Za-z0-9_-]+={0,2}$/.test(body.token))) {
      throw new HttpError(400, 'token must be the login token in base64url (as in tg://login?token=...)');
    }
    const out = c.qrAccept(body.phone, body.token as string | undefined);
    if (!out.ok) {
      const status = out.error === 'UNKNOWN_PHONE' ? 404 : out.error === 'PHONE_INVALID' ? 400 : 409;
      return send(res, status, { error: out.error, message: out.message });
    }
    return send(res, 200, out);
  }
  if (path === '/sessions/end') {
    allow('POST');
    const body = requireObject(await readJson(req), 'the body');
    for (const k of Object.keys(body)) if (k !== 'phone' && k !== 'device') throw new HttpError(400, `unknown field "${k}"`);
    if (typeof body.phone !== 'string') throw new HttpError(400, 'phone must be a string such as "+15550100"');
    if (body.device !== undefined && (typeof body.device !== 'string' || body.device === '')) {
      throw new HttpError(400, 'device must be a device model such as "Gramdesk" (or left out: every session)');
    }
    const out = c.endSessions(body.phone, body.device as string | undefined);
    if (!out.ok && out.error === 'PHONE_INVALID') throw new HttpError(400, out.message);
    if (!out.ok) return send(res, 404, { error: out.error, message: out.message });
    return send(res, 200, out);
  }
  if (path === '/reset') {
    allow('POST');
    await c.reset();
    return send(res, 200, { reset: true });
  }
  if (path === '/log') {
    allow('GET');
    const m = url.searchParams.get('method');
    const entries = c.log().filter((e) => m === null || e.method === m);
    return send(res, 200, { entries });
  }
  if (path === '/authorizations') {
    allow('GET');
    return send(res, 200, { authorizations: c.authorizations() });
  }
  if (path === '/settings') {
    allow('GET', 'POST');
    if (method === 'GET') return send(res, 200, { settings: c.settings.get() });
    const body = requireObject(await readJson(req), 'settings');
    try {
      return send(res, 200, { settings: c.settings.set(body as Partial<ApiSettings>) });
    } catch (e) {
      throw new HttpError(400, (e as Error).message);
    }
  }
  throw new HttpError(404, `no such endpoint: ${method} ${path}`);
}

/** Constant-time comparison of hashes, so neither the secret's length nor its bytes leak. */
function secretMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/**
 * With a secret (the server the app starts for its demo), anything on this machine can still
 * reach the port, so a call must carry the secret and name this server by its loopback address
 * (a rebinding DNS name fails the Host check), and no web page may call it (Origin, fetch
 * metadata). The answer is 403 and nothing is done.
 */
function refusal(req: IncomingMessage, port: number, secret: string): string | null {
  const host = req.headers.host ?? '';
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return 'unexpected Host';
  if (req.headers.origin !== undefined) return 'cross-origin request';
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'none') return 'cross-site request';
  const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  if (!m || !secretMatches(m[1]!, secret)) return 'missing or wrong secret';
  return null;
}

/** A refusal written on the raw socket (over the cap, or a head or body too slow), then the connection is closed. */
function refuseOnSocket(socket: Socket, status: number, error: string): void {
  if (socket.destroyed || !socket.writable) return;
  const text = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
  socket.destroySoon();
}

export function startControlApi(
  controls: LocalServerControls,
  host: string,
  port: number,
  secret?: string,
  limitsGiven: Partial<ControlApiLimits> = {},
): Promise<Server> {
  const limits: ControlApiLimits = { ...CONTROL_API_LIMITS, ...limitsGiven };
  let open = 0;
  const overCap = new WeakSet<Socket>();
  /** The one timer per connection: first for its head, then for its body, cleared once it is answered. */
  const deadline = new WeakMap<Socket, NodeJS.Timeout>();
  const setDeadline = (socket: Socket, ms: number, what: string) => {
    clearTimeout(deadline.get(socket));
    deadline.set(socket, setTimeout(() => refuseOnSocket(socket, 408, `${what} not received in time`), ms));
  };

  const server = createServer(
    // Node's own checks as a backstop to the timers (they run every connectionsCheckingInterval).
    { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.headersTimeoutMs + limits.bodyTimeoutMs },
    (req, res) => {
      const socket = req.socket;
      if (overCap.has(socket)) return;
      setDeadline(socket, limits.bodyTimeoutMs, 'request body');
      res.on('close', () => clearTimeout(deadline.get(socket)));
      const refused = secret !== undefined ? refusal(req, port, secret) : null;
      if (refused !== null) {
        send(res, 403, { error: refused });
        return;
      }
      route(controls, req, res, limits.maxBodyBytes).catch((e: unknown) => {
        const status = e instanceof HttpError ? e.status : 500;
        const message = e instanceof Error ? e.message : String(e);
        if (!res.headersSent) send(res, status, { error: message });
        else res.end();
      });
      // The deadline is the body's: once it is in, the answer may take what it takes. A route
      // that reads no body has it drained (it is answered and closed soon anyway).
      req.once('end', () => clearTimeout(deadline.get(socket)));
      if (req.listenerCount('data') === 0) req.resume();
    },
  );
  server.on('connection', (socket: Socket) => {
    open += 1;
    socket.once('close', () => {
      open -= 1;
      clearTimeout(deadline.get(socket));
    });
    if (open > limits.maxConnections) {
      overCap.add(socket);
      refuseOnSocket(socket, 503, 'too many connections');
      return;
    }
    setDeadline(socket, limits.headersTimeoutMs, 'request head');
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
