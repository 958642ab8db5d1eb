// The renderer's socket bridge client against main's real bridge server (browser mode's), and its
// reconnection against a server that drops the socket. No browser needed: the `ws` package's
// WebSocket has the browser's surface.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';
import type { ServerFrame } from '../../common/bridge-protocol';
import type { PushMessage } from '../../common/contract';
import type { LoginState } from '../../common/login-state';
import { startBridgeServer, type BridgeCore, type BridgeServer } from '../../main/browser-mode/bridge-server';
import type { RouteResult } from '../../main/ipc/intent-router';
import {
  createSocketBridge,
  type BridgeStatus,
  type SocketBridge,
  type WebSocketConstructor,
} from '../../renderer/src/bridge/socket-bridge';

const WebSocket = NodeWebSocket as unknown as WebSocketConstructor;
const phoneStep: LoginState = { step: 'phone', phone: '', busy: null, error: null };

/** A core that records intents and lets the test push states. */
function recordingCore() {
  let state: LoginState = { step: 'starting' };
  const listeners = new Set<(m: PushMessage) => void>();
  const routed: Array<{ name: unknown; args: unknown }> = [];
  const core: BridgeCore = {
    async route(name, args): Promise<RouteResult> {
      routed.push({ name, args });
      return name === 'submitPhone' ? { ok: true, value: null } : { ok: false, error: 'NOT_NOW' };
    },
    getState: () => state,
    onPush(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
  const push = (next: LoginState) => {
    state = next;
    for (const l of listeners) l({ channel: 'state', payload: next });
  };
  return { core, routed, push };
}

/** Resolves with the next value `subscribe` delivers that passes `accept`. */
function next<T>(subscribe: (listener: (value: T) => void) => () => void, accept: (value: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const stop = subscribe((value) => {
      if (!accept(value)) return;
      stop();
      resolve(value);
    });
  });
}

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

async function bridgeServer(core: BridgeCore): Promise<BridgeServer> {
  const server = await startBridgeServer({ core, staticDir: '/nonexistent', port: 0 });
  stops.push(() => server.close());
  return server;
}

function bridgeTo(origin: string, token: string): SocketBridge {
  const bridge = createSocketBridge(token, { origin, WebSocket });
  stops.push(() => bridge.close());
  return bridge;
}

describe('createSocketBridge against the browser-mode bridge server', () => {
  it('sends intents with their arguments and returns the CallResult, before the socket is open too', async () => {
    const { core, routed } = recordingCore();
    const server = await bridgeServer(core);
    const { api } = bridgeTo(server.origin, server.token);

    const [phone, logOut] = await Promise.all([api.submitPhone({ phone: '+15550100' }), api.logOut({})]);
    expect(phone).toEqual({ ok: true, value: null });
    expect(logOut).toEqual({ ok: false, error: 'NOT_NOW' });
    expect(routed).toEqual([
      { name: 'submitPhone', args: { phone: '+15550100' } },
      { name: 'logOut', args: {} },
    ]);
  });

  it('is not taken for a promise: awaiting the api gives the api, whose calls still go out', async () => {
    const { core, routed } = recordingCore();
    const server = await bridgeServer(core);
    const { api } = bridgeTo(server.origin, server.token);

    const awaited = await Promise.resolve(api);
    expect(awaited).toBe(api);
    expect(await awaited.submitPhone({ phone: '+15550100' })).toEqual({ ok: true, value: null });
    expect(routed.map((call) => call.name)).toEqual(['submitPhone']);
  });

  it('receives the current state first, then every pushed state, and reports itself online', async () => {
    const { core, push } = recordingCore();
    const server = await bridgeServer(core);
    const bridge = bridgeTo(server.origin, server.token);

    const first = next<LoginState>((l) => bridge.api.on('state', l), () => true);
    expect(await first).toEqual({ step: 'starting' });
    expect(bridge.status()).toBe('online');

    const second = next<LoginState>((l) => bridge.api.on('state', l), (s) => s.step === 'phone');
    push(phoneStep);
    expect(await second).toEqual(phoneStep);
  });

  it('with a wrong token: nothing is routed, calls fail as BAD_SENDER and the status says unauthorized', async () => {
    const { core, routed } = recordingCore();
    const server = await bridgeServer(core);
    const bridge = bridgeTo(server.origin, 'not-the-token');
    const unauthorized = next<BridgeStatus>(bridge.onStatus, (s) => s === 'unauthorized');

    expect(await bridge.api.submitPhone({ phone: '+15550100' })).toEqual({ ok: false, error: 'BAD_SENDER' });
    await unauthorized;
    expect(await bridge.api.logOut({})).toEqual({ ok: false, error: 'BAD_SENDER' });
    expect(routed).toEqual([]);
  });

  it('without a token: unauthorized at once, and nothing is opened', async () => {
    const bridge = createSocketBridge(null, { origin: 'http://127.0.0.1:9', WebSocket });
    expect(bridge.status()).toBe('unauthorized');
    expect(await bridge.api.getState({})).toEqual({ ok: false, error: 'BAD_SENDER' });
  });
});

describe('createSocketBridge reconnecting', () => {
  it('goes offline when the socket drops, fails the call it was waiting for, and comes back online by itself', async () => {
    // A stand-in for the bridge whose first socket closes on the first call (a restart of the core).
    let sockets = 0;
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'gramdesk' });
    await new Promise<void>((resolve) => wss.once('listening', resolve));
    stops.push(() => new Promise<void>((resolve) => {
      for (const client of wss.clients) client.terminate();
      wss.close(() => resolve());
    }));
    wss.on('connection', (ws) => {
      sockets += 1;
      const frame: ServerFrame = { kind: 'push', channel: 'state', payload: sockets === 1 ? { step: 'starting' } : phoneStep };
      ws.send(JSON.stringify(frame));
      if (sockets === 1) ws.on('message', () => ws.close(1012, 'restarting'));
    });
    const { port } = wss.address() as AddressInfo;
    const bridge = bridgeTo(`http://127.0.0.1:${port}`, 'token');

    const statuses: BridgeStatus[] = [];
    bridge.onStatus((s) => statuses.push(s));
    const started = next<LoginState>((l) => bridge.api.on('state', l), (s) => s.step === 'starting');
    const recovered = next<LoginState>((l) => bridge.api.on('state', l), (s) => s.step === 'phone');
    await started;
    expect(await bridge.api.submitPhone({ phone: '+15550100' })).toEqual({ ok: false, error: 'INTERNAL' });

    expect(await recovered).toEqual(phoneStep);
    expect(statuses).toEqual(['online', 'offline', 'online']);
    expect(sockets).toBe(2);
  });
});
