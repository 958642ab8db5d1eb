// Browser mode's bridge over real HTTP and WebSocket on loopback, with the real app core behind
// it (demo mode against a local server started here, keychain off). Every refused handshake or
// frame must change nothing: the login state stays as it was and the server sees no call.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import {
  BRIDGE_SUBPROTOCOL,
  CLOSE_UNAUTHORIZED,
  SOCKET_PATH,
  TOKEN_SUBPROTOCOL_PREFIX,
  type ServerFrame,
} from '../../common/bridge-protocol';
import type { LoginState } from '../../common/login-state';
import { createAppCore, type AppCore } from '../../main/app-core';
import { startBridgeServer, type BridgeServer } from '../../main/browser-mode/bridge-server';
import { CONTENT_SECURITY_POLICY } from '../../main/security/content-security-policy';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import { bridgeHandshake, withToken, type BridgeHandshake, type BridgeHandshakeOptions, type BridgeSocket } from '../support/bridge-socket';

const ADA = '+15550100';
let server: LocalServer;
let core: AppCore;
let bridge: BridgeServer;
let root: string;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so Host, Origin and the path go out exactly as written. */
function send(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: bridge.port, method, path, headers: { host: `127.0.0.1:${bridge.port}`, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

type OpenSocket = BridgeSocket;
type HandshakeOptions = BridgeHandshakeOptions;

/** Opens a WebSocket to the bridge with exactly these headers, and says whether it was let in. */
function handshake(options: HandshakeOptions = {}): Promise<BridgeHandshake> {
  return bridgeHandshake(bridge.port, bridge.token, options);
}

/** A socket the bridge must accept; closed after the test. */
async function openSocket(options: HandshakeOptions = {}): Promise<OpenSocket> {
  const outcome = await handshake(options);
  if (!('open' in outcome)) throw new Error(`refused: ${outcome.refused} ${outcome.body}`);
  sockets.push(outcome.open.ws);
  return outcome.open;
}

const sockets: WebSocket[] = [];
let nextId = 1;

/** Calls an intent on an open socket and waits for its answer. */
async function call(socket: OpenSocket, intent: string, args?: unknown): Promise<unknown> {
  const id = nextId++;
  socket.ws.send(JSON.stringify({ id, intent, args }));
  const answer = await socket.frame((f) => f.kind === 'result' && f.id === id);
  return answer.kind === 'result' ? answer.result : null;
}

/** The status a handshake was refused with (fails the test if it was let in). */
async function refusedWith(options: HandshakeOptions): Promise<number> {
  const outcome = await handshake(options);
  if ('open' in outcome) {
    outcome.open.ws.terminate();
    throw new Error('the handshake was accepted');
  }
  return outcome.refused;
}

/**
 * A handshake with a bad token: let in only to be closed with CLOSE_UNAUTHORIZED, with no frame
 * sent to it, and a call made on it routed nowhere.
 */
async function closedAsUnauthorized(protocols: string[]): Promise<void> {
  const outcome = await handshake({ protocols });
  if (!('open' in outcome)) throw new Error(`refused with ${outcome.refused}, not closed as unauthorized`);
  const { ws, closed, frame } = outcome.open;
  ws.send(JSON.stringify({ id: 1, intent: 'submitPhone', args: { phone: ADA } }));
  expect(await closed).toEqual({ code: CLOSE_UNAUTHORIZED, reason: 'missing or wrong token' });
  await expect(frame()).rejects.toThrow('socket closed');
}

function expectNothingChanged(before: LoginState): void {
  expect(core.getState()).toBe(before);
  expect(server.log().filter((e) => e.method === 'auth.sendCode')).toEqual([]);
}

beforeAll(async () => {
  server = await startLocalServer({ port: 'auto' });
  core = await createAppCore({
    env: { GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()), GRAMDESK_KEYCHAIN: 'off' },
  });
  await core.started;
  root = mkdtempSync(join(tmpdir(), 'gramdesk-bridge-'));
  const dist = join(root, 'renderer');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Gramdesk</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(join(dist, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(root, 'secret.txt'), 'TOP-SECRET-OUTSIDE');
  bridge = await startBridgeServer({ core, staticDir: dist, port: 0 });
});

afterEach(async () => {
  for (const ws of sockets.splice(0)) ws.terminate();
  await core.idle();
});

afterAll(async () => {
  await bridge?.close();
  await core?.dispose();
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('bridge: launch', () => {
  it('listens on 127.0.0.1 with a 256-bit base64url token in the URL fragment', () => {
    expect(bridge.origin).toBe(`http://127.0.0.1:${bridge.port}`);
    expect(bridge.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(bridge.url).toBe(`${bridge.origin}/#token=${bridge.token}`);
  });
});

describe('bridge: refusals change nothing', () => {
  it('no token: closed as unauthorized before any frame', async () => {
    const before = core.getState();
    await closedAsUnauthorized([BRIDGE_SUBPROTOCOL]);
    expectNothingChanged(before);
  });

  it('a wrong token (same length, shorter, or not marked as the token): closed as unauthorized', async () => {
    const before = core.getState();
    const wrong = bridge.token.slice(0, -1) + (bridge.token.endsWith('A') ? 'B' : 'A');
    await closedAsUnauthorized(withToken(wrong));
    await closedAsUnauthorized(withToken(bridge.token.slice(0, 10)));
    await closedAsUnauthorized([BRIDGE_SUBPROTOCOL, bridge.token]);
    // The token in the query string or an Authorization header is not the token.
    const query = await handshake({ path: `${SOCKET_PATH}?token=${bridge.token}`, protocols: [BRIDGE_SUBPROTOCOL] });
    expect('open' in query && (await query.open.closed).code).toBe(CLOSE_UNAUTHORIZED);
    const header = await handshake({ protocols: [BRIDGE_SUBPROTOCOL], headers: { authorization: `Bearer ${bridge.token}` } });
    expect('open' in header && (await header.open.closed).code).toBe(CLOSE_UNAUTHORIZED);
    expectNothingChanged(before);
  });

  it('a client that never answers the unauthorized close is cut off', async () => {
    const socket = new Socket();
    await new Promise<void>((resolve) => socket.connect(bridge.port, '127.0.0.1', resolve));
    socket.write(
      `GET ${SOCKET_PATH} HTTP/1.1\r\nHost: 127.0.0.1:${bridge.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${BRIDGE_SUBPROTOCOL}\r\n\r\n`,
    );
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    // Read, never answered: the bridge must end the connection itself.
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect(received).toMatch(/^HTTP\/1\.1 101 /);
    expect(received).toContain('missing or wrong token');
  });

  it('without the gramdesk subprotocol, even with the token: 400', async () => {
    const before = core.getState();
    expect(await refusedWith({ protocols: [`${TOKEN_SUBPROTOCOL_PREFIX}${bridge.token}`] })).toBe(400);
    expect(await refusedWith({ protocols: [] })).toBe(400);
    expectNothingChanged(before);
  });

  it('the token is never echoed: the bridge selects the gramdesk subprotocol alone', async () => {
    const socket = await openSocket();
    expect(socket.protocol).toBe(BRIDGE_SUBPROTOCOL);
  });

  it('a foreign Host (DNS rebinding), even with the token: 403', async () => {
    const before = core.getState();
    for (const host of [`evil.example:${bridge.port}`, '127.0.0.1', `127.0.0.1:${bridge.port + 1}`, `localhost.evil.example:${bridge.port}`]) {
      expect(await refusedWith({ headers: { host } }), host).toBe(403);
    }
    expect((await send('GET', '/', { host: `evil.example:${bridge.port}` })).status).toBe(403);
    expectNothingChanged(before);
  });

  it('a foreign Origin, even with the token: 403', async () => {
    const before = core.getState();
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${bridge.port + 1}`, `https://127.0.0.1:${bridge.port}`]) {
      expect(await refusedWith({ headers: { origin } }), origin).toBe(403);
    }
    expectNothingChanged(before);
  });

  it('a cross-site Sec-Fetch-Site, even with the token: 403', async () => {
    const before = core.getState();
    for (const site of ['cross-site', 'same-site']) {
      expect(await refusedWith({ headers: { 'sec-fetch-site': site } }), site).toBe(403);
    }
    expectNothingChanged(before);
  });

  it("the page's own handshakes pass: its Origin, Sec-Fetch-Site same-origin, Host localhost or 127.0.0.1", async () => {
    const before = core.getState();
    for (const host of [`127.0.0.1:${bridge.port}`, `localhost:${bridge.port}`]) {
      const socket = await openSocket({ headers: { host, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' } });
      expect(await call(socket, 'getState', {})).toEqual({ ok: true, value: before });
    }
    expectNothingChanged(before);
  });

  it('bad frames get typed errors and change nothing', async () => {
    const before = core.getState();
    const socket = await openSocket();
    expect(await call(socket, 'deleteAccount', {})).toEqual({ ok: false, error: 'UNKNOWN_INTENT' });
    expect(await call(socket, 'submitPhone', { phone: 1 })).toEqual({ ok: false, error: 'BAD_ARGUMENTS' });
    expect(await call(socket, 'submitPhone', [ADA])).toEqual({ ok: false, error: 'BAD_ARGUMENTS' });
    expect(await call(socket, 'submitPhone', { phone: ADA, extra: true })).toEqual({ ok: false, error: 'BAD_ARGUMENTS' });
    const unanswerable = (f: ServerFrame) => f.kind === 'result' && f.id === null;
    for (const frame of ['{"id":', '[1,2]', '{"intent":"submitPhone","args":{"phone":"+15550100"}}', '{"id":-1,"intent":"getState"}', '{"id":"7","intent":"getState"}']) {
      socket.ws.send(frame);
      expect(await socket.frame(unanswerable), frame).toEqual({ kind: 'result', id: null, result: { ok: false, error: 'BAD_ARGUMENTS' } });
    }
    socket.ws.send(Buffer.from(JSON.stringify({ id: 9, intent: 'submitPhone', args: { phone: ADA } })), { binary: true });
    expect(await socket.frame(unanswerable)).toEqual({ kind: 'result', id: null, result: { ok: false, error: 'BAD_ARGUMENTS' } });
    // The socket is still good for proper calls.
    expect(await call(socket, 'getState', {})).toEqual({ ok: true, value: before });
    expectNothingChanged(before);
  });

  it('an oversized frame closes that socket (1009) and nothing is routed', async () => {
    const before = core.getState();
    const socket = await openSocket();
    socket.ws.send(JSON.stringify({ id: 1, intent: 'submitPhone', args: { phone: 'x'.repeat(20_000) } }));
    expect((await socket.closed).code).toBe(1009);
    expectNothingChanged(before);
  });

  it('plain HTTP under /api answers nothing: 426 for the socket path, 404 elsewhere, 403 from a foreign Origin', async () => {
    const before = core.getState();
    const plain = await send('GET', SOCKET_PATH);
    expect([plain.status, plain.headers.upgrade]).toEqual([426, 'websocket']);
    expect((await send('POST', '/api/intent/submitPhone', { 'content-type': 'application/json' }, JSON.stringify({ phone: ADA }))).status).toBe(404);
    expect((await send('GET', '/api/environment')).status).toBe(404);
    expect((await send('GET', SOCKET_PATH, { origin: 'http://evil.example' })).status).toBe(403);
    expect(await refusedWith({ path: '/api/intent/submitPhone' })).toBe(404);
    expectNothingChanged(before);
  });
});

describe('bridge: static files', () => {
  it('serves index.html at / with the app CSP and security headers', async () => {
    const r = await send('GET', '/');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.body).toContain('<title>Gramdesk</title>');
  });

  it('serves assets with their content types', async () => {
    expect((await send('GET', '/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await send('GET', '/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await send('GET', '/assets/missing.js')).status).toBe(404);
  });

  it('refuses every way out of the renderer directory', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/%00.js',
    ]) {
      const r = await send('GET', path);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.body, path).not.toContain('TOP-SECRET-OUTSIDE');
    }
  });

  it('only GET and HEAD', async () => {
    expect((await send('POST', '/index.html', {}, 'x')).status).toBe(405);
    const head = await send('HEAD', '/index.html');
    expect([head.status, head.body]).toEqual([200, '']);
  });
});

describe('bridge: the contract over the socket', () => {
  it('getEnvironment answers where the app is connected', async () => {
    const socket = await openSocket();
    expect(await call(socket, 'getEnvironment', {})).toMatchObject({
      ok: true,
      value: {
        mode: 'demo',
        keychain: { available: false, reason: expect.stringContaining('GRAMDESK_KEYCHAIN=off') },
        inAppCodes: false,
      },
    });
    const env = (await call(socket, 'getEnvironment')) as { value: { demoUsers: Array<{ phone: string }> } };
    expect(env.value.demoUsers.map((u) => u.phone)).toEqual(['+15550100', '+15550101', '+15550102', '+15550103']);
  });

  it('sends the current state first, then every change of an intent, each before the answer to the call that caused it', async () => {
    const socket = await openSocket();
    const states: LoginState[] = [];
    const first = await socket.frame();
    expect(first).toEqual({ kind: 'push', channel: 'state', payload: core.getState() });
    expect(first.kind === 'push' && first.payload).toMatchObject({ step: 'phone', busy: null });

    const id = nextId++;
    socket.ws.send(JSON.stringify({ id, intent: 'submitPhone', args: { phone: ADA } }));
    for (;;) {
      const frame = await socket.frame();
      if (frame.kind === 'push' && frame.channel === 'state') states.push(frame.payload);
      else {
        expect(frame).toEqual({ kind: 'result', id, result: { ok: true, value: null } });
        break;
      }
    }
    expect(states[0]).toEqual({ step: 'phone', phone: ADA, busy: 'send_code', error: null, accounts: expect.objectContaining({ adding: true }) });
    expect(states.at(-1)).toMatchObject({ step: 'code', phone: ADA, delivery: { kind: 'app' }, next: 'sms', busy: null });
    expect(await call(socket, 'getState', {})).toEqual({ ok: true, value: states.at(-1) });
  });

  it('every open socket gets every push', async () => {
    const [a, b] = [await openSocket(), await openSocket()];
    await Promise.all([a.frame(), b.frame()]);
    expect(await call(a, 'editPhone', {})).toEqual({ ok: true, value: null });
    const phoneStep = (f: ServerFrame) => f.kind === 'push' && f.channel === 'state' && f.payload.step === 'phone' && f.payload.busy === null;
    const [fromA, fromB] = await Promise.all([a.frame(phoneStep), b.frame(phoneStep)]);
    expect(fromB).toEqual(fromA);
  });
});
