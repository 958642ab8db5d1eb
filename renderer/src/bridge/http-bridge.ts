// The contract over HTTP, for browser mode: the same GramdeskApi the preload gives Electron's
// window, backed by the local bridge that main's browser mode serves on 127.0.0.1.
//
// The per-launch token arrives once in the URL fragment (fragments never reach a server or a
// Referer); it is moved to sessionStorage and wiped from the address bar so it doesn't end up
// in history, screenshots or a shared link.
import type {
  CallErrorCode,
  CallResult,
  GramdeskApi,
  IntentArgs,
  IntentName,
  IntentResults,
  PushListener,
  PushMessage,
  PushName,
} from '../../../common/contract';
import { intentNames } from '../../../common/contract';
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
  const pushListeners = new Set<(message: PushMessage) => void>();
  const statusListeners = new Set<(status: BridgeStatus) => void>();
  let status: BridgeStatus = token === null ? 'unauthorized' : 'connecting';
  /** The running push stream's controller; null while nobody listens. */
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

  async function call<N extends IntentName>(
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

  async function streamPushes(signal: AbortSignal): Promise<void> {
    let attempt = 0;
    while (!signal.aborted) {
      try {
        const response = await fetch(`${base}/api/pushes`, {
          headers: headers({ Accept: 'text/event-stream' }),
          cache: 'no-store',
          signal,
        });
        if (response.status === 401 || response.status === 403) {
          setStatus('unauthorized');
          return;
        }
        if (!response.ok || response.body === null) throw new Error(`push stream: ${response.status}`);
        const parser = new SseParser((data) => {
          let message: PushMessage;
          try {
            message = JSON.parse(data) as PushMessage;
          } catch {
            return;
          }
          setStatus('online');
          attempt = 0;
          for (const listener of [...pushListeners]) listener(message);
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
      setStatus('offline');
      await sleep(backoffMs(attempt), signal);
      attempt += 1;
    }
  }

  function on<C extends PushName>(channel: C, listener: PushListener<C>): () => void {
    const forChannel = (message: PushMessage): void => {
      if (message.channel === channel) listener(message.payload as Parameters<PushListener<C>>[0]);
    };
    pushListeners.add(forChannel);
    if (abort === null && token !== null) {
      // Each stream has its own controller, so a stream being wound down never blocks a new one.
      abort = new AbortController();
      void streamPushes(abort.signal);
    }
    return () => {
      pushListeners.delete(forChannel);
      if (pushListeners.size === 0 && abort !== null) {
        abort.abort();
        abort = null;
      }
    };
  }

  const intentCalls = Object.fromEntries(
    intentNames.map((name) => [name, (args: IntentArgs<typeof name>) => call(name, args)]),
  ) as { [N in IntentName]: (args: IntentArgs<N>) => Promise<CallResult<IntentResults[N]>> };

  return {
    api: { ...intentCalls, on },
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
  };
}
