// The two services the app opens on 127.0.0.1, as an attacker on this machine or a web page in
// the person's browser would try them: browser mode's bridge (the app core behind it) and the
// demo's control API (the local server started with a per-launch secret, as the app starts it).
// Each try must be refused as specified and change nothing: the login state stays the same
// object, the server sees no call, no user is added. Time-outs run at small injected figures and
// must close the connection within [figure, figure + margin]; caps and body limits at the
// shipped figures.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BRIDGE_SUBPROTOCOL,
  CLOSE_TOO_MANY_SOCKETS,
  CLOSE_UNAUTHORIZED,
  SOCKET_PATH,
  TOKEN_SUBPROTOCOL_PREFIX,
} from '../../common/bridge-protocol';
import type { LoginState } from '../../common/login-state';
import { createAppCore, type AppCore } from '../../main/app-core';
import { BRIDGE_LIMITS, startBridgeServer, type BridgeServer } from '../../main/browser-mode/bridge-server';
import { CONTROL_API_LIMITS } from '../../server/api/control-api';
import { startLocalServer, type LocalServer } from '../../server/local-server';
import { bridgeHandshake, withToken, type BridgeHandshakeOptions, type BridgeSocket } from '../support/bridge-socket';
import { reportFigure, scaled } from '../support/suite-scale';

const SECRET = randomBytes(32).toString('base64url');
/** The time-out figures the quick instances run with, and how late a close may come on a busy machine. */
const FIGURE_MS = 400;
const MARGIN_MS = 1_000;
/** Where the control API hands out delivered codes: what a rebinding page would read. */
const INBOX = '/inbox/15550100';

let server: LocalServer;
let quickServer: LocalServer;
let core: AppCore;
let bridge: BridgeServer;
let quickBridge: BridgeServer;
let root: string;
let refusals = 0;
let stateBefore: LoginState;
let callsBefore: number;
const opened: Array<{ destroy(): void }> = [];

const controlPort = (s: LocalServer) => Number(new URL(s.controlUrl).port);

/** One refusal as specified: counted for the suite's figure. */
function refused<T>(value: T): T {
  refusals += 1;
  return value;
}

interface RawConnection {
  socket: Socket;
  received(): string;
  /** Resolves with the ms from the start (by default just before the connect) to the close. */
  closed: Promise<number>;
  /** Marks now as the moment `closed` counts from. */
  markStart(): void;
}

/** A raw TCP connection, so exactly what is written (or not written) goes out. */
function rawConnection(port: number): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    // Counted from before the connect: the server's timer can only start later, whichever
    // of the two sides this one event loop serves first.
    let start = performance.now();
    const socket = connect(port, '127.0.0.1');
    opened.push(socket);
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    const closed = new Promise<number>((done) => socket.on('close', () => done(performance.now() - start)));
    socket.once('connect', () => {
      resolve({ socket, received: () => text, closed, markStart: () => (start = performance.now()) });
    });
    socket.once('error', reject);
  });
}

/** A whole HTTP exchange on a raw connection: the answer's status and JSON body, once it closes. */
async function exchange(port: number, head: string, body = ''): Promise<{ status: number; body: unknown }> {
  const c = await rawConnection(port);
  c.socket.write(head + body);
  await c.closed;
  return parseAnswer(c.received());
}

function parseAnswer(text: string): { status: number; body: unknown } {
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1] ?? 0);
  const raw = text.slice(text.indexOf('\r\n\r\n') + 4);
  let body: unknown = raw;
  try {
    body = JSON.parse(raw);
  } catch {
    // Not JSON: kept as text, and the assertion on it says so.
  }
  return { status, body };
}

function head(method: string, path: string, headers: Record<string, string>): string {
  return `${method} ${path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
}

/** A control API request with the secret and its own Host, plus or minus what the test says. */
function controlHead(s: LocalServer, method: string, path: string, headers: Record<string, string | null> = {}): string {
  const all: Record<string, string | null> = {
    host: `127.0.0.1:${controlPort(s)}`,
    authorization: `Bearer ${SECRET}`,
    connection: 'close',
    ...headers,
  };
  return head(method, path, Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== null)));
}

async function handshake(target: BridgeServer, options: BridgeHandshakeOptions = {}) {
  const outcome = await bridgeHandshake(target.port, target.token, options);
  if ('open' in outcome) opened.push({ destroy: () => outcome.open.ws.terminate() });
  return outcome;
}

async function refusedStatus(target: BridgeServer, options: BridgeHandshakeOptions): Promise<number> {
  const outcome = await handshake(target, options);
  if ('open' in outcome) throw new Error('the handshake was let in');
  return outcome.refused;
}

async function openSocket(target: BridgeServer, options: BridgeHandshakeOptions = {}): Promise<BridgeSocket> {
  const outcome = await handshake(target, options);
  if (!('open' in outcome)) throw new Error(`refused: ${outcome.refused} ${outcome.body}`);
  return outcome.open;
}

/** The handshake is let in only to be closed with `code`, before any frame reaches it. */
async function closedWith(target: BridgeServer, options: BridgeHandshakeOptions): Promise<number> {
  const socket = await openSocket(target, options);
  socket.ws.send(JSON.stringify({ id: 1, intent: 'submitPhone', args: { phone: '+15550100' } }));
  const { code } = await socket.closed;
  expect(socket.pending()).toEqual([]);
  return code;
}

/** A close that came at its figure: not before it, and not much after. */
function expectAtFigure(ms: number, figure = FIGURE_MS): void {
  expect(ms).toBeGreaterThanOrEqual(figure - 2);
  expect(ms).toBeLessThan(figure + MARGIN_MS);
}

beforeAll(async () => {
  const quick = { headersTimeoutMs: FIGURE_MS, bodyTimeoutMs: FIGURE_MS };
  [server, quickServer] = await Promise.all([
    startLocalServer({ port: 'auto', controlSecret: SECRET }),
    startLocalServer({ port: 'auto', controlSecret: SECRET, controlLimits: quick, demoUsers: false }),
  ]);
  core = await createAppCore({
    env: { GRAMDESK_LOCAL_SERVER: JSON.stringify(server.readyLine()), GRAMDESK_KEYCHAIN: 'off' },
  });
  await core.started;
  root = mkdtempSync(join(tmpdir(), 'gramdesk-hostile-'));
  mkdirSync(join(root, 'renderer'));
  writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><title>Gramdesk</title>');
  bridge = await startBridgeServer({ core, staticDir: join(root, 'renderer') });
  quickBridge = await startBridgeServer({
    core,
    staticDir: join(root, 'renderer'),
    limits: { headersTimeoutMs: FIGURE_MS, idleTimeoutMs: FIGURE_MS, heartbeatMs: FIGURE_MS },
  });
  await core.idle();
  stateBefore = core.getState();
  callsBefore = server.log().length;
});

afterEach(async () => {
  for (const o of opened.splice(0)) o.destroy();
  await core.idle();
  // Whatever was tried, the app is where it was and the server was asked nothing.
  expect(core.getState()).toBe(stateBefore);
  expect(server.log().length).toBe(callsBefore);
});

afterAll(async () => {
  reportFigure('hostile loopback', `${refusals} requests refused`);
  await quickBridge?.close();
  await bridge?.close();
  await core?.dispose();
  await Promise.all([server?.stop(), quickServer?.stop()]);
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('hostile loopback: the bridge', () => {
  it('a missing or wrong token: let in only to be closed as unauthorized, nothing routed', async () => {
    const wrong = bridge.token.slice(0, -1) + (bridge.token.endsWith('A') ? 'B' : 'A');
    for (const protocols of [
      [BRIDGE_SUBPROTOCOL],
      withToken(wrong),
      withToken(bridge.token.slice(0, 20)),
      withToken(`${bridge.token}x`),
      withToken(quickBridge.token),
      [BRIDGE_SUBPROTOCOL, bridge.token],
    ]) {
      expect(refused(await closedWith(bridge, { protocols }))).toBe(CLOSE_UNAUTHORIZED);
    }
    // Anywhere else than the subprotocol, the token is no token.
    const elsewhere: BridgeHandshakeOptions[] = [
      { path: `${SOCKET_PATH}?token=${bridge.token}`, protocols: [BRIDGE_SUBPROTOCOL] },
      { protocols: [BRIDGE_SUBPROTOCOL], headers: { authorization: `Bearer ${bridge.token}` } },
      { protocols: [BRIDGE_SUBPROTOCOL], headers: { cookie: `token=${bridge.token}` } },
    ];
    for (const options of elsewhere) expect(refused(await closedWith(bridge, options))).toBe(CLOSE_UNAUTHORIZED);
    // Guesses of the token's own shape: each closed the same way.
    for (let i = 0; i < scaled(10, 2_000); i++) {
      const guess = randomBytes(32).toString('base64url');
      expect(refused(await closedWith(bridge, { protocols: withToken(guess) }))).toBe(CLOSE_UNAUTHORIZED);
    }
  });

  it('a foreign Host (DNS rebinding), on the socket and on the files, even with the token: 403', async () => {
    for (const host of [`rebind.example:${bridge.port}`, '127.0.0.1', `127.0.0.1:${bridge.port + 1}`, `localhost.rebind.example:${bridge.port}`, '[::1]']) {
      expect(refused(await refusedStatus(bridge, { headers: { host } })), host).toBe(403);
      const answer = await exchange(bridge.port, head('GET', '/', { host, connection: 'close' }));
      expect(refused(answer), host).toEqual({ status: 403, body: { error: 'unexpected Host' } });
    }
  });

  it('a foreign Origin on the upgrade, even with the token: 403', async () => {
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${bridge.port + 1}`, `https://127.0.0.1:${bridge.port}`, `http://localhost:${bridge.port}`, 'file://']) {
      expect(refused(await refusedStatus(bridge, { headers: { origin } })), origin).toBe(403);
    }
    // The page's own Origin passes, with either of its own Hosts.
    const own = await openSocket(bridge, { headers: { origin: bridge.origin } });
    expect(own.protocol).toBe(BRIDGE_SUBPROTOCOL);
  });

  it('cross-site fetch metadata on the upgrade or the API path, even with the token: 403', async () => {
    for (const site of ['cross-site', 'same-site']) {
      expect(refused(await refusedStatus(bridge, { headers: { 'sec-fetch-site': site } })), site).toBe(403);
      const answer = await exchange(bridge.port, head('GET', SOCKET_PATH, { host: `127.0.0.1:${bridge.port}`, 'sec-fetch-site': site }));
      expect(refused(answer)).toEqual({ status: 403, body: { error: 'cross-site request' } });
    }
  });

  it('a request body is refused before it is read (413), an oversized frame closes its socket (1009)', async () => {
    const host = `127.0.0.1:${bridge.port}`;
    // The body is announced and never sent: the answer comes anyway, so none of it was awaited.
    for (const headers of [{ host, 'content-length': '100000000' }, { host, 'transfer-encoding': 'chunked' }] as Record<string, string>[]) {
      const answer = await exchange(bridge.port, head('GET', '/', headers));
      expect(refused(answer)).toEqual({ status: 413, body: { error: 'no request body is accepted here' } });
    }
    const socket = await openSocket(bridge);
    socket.ws.send(JSON.stringify({ id: 1, intent: 'submitPhone', args: { phone: 'x'.repeat(20_000) } }));
    expect(refused((await socket.closed).code)).toBe(1009);
  });

  it('a connection that never finishes its request head is answered 408 and closed at the figure', async () => {
    const silent = await rawConnection(quickBridge.port);
    const partial = await rawConnection(quickBridge.port);
    partial.socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${quickBridge.port}\r\n`);
    const upgrade = await rawConnection(quickBridge.port);
    upgrade.socket.write(`GET ${SOCKET_PATH} HTTP/1.1\r\nHost: 127.0.0.1:${quickBridge.port}\r\nUpgrade: websocket\r\n`);
    for (const c of [silent, partial, upgrade]) {
      expectAtFigure(await c.closed);
      expect(refused(parseAnswer(c.received()))).toEqual({ status: 408, body: { error: 'request head not received in time' } });
    }
  });

  it('a connection silent after its answer is closed at the idle figure', async () => {
    const c = await rawConnection(quickBridge.port);
    c.markStart();
    c.socket.write(head('GET', '/', { host: `127.0.0.1:${quickBridge.port}` }));
    expectAtFigure(refused(await c.closed));
    expect(parseAnswer(c.received()).status).toBe(200);
  });

  it('a socket let in with the token that answers no ping is cut after two heartbeats; a live one stays', async () => {
    const live = await openSocket(quickBridge);
    const dead = await rawConnection(quickBridge.port);
    dead.socket.write(
      head('GET', SOCKET_PATH, {
        host: `127.0.0.1:${quickBridge.port}`,
        upgrade: 'websocket',
        connection: 'Upgrade',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        'sec-websocket-version': '13',
        'sec-websocket-protocol': withToken(quickBridge.token).join(', '),
      }),
    );
    // Let in, and then never a byte back: not the pong to the first ping, nor anything else.
    expectAtFigure(refused(await dead.closed), 2 * FIGURE_MS);
    expect(dead.received()).toMatch(/^HTTP\/1\.1 101 /);
    expect(live.ws.readyState).toBe(live.ws.OPEN);
    live.ws.send(JSON.stringify({ id: 7, intent: 'getState' }));
    expect(await live.frame((f) => f.kind === 'result')).toEqual({ kind: 'result', id: 7, result: { ok: true, value: stateBefore } });
  });

  it(`more than ${BRIDGE_LIMITS.maxSocketsPerToken} sockets with the token: one more is closed as too many, and a freed place is free again`, async () => {
    const sockets: BridgeSocket[] = [];
    for (let i = 0; i < BRIDGE_LIMITS.maxSocketsPerToken; i++) sockets.push(await openSocket(bridge));
    for (const s of sockets) expect((await s.frame()).kind).toBe('push');
    expect(refused(await closedWith(bridge, {}))).toBe(CLOSE_TOO_MANY_SOCKETS);
    sockets[0]!.ws.close();
    await sockets[0]!.closed;
    // The place is taken again by the next socket; the ones open were never disturbed.
    const again = await openSocket(bridge);
    expect(await again.frame()).toEqual({ kind: 'push', channel: 'state', payload: stateBefore });
    for (const s of sockets.slice(1)) expect(s.ws.readyState).toBe(s.ws.OPEN);
  });

  it(`more than ${BRIDGE_LIMITS.maxConnections} connections at once: one more is answered 503 and closed`, async () => {
    const held = await Promise.all(Array.from({ length: BRIDGE_LIMITS.maxConnections }, () => rawConnection(bridge.port)));
    const over = await rawConnection(bridge.port);
    await over.closed;
    expect(refused(parseAnswer(over.received()))).toEqual({ status: 503, body: { error: 'too many connections' } });
    // Once a held connection goes, the bridge answers again.
    held[0]!.socket.destroy();
    await held[0]!.closed;
    const answer = await exchange(bridge.port, head('GET', '/', { host: `127.0.0.1:${bridge.port}`, connection: 'close' }));
    expect(answer.status).toBe(200);
  });
});

describe('hostile loopback: the demo control API', () => {
  it('answers its own caller: the secret, its loopback Host, no Origin', async () => {
    const answer = await exchange(controlPort(server), controlHead(server, 'GET', INBOX));
    expect(answer).toMatchObject({ status: 200, body: { messages: expect.any(Array) } });
  });

  it('a missing or wrong secret: 403, and no code is read', async () => {
    for (const authorization of [null, `Bearer ${SECRET.slice(0, -1)}`, `Bearer ${SECRET}x`, `Basic ${SECRET}`, SECRET, `Bearer  ${SECRET}`, 'Bearer ']) {
      const answer = await exchange(controlPort(server), controlHead(server, 'GET', INBOX, { authorization }));
      expect(refused(answer), String(authorization)).toEqual({ status: 403, body: { error: 'missing or wrong secret' } });
    }
  });

  it('a foreign Host (DNS rebinding), even with the secret: 403', async () => {
    const port = controlPort(server);
    for (const host of [`rebind.example:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`, `localhost.rebind.example:${port}`]) {
      const answer = await exchange(port, controlHead(server, 'GET', INBOX, { host }));
      expect(refused(answer), host).toEqual({ status: 403, body: { error: 'unexpected Host' } });
    }
    // No Host at all is not HTTP/1.1.
    expect(refused(await exchange(port, controlHead(server, 'GET', INBOX, { host: null }))).status).toBe(400);
  });

  it('a web page (any Origin, cross-site fetch metadata), even with the secret: 403, and a text/plain POST adds no user', async () => {
    const users = server.users.list().length;
    const body = JSON.stringify({ phone: '+15550177', firstName: 'Intruder' });
    const post = (extra: Record<string, string>) =>
      exchange(controlPort(server), controlHead(server, 'POST', '/users', { 'content-type': 'text/plain', 'content-length': String(body.length), ...extra }), body);
    for (const origin of ['https://evil.example', 'null', server.controlUrl]) {
      expect(refused(await post({ origin }))).toEqual({ status: 403, body: { error: 'cross-origin request' } });
    }
    for (const site of ['cross-site', 'same-site', 'same-origin']) {
      expect(refused(await post({ 'sec-fetch-site': site }))).toEqual({ status: 403, body: { error: 'cross-site request' } });
    }
    expect(server.users.list().length).toBe(users);
  });

  it('an oversized body is answered 413 before it is read, announced or streamed, and adds no user', async () => {
    const users = server.users.list().length;
    const port = controlPort(server);
    // Announced: the answer comes without a byte of the body sent.
    const announced = await exchange(port, controlHead(server, 'POST', '/users', { 'content-length': String(CONTROL_API_LIMITS.maxBodyBytes + 1) }));
    expect(refused(announced)).toEqual({ status: 413, body: { error: `body larger than ${CONTROL_API_LIMITS.maxBodyBytes} bytes` } });
    // Streamed: answered once the limit is passed, while more was still to come.
    const c = await rawConnection(port);
    c.socket.write(controlHead(server, 'POST', '/users', { 'transfer-encoding': 'chunked' }));
    const chunk = 'x'.repeat(16 * 1024);
    for (let sent = 0; sent <= CONTROL_API_LIMITS.maxBodyBytes; sent += chunk.length) c.socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    await c.closed;
    expect(refused(parseAnswer(c.received()))).toEqual({ status: 413, body: { error: `body larger than ${CONTROL_API_LIMITS.maxBodyBytes} bytes` } });
    expect(server.users.list().length).toBe(users);
  });

  it('a slow request head or body is answered 408 and closed at the figure', async () => {
    const port = controlPort(quickServer);
    const silent = await rawConnection(port);
    const partial = await rawConnection(port);
    partial.socket.write(`GET ${INBOX} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
    for (const c of [silent, partial]) {
      expectAtFigure(await c.closed);
      expect(refused(parseAnswer(c.received()))).toEqual({ status: 408, body: { error: 'request head not received in time' } });
    }
    const body = await rawConnection(port);
    body.markStart();
    body.socket.write(controlHead(quickServer, 'POST', '/users', { 'content-length': '100' }) + '{"phone":');
    expectAtFigure(await body.closed);
    expect(refused(parseAnswer(body.received()))).toEqual({ status: 408, body: { error: 'request body not received in time' } });
    expect(quickServer.users.list()).toEqual([]);
  });

  it(`more than ${CONTROL_API_LIMITS.maxConnections} connections at once: one more is answered 503 and closed`, async () => {
    const port = controlPort(server);
    const held = await Promise.all(Array.from({ length: CONTROL_API_LIMITS.maxConnections }, () => rawConnection(port)));
    const over = await rawConnection(port);
    await over.closed;
    expect(refused(parseAnswer(over.received()))).toEqual({ status: 503, body: { error: 'too many connections' } });
    held[0]!.socket.destroy();
    await held[0]!.closed;
    expect((await exchange(port, controlHead(server, 'GET', '/ready'))).status).toBe(200);
  });
});

describe('hostile loopback: the token itself', () => {
  it('is never echoed by the bridge, and the control API secret never appears in an answer', async () => {
    const socket = await openSocket(bridge);
    expect(socket.protocol).toBe(BRIDGE_SUBPROTOCOL);
    expect(socket.protocol).not.toContain(TOKEN_SUBPROTOCOL_PREFIX);
    const refusedAnswer = await exchange(controlPort(server), controlHead(server, 'GET', INBOX, { authorization: `Bearer ${SECRET}x` }));
    expect(JSON.stringify(refusedAnswer)).not.toContain(SECRET);
  });
});

