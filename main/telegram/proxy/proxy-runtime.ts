// Which proxy new connections use, and how the last attempt through it went. Switching closes
// every open connection, so gramjs reconnects through the new route at once while the login
// flow (its auth key and pending code) carries on over the new connection.
import type { ProxyConfig } from '../../../common/proxy-link';
import type { ProxyError, ProxyFailure } from './proxy-errors';
import type { TunnelSocket } from './tunnel-socket';

export type ProxyOutcome = { ok: true } | { ok: false; failure: ProxyFailure };

export interface ProxyRuntime {
  readonly openTimeoutMs: number;
  current(): ProxyConfig | null;
  /** Use `proxy` (null: connect directly) for every connection from now on. */
  use(proxy: ProxyConfig | null): void;
  /** How the last connection attempt through the current proxy went (null: none yet). */
  lastOutcome(): ProxyOutcome | null;
  onOutcome(listener: (outcome: ProxyOutcome) => void): () => void;
  report(proxy: ProxyConfig | null, outcome: { ok: true } | { ok: false; error: ProxyError }): void;
  track(socket: TunnelSocket): () => void;
}

export function createProxyRuntime(options: { openTimeoutMs?: number } = {}): ProxyRuntime {
  let active: ProxyConfig | null = null;
  let last: ProxyOutcome | null = null;
  const sockets = new Set<TunnelSocket>();
  const listeners = new Set<(outcome: ProxyOutcome) => void>();
  return {
    openTimeoutMs: options.openTimeoutMs ?? 8_000,
    current: () => active,
    use(proxy) {
      active = proxy;
      last = null;
      for (const socket of [...sockets]) void socket.close();
    },
    lastOutcome: () => last,
    onOutcome(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    report(proxy, outcome) {
      // An attempt through a proxy that is no longer active says nothing about the current one.
      if (proxy !== active) return;
      last = outcome.ok ? { ok: true } : { ok: false, failure: outcome.error.failure };
      for (const l of [...listeners]) {
        try {
          l(last);
        } catch {
          // a listener's failure is its own
        }
      }
    },
    track(socket) {
      sockets.add(socket);
      return () => sockets.delete(socket);
    },
  };
}
