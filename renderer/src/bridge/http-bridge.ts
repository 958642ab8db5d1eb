// The contract over HTTP, for browser mode: the same GramdeskApi the preload gives Electron's
// window, backed by the local bridge that main's browser mode serves on 127.0.0.1.
//
// The per-launch token arrives once in the URL fragment (fragments never reach a server or a
// Referer); it is moved to sessionStorage and wiped from the address bar so it doesn't end up
// in history, screenshots or a shared link.
import type {
  AnyIntentName,
  CallErrorCode,
  CallResult,
  DemoFeed,
  GramdeskApi,
  IntentArgs,
  IntentResults,
} from '../../../common/contract';
import { allIntentNames } from '../../../common/contract';
import type { LoginState } from '../../../common/login-state';
import { SseParser } from './sse-parser';

const TOKEN_KEY = 'gramdesk.bridge-token';

/** 'unauthorized': the token is missing or no longer accepted (the app was restarted). */
export type BridgeStatus = 'connecting' | 'online' | 'offline' | 'unauthorized';

export interface HttpBridge {
  api: GramdeskApi;
  status(): BridgeStatus;
  onStatus(listener: (status: BridgeStatus) => void): () => void;
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

function isCallResult(value: unknown): value is CallResult<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  return (value as { ok: unknown }).ok === true || typeof (value as { error?: unknown }).error === 'string';
}

export function createHttpBridge(token: string | null, base = ''): HttpBridge {
  const stateListeners = new Set<(state: LoginState) => void>();
  const statusListeners = new Set<(status: BridgeStatus) => void>();
  let status: BridgeStatus = token === null ? 'unauthorized' : 'connecting';
  let lastState: LoginState | null = null;
  /** The running state stream's controller; null while nobody listens. */
  let abort: AbortController | null = null;

  const setStatus = (next: BridgeStatus): void => {
    if (next === status) return;
    status = next;
    for (const listener of statusListeners) listener(next);
  };

  const headers = (extra: Record<string, string> = {}): Record<string, string> => ({
    Authorization: `Bearer ${token ?? ''}`,
    ...extra,
  });

  async function call<N extends AnyIntentName>(
    name: N,
    args: IntentArgs<N>,
  ): Promise<CallResult<IntentResults[N]>> {
    const fail = (error: CallErrorCode): CallResult<IntentResults[N]> => ({ ok: false, error });
    if (token === null) return fail('BAD_SENDER');
    let response: Response;
    try {
      response = await fetch(`${base}/api/intent/${name}`, {
        method: 'POST',
        headers: headers({ 'Content-Type': 'application/json' }),
        body: JSON.stringify(args),
        cache: 'no-store',
      });
    } catch {
      // The core is gone (restarting or stopped); the state stream shows the offline banner.
      return fail('INTERNAL');
    }
    if (response.status === 401 || response.status === 403) {
      setStatus('unauthorized');
      return fail('BAD_SENDER');
    }
    try {
      const body: unknown = await response.json();
      return isCallResult(body) ? (body as CallResult<IntentResults[N]>) : fail('INTERNAL');
    } catch {
      return fail('INTERNAL');
    }
  }

  const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });

  /**
   * Follows one of the bridge's event streams, reconnecting with back-off. The state stream is the
   * one that says whether the core can be reached (the page's connection status).
   */
  async function follow(path: '/api/state' | '/api/demo-feed', signal: AbortSignal, onData: (data: string) => void): Promise<void> {
    const tracksStatus = path === '/api/state';
    let attempt = 0;
    while (!signal.aborted) {
      try {
        const response = await fetch(`${base}${path}`, {
          headers: headers({ Accept: 'text/event-stream' }),
          cache: 'no-store',
          signal,
        });
        if (response.status === 401 || response.status === 403) {
          if (tracksStatus) setStatus('unauthorized');
          return;
        }
        if (!response.ok || response.body === null) throw new Error(`${path}: ${response.status}`);
        const parser = new SseParser((data) => {
          attempt = 0;
          onData(data);
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.push(value);
        }
      } catch {
        // Fall through to the reconnect below; an abort ends the loop.
      }
      if (signal.aborted) return;
      if (tracksStatus) setStatus('offline');
      await sleep(backoffMs(attempt), signal);
      attempt += 1;
    }
  }

  const onStateData = (data: string): void => {
    let state: LoginState;
    try {
      state = JSON.parse(data) as LoginState;
    } catch {
      return;
    }
    lastState = state;
    setStatus('online');
    for (const listener of stateListeners) listener(state);
  };

  function onState(listener: (state: LoginState) => void): () => void {
    stateListeners.add(listener);
    if (lastState !== null) listener(lastState);
    if (abort === null && token !== null) {
      // Each stream has its own controller, so a stream being wound down never blocks a new one.
      abort = new AbortController();
      void follow('/api/state', abort.signal, onStateData);
    }
    return () => {
      stateListeners.delete(listener);
      if (stateListeners.size === 0 && abort !== null) {
        abort.abort();
        abort = null;
      }
    };
  }

  const feedListeners = new Set<(feed: DemoFeed) => void>();
  let feedAbort: AbortController | null = null;

  function onDemoFeed(listener: (feed: DemoFeed) => void): () => void {
    feedListeners.add(listener);
    if (feedAbort === null && token !== null) {
      feedAbort = new AbortController();
      void follow('/api/demo-feed', feedAbort.signal, (data) => {
        let feed: DemoFeed;
        try {
          feed = JSON.parse(data) as DemoFeed;
        } catch {
          return;
        }
        for (const l of feedListeners) l(feed);
      });
    }
    return () => {
      feedListeners.delete(listener);
      if (feedListeners.size === 0 && feedAbort !== null) {
        feedAbort.abort();
        feedAbort = null;
      }
    };
  }

  const intentCalls = Object.fromEntries(
    allIntentNames.map((name) => [name, (args: IntentArgs<typeof name>) => call(name, args)]),
  ) as { [N in AnyIntentName]: (args: IntentArgs<N>) => Promise<CallResult<IntentResults[N]>> };

  return {
    api: { ...intentCalls, onState, onDemoFeed },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
  };
}
