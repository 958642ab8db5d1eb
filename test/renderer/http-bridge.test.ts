// The renderer's HTTP bridge client against main's real bridge server (browser mode's), and its
// reconnection against a server that drops the state stream. No browser needed: Node has fetch
// and web streams.
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PushMessage } from '../../common/contract';
import type { LoginState } from '../../common/login-state';
import { startBridgeServer, type BridgeCore, type BridgeServer } from '../../main/browser-mode/bridge-server';
import type { RouteResult } from '../../main/ipc/intent-router';
import { createHttpBridge, type BridgeStatus } from '../../renderer/src/bridge/http-bridge';

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
    let done = false;
    let stop: (() => void) | null = null;
    stop = subscribe((value) => {
      if (done || !accept(value)) return;
      done = true;
      stop?.();
      resolve(value);
    });
    // The listener may have run during subscribe (the last state is replayed at once).
    if (done) stop();
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

describe('createHttpBridge against the browser-mode bridge server', () => {
  it('sends intents with their arguments and returns the CallResult', async () => {
    const { core, routed } = recordingCore();
    const server = await bridgeServer(core);
    const { api } = createHttpBridge(server.token, server.origin);

    expect(await api.submitPhone({ phone: '+15550100' })).toEqual({ ok: true, value: null });
    expect(await api.logOut({})).toEqual({ ok: false, error: 'NOT_NOW' });
    expect(routed).toEqual([
      { name: 'submitPhone', args: { phone: '+15550100' } },
      { name: 'logOut', args: {} },
    ]);
  });

  it('receives the current state first, then every pushed state, and reports itself online', async () => {
    const { core, push } = recordingCore();
    const server = await bridgeServer(core);
    const bridge = createHttpBridge(server.token, server.origin);

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
    const bridge = createHttpBridge('not-the-token', server.origin);

    expect(await bridge.api.submitPhone({ phone: '+15550100' })).toEqual({ ok: false, error: 'BAD_SENDER' });
    expect(routed).toEqual([]);
    expect(bridge.status()).toBe('unauthorized');
  });
});

describe('createHttpBridge reconnecting', () => {
  it('goes offline when the state stream drops and comes back online by itself', async () => {
    // A stand-in for the bridge whose first stream ends at once (a restart of the core).
    let streams = 0;
    const open = new Set<ServerResponse>();
    const server: Server = createServer((req, res) => {
      if (req.url !== '/api/pushes') {
        res.writeHead(404).end();
        return;
      }
      streams += 1;
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      const message: PushMessage = { channel: 'state', payload: streams === 1 ? { step: 'starting' } : phoneStep };
      res.write(`data: ${JSON.stringify(message)}\n\n`);
      if (streams === 1) res.end();
      else open.add(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          for (const res of open) res.end();
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const { port } = server.address() as AddressInfo;
    const bridge = createHttpBridge('token', `http://127.0.0.1:${port}`);

    const statuses: BridgeStatus[] = [];
    bridge.onStatus((s) => statuses.push(s));
    const recovered = next<LoginState>((l) => bridge.api.on('state', l), (s) => s.step === 'phone');
    stops.push(bridge.api.on('state', () => undefined));

    expect(await recovered).toEqual(phoneStep);
    expect(statuses).toEqual(['online', 'offline', 'online']);
    expect(streams).toBe(2);
  });
});
