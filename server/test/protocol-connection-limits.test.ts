// A DC closes connections that never prove themselves or fall silent, at the figure it was given
// (neither much earlier nor much later), and refuses connections beyond its cap while serving the
// ones it has.
import { connect, type Socket } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Api } from 'telegram';
import { startLocalServer } from '../local-server';
import type { ConnectionLimits } from '../mtproto/dc-types';
import { RawMtprotoClient } from './raw-mtproto-client';
import { startTestDc, type TestDc } from './test-kit';

const HANDSHAKE_MS = 800;
const IDLE_MS = 1_200;
/** How late a time-out may fire on a loaded two-core runner before it no longer holds to its figure. */
const LATE_MS = 1_500;

let dc: TestDc | null = null;

// The first auth key exchange in a process also checks the DH prime on the client's side (hundreds
// of milliseconds); done once here, so that the figures below measure the server's time-outs.
beforeAll(async () => {
  const warm = await startTestDc(1);
  const client = await RawMtprotoClient.connect({ host: '127.0.0.1', port: warm.server.port, kind: 'intermediate', dcId: 1 });
  await client.handshake(warm.rsaPublicKey, warm.fingerprint);
  client.close();
  await warm.server.close();
});

afterEach(async () => {
  await dc?.server.close();
  dc = null;
});

async function startDc(limits: Partial<ConnectionLimits>): Promise<TestDc> {
  dc = await startTestDc(1, limits);
  return dc;
}

function openSocket(port: number): Promise<{ socket: Socket; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    // Timed from before the connection exists: the server can't have started its clock earlier.
    const at = performance.now();
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.on('error', () => undefined);
      resolve({ socket, closed: new Promise((done) => socket.once('close', () => done(performance.now() - at))) });
    });
  });
}

function rawClient(port: number): Promise<RawMtprotoClient> {
  return RawMtprotoClient.connect({ host: '127.0.0.1', port, kind: 'intermediate', dcId: 1 });
}

/** Resolves with the ms from now until the client's connection closes. */
async function msUntilClosed(client: RawMtprotoClient): Promise<number> {
  const at = performance.now();
  for (;;) if ((await client.receive()).type === 'closed') return performance.now() - at;
}

describe('handshake time-out', () => {
  it('closes a connection that sends nothing at the handshake figure', async () => {
    const { server } = await startDc({ handshakeTimeoutMs: HANDSHAKE_MS, idleTimeoutMs: IDLE_MS });
    const { closed } = await openSocket(server.port);
    const lived = await closed;
    expect(lived).toBeGreaterThanOrEqual(HANDSHAKE_MS - 20);
    expect(lived).toBeLessThan(HANDSHAKE_MS + LATE_MS);
    expect(server.stats().handshakeTimeouts).toBe(1);
    expect(server.connectionCount()).toBe(0);
  });

  it('closes a connection that started the auth key exchange and stalled, at the same figure from its start', async () => {
    const { server } = await startDc({ handshakeTimeoutMs: HANDSHAKE_MS, idleTimeoutMs: IDLE_MS });
    const at = performance.now();
    const client = await rawClient(server.port);
    const { resPq } = await client.reqPq();
    expect(resPq).toBeInstanceOf(Api.ResPQ);
    await msUntilClosed(client);
    const lived = performance.now() - at;
    expect(lived).toBeGreaterThanOrEqual(HANDSHAKE_MS - 20);
    expect(lived).toBeLessThan(HANDSHAKE_MS + LATE_MS);
    expect(server.stats().handshakeTimeouts).toBe(1);
  });

  it('closes a connection that drips a frame byte by byte and never completes it', async () => {
    const { server } = await startDc({ handshakeTimeoutMs: HANDSHAKE_MS, idleTimeoutMs: IDLE_MS });
    const { socket, closed } = await openSocket(server.port);
    socket.write(Buffer.from([0xee, 0xee, 0xee, 0xee, 0x00, 0x01]));
    const drip = setInterval(() => socket.write(Buffer.from([0])), 50);
    const lived = await closed;
    clearInterval(drip);
    expect(lived).toBeGreaterThanOrEqual(HANDSHAKE_MS - 20);
    expect(lived).toBeLessThan(HANDSHAKE_MS + LATE_MS);
  });
});

describe('idle time-out', () => {
  it('keeps a connection that finished the exchange past the handshake figure, and closes it after the idle figure of silence', async () => {
    const { server, rsaPublicKey, fingerprint } = await startDc({ handshakeTimeoutMs: HANDSHAKE_MS, idleTimeoutMs: IDLE_MS });
    const client = await rawClient(server.port);
    await client.handshake(rsaPublicKey, fingerprint);
    // From before the last message is sent: the server can't have heard it earlier.
    const lastSent = performance.now();
    await client.invoke(new Api.help.GetNearestDc());
    await msUntilClosed(client);
    const silent = performance.now() - lastSent;
    expect(silent).toBeGreaterThanOrEqual(IDLE_MS - 20);
    expect(silent).toBeLessThan(IDLE_MS + LATE_MS);
    expect(server.stats()).toMatchObject({ idleTimeouts: 1, handshakeTimeouts: 0 });
  });

  it('keeps a connection open as long as whole packets keep arriving within the idle figure', async () => {
    const { server, rsaPublicKey, fingerprint } = await startDc({ handshakeTimeoutMs: HANDSHAKE_MS, idleTimeoutMs: IDLE_MS });
    const client = await rawClient(server.port);
    await client.handshake(rsaPublicKey, fingerprint);
    const started = performance.now();
    // The client's own pace (a third of the idle figure), as a client's ping loop has.
    while (performance.now() - started < IDLE_MS * 2.5) {
      await new Promise((resolve) => setTimeout(resolve, IDLE_MS / 3));
      expect((await client.invoke(new Api.help.GetNearestDc())).thisDc).toBe(1);
    }
    expect(client.closed).toBe(false);
    expect(server.stats().idleTimeouts).toBe(0);
    client.close();
  });
});

describe('connection cap', () => {
  it('closes connections beyond the cap as they arrive, and accepts again once one is gone', async () => {
    const { server, rsaPublicKey, fingerprint } = await startDc({ handshakeTimeoutMs: 5_000, idleTimeoutMs: 5_000, maxConnections: 3 });
    const held = await Promise.all([0, 1, 2].map(() => rawClient(server.port)));
    // Each held connection has been accepted once it answers.
    for (const c of held) expect((await c.reqPq()).resPq).toBeInstanceOf(Api.ResPQ);
    const extra = await openSocket(server.port);
    expect(await extra.closed).toBeLessThan(5_000);
    expect(server.stats().connectionsRefused).toBe(1);
    expect(server.connectionCount()).toBe(3);
    // The held ones go on being served.
    await held[0]!.handshake(rsaPublicKey, fingerprint);
    expect((await held[0]!.invoke(new Api.help.GetNearestDc())).thisDc).toBe(1);
    held[1]!.close();
    await new Promise<void>((resolve) => {
      const check = () => (server.connectionCount() < 3 ? resolve() : setImmediate(check));
      check();
    });
    const next = await rawClient(server.port);
    expect((await next.reqPq()).resPq).toBeInstanceOf(Api.ResPQ);
    for (const c of [held[0]!, held[2]!, next]) c.close();
  });
});

describe('the limits themselves', () => {
  it('are refused when not positive whole numbers, with what is wrong', async () => {
    await expect(startLocalServer({ port: 'auto', connectionLimits: { idleTimeoutMs: 0 } })).rejects.toThrow('idleTimeoutMs must be an integer from 1 to 86400000');
    await expect(startLocalServer({ port: 'auto', connectionLimits: { handshakeTimeoutMs: 1.5 } })).rejects.toThrow('handshakeTimeoutMs must be an integer');
    await expect(startLocalServer({ port: 'auto', connectionLimits: { maxSockets: 3 } as Partial<ConnectionLimits> })).rejects.toThrow('unknown connection limit "maxSockets"');
  });
});
