// The contract over one WebSocket, for browser mode: the same GramdeskApi the preload gives
// Electron's window, backed by the bridge that main's browser mode serves on 127.0.0.1
// (common/bridge-protocol.ts). Calls are numbered frames answered on the same socket; pushes
// arrive on it in the order main sent them, before the answer to the call that caused them.
//
// The per-launch token arrives once in the URL fragment (fragments never reach a server or a
// Referer); it is moved to sessionStorage and wiped from the address bar so it doesn't end up
// in history, screenshots or a shared link.
import {
  BRIDGE_SUBPROTOCOL,
  CLOSE_UNAUTHORIZED,
  SOCKET_PATH,
  TOKEN_SUBPROTOCOL_PREFIX,
  type CallFrame,
  type ServerFrame,
} from '../../../common/bridge-protocol';
import type {
  AnyIntentName,
  CallErrorCode,
  CallResult,
  GramdeskApi,
  IntentArgs,
  IntentResults,
  PushListener,
  PushMessage,
  PushName,
} from '../../../common/contract';

const TOKEN_KEY = 'gramdesk.bridge-token';

/** 'unauthorized': the token is missing or no longer accepted (the app was restarted). */
export type BridgeStatus = 'connecting' | 'online' | 'offline' | 'unauthorized';

export interface SocketBridge {
  api: GramdeskApi;
  status(): BridgeStatus;
  onStatus(listener: (status: BridgeStatus) => void): () => void;
  /** Closes the socket for good (a page never needs to; tests do). */
  close(): void;
}

/** The browser's WebSocket, or one with the same surface (tests in Node pass the `ws` package's). */
export type WebSocketConstructor = new (url: string, protocols: string[]) => WebSocket;

export interface SocketBridgeOptions {
  /** The bridge's http origin; the page's own by default. */
  origin?: string;
  WebSocket?: WebSocketConstructor;
}

/** Takes the token out of the fragment (once) or from the tab's session storage. */
export function takeToken(): string | null {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const fromHash = params.get('token');
  if (fromHash !== null && fromHash !== '') {
    try {
      window.sessionStorage.setItem(TOKEN_KEY, fromHash);
    } catch {
      // Storage may be disabled; the token still works for this page's life.
    }
    params.delete('token');
    const rest = params.toString();
    const url = `${window.location.pathname}${window.location.search}${rest === '' ? '' : `#${rest}`}`;
    window.history.replaceState(window.history.state, '', url);
    return fromHash;
  }
  try {
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** Reconnect delays: quick at first (a restart of the core), then no more than every 5 s. */
function backoffMs(attempt: number): number {
  const base = Math.min(5000, 250 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2);
}

function isServerFrame(value: unknown): value is ServerFrame {
  if (typeof value !== 'object' || value === null) return false;
  const frame = value as { kind?: unknown; id?: unknown; result?: unknown; channel?: unknown };
  if (frame.kind === 'push') return typeof frame.channel === 'string';
  if (frame.kind !== 'result' || typeof frame.result !== 'object' || frame.result === null) return false;
  const result = frame.result as { ok?: unknown; error?: unknown };
  return (typeof frame.id === 'number' || frame.id === null) && (result.ok === true || typeof result.error === 'string');
}

type Answer = (result: CallResult<unknown>) => void;

export function createSocketBridge(token: string | null, options: SocketBridgeOptions = {}): SocketBridge {
  const Socket = options.WebSocket ?? WebSocket;
  const origin = options.origin ?? window.location.origin;
  const socketUrl = `${origin.replace(/^http/, 'ws')}${SOCKET_PATH}`;
  const pushListeners = new Set<(message: PushMessage) => void>();
  const statusListeners = new Set<(status: BridgeStatus) => void>();
  let status: BridgeStatus = token === null ? 'unauthorized' : 'connecting';
  let socket: WebSocket | null = null;
  /** True once this socket's first frame (the state) arrived: the bridge accepted the token. */
  let ready = false;
  let closed = false;
  let attempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let nextId = 0;
  /** Calls sent on the current socket, waiting for their answer. */
  const inFlight = new Map<number, Answer>();
  /** Calls made before the first connection was ready. */
  const queued: Array<{ frame: CallFrame; answer: Answer }> = [];

  const setStatus = (next: BridgeStatus): void => {
    if (next === status) return;
    status = next;
    for (const listener of [...statusListeners]) listener(next);
  };

  function connect(): void {
    reconnectTimer = null;
    if (closed || token === null) return;
    ready = false;
    const ws = new Socket(socketUrl, [BRIDGE_SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`]);
    socket = ws;
    ws.onmessage = (event: MessageEvent) => {
      let frame: unknown;
      try {
        frame = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (!isServerFrame(frame)) return;
      if (!ready) {
        ready = true;
        attempt = 0;
        setStatus('online');
        for (const { frame: call, answer } of queued.splice(0)) send(ws, call, answer);
      }
      if (frame.kind === 'push') {
        const { channel, payload } = frame;
        const message = { channel, payload } as PushMessage;
        for (const listener of [...pushListeners]) listener(message);
        return;
      }
      if (frame.id === null) return;
      const answer = inFlight.get(frame.id);
      inFlight.delete(frame.id);
      answer?.(frame.result);
    };
    ws.onclose = (event: CloseEvent) => {
      if (socket !== ws) return;
      socket = null;
      const unauthorized = event.code === CLOSE_UNAUTHORIZED;
      // A call whose answer never came may or may not have run; the pushed state says which.
      const error: CallErrorCode = unauthorized ? 'BAD_SENDER' : 'INTERNAL';
      const lost = [...inFlight.values(), ...(ready ? [] : queued.splice(0).map((q) => q.answer))];
      inFlight.clear();
      for (const answer of lost) answer({ ok: false, error });
      if (unauthorized) {
        setStatus('unauthorized');
        return;
      }
      if (closed) return;
      setStatus('offline');
      reconnectTimer = setTimeout(connect, backoffMs(attempt));
      attempt += 1;
    };
  }

  function send(ws: WebSocket, frame: CallFrame, answer: Answer): void {
    inFlight.set(frame.id, answer);
    ws.send(JSON.stringify(frame));
  }

  function call<N extends AnyIntentName>(name: N, args: IntentArgs<N>): Promise<CallResult<IntentResults[N]>> {
    return new Promise((resolve) => {
      const answer = resolve as Answer;
      if (token === null || status === 'unauthorized') return answer({ ok: false, error: 'BAD_SENDER' });
      const frame: CallFrame = { id: nextId++, intent: name, args };
      if (socket !== null && ready) return send(socket, frame, answer);
      // Before the first connection the page waits for it; once it was lost, a call fails at
      // once (the core is restarting or stopped) and the banner says so.
      if (status === 'connecting' && !closed) {
        queued.push({ frame, answer });
        if (socket === null) connect();
        return;
      }
      answer({ ok: false, error: 'INTERNAL' });
    });
  }

  function on<C extends PushName>(channel: C, listener: PushListener<C>): () => void {
    const forChannel = (message: PushMessage): void => {
      if (message.channel === channel) listener(message.payload as Parameters<PushListener<C>>[0]);
    };
    pushListeners.add(forChannel);
    if (socket === null && reconnectTimer === null && status === 'connecting') connect();
    return () => {
      pushListeners.delete(forChannel);
    };
  }

  // Every intent is a call by its name. The names are not listed here: the list lives beside the
  // contract's valibot schemas, which the page has no use for (main checks every call), and an
  // unknown name is answered UNKNOWN_INTENT by main like any other bad call. `then` stays
  // undefined so the api is never taken for a promise.
  const api = new Proxy({} as GramdeskApi, {
    get(_target, name) {
      if (name === 'on') return on;
      if (typeof name !== 'string' || name === 'then') return undefined;
      return (args: IntentArgs<AnyIntentName>) => call(name as AnyIntentName, args);
    },
  });

  return {
    api,
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    close() {
      closed = true;
      if (reconnectTimer !== null) clearTimeout(reconnectTimer);
      socket?.close();
    },
  };
}
