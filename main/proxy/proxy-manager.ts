// Proxy settings and state in one place: the saved list (settings file) and its secrets
// (keychain), which proxy is in use (none, the system's, or a saved one), the "Check" results,
// and what the connection indicator shows. Changing the proxy hands it to the runtime, which
// reopens every connection through it; the login flow carries on over the new connection.
import { randomUUID } from 'node:crypto';
import type { CallResult, IntentArgs } from '../../common/contract';
import { parseProxyLink, proxyKey, validateProxy, type ProxyConfig } from '../../common/proxy-link';
import type { ProxyNetworkView, ProxyOffer, ProxySettingsView, SavedProxyView } from '../../common/proxy-settings';
import type { ProxyRuntime } from '../telegram/proxy/proxy-runtime';
import type { CheckResult } from '../telegram/proxy/proxy-check';
import type { SessionVault } from '../vault/session-vault';
import { EMPTY_SETTINGS, readSettings, writeSettings, type StoredProxy, type StoredSettings } from './proxy-settings-file';
import type { SystemProxy } from './system-proxy';

export interface ProxyManagerOptions {
  runtime: ProxyRuntime;
  vault: SessionVault;
  /** The settings file (no secrets in it). */
  file: string;
  /** What the OS names as proxy right now (null: none). */
  systemProxy(): Promise<SystemProxy | null>;
  /** Times one round trip through a proxy. */
  check(proxy: ProxyConfig): Promise<CheckResult>;
  /** Called after the proxy changed, so the app can reconnect at once rather than on the next call. */
  reconnect(): void;
}

export interface ProxyManager {
  /** Reads the settings and secrets and puts the active proxy in use. Call before the first connection. */
  start(): Promise<void>;
  settings(): Promise<ProxySettingsView>;
  /** For the pushed state: present only while a proxy is in use. */
  networkView(): ProxyNetworkView | undefined;
  /** For the pushed state: the link waiting for the person's answer, if any. */
  offer(): ProxyOffer | undefined;
  /** A link pasted or opened by the OS: read it and offer it (a new link replaces an open offer). */
  openLink(link: string): void;
  dismissOffer(): void;
  onChange(listener: () => void): () => void;
  saveProxy(args: IntentArgs<'saveProxy'>): Promise<CallResult<{ id: string }>>;
  removeProxy(args: IntentArgs<'removeProxy'>): Promise<CallResult<ProxySettingsView>>;
  setProxyMode(args: IntentArgs<'setProxyMode'>): Promise<CallResult<ProxySettingsView>>;
  checkProxies(): Promise<CallResult<ProxySettingsView>>;
  dispose(): void;
}

type Secrets = Record<string, string>;

function toStored(id: string, proxy: ProxyConfig): StoredProxy {
  return proxy.type === 'mtproto'
    ? { id, type: 'mtproto', server: proxy.server, port: proxy.port, secretKind: proxy.secret.kind, domain: proxy.secret.kind === 'ee' ? proxy.secret.domain : null }
    : { id, type: proxy.type, server: proxy.server, port: proxy.port, user: proxy.user };
}

function fromStored(stored: StoredProxy, secret: string | undefined): ProxyConfig | null {
  if (stored.type !== 'mtproto') {
    return { type: stored.type, server: stored.server, port: stored.port, user: stored.user, password: secret ?? '' };
  }
  if (!secret) return null; // an MTProxy is useless without its key
  if (stored.secretKind === 'ee') {
    return stored.domain ? { type: 'mtproto', server: stored.server, port: stored.port, secret: { kind: 'ee', key: secret, domain: stored.domain } } : null;
  }
  return { type: 'mtproto', server: stored.server, port: stored.port, secret: { kind: stored.secretKind, key: secret } };
}

function secretOf(proxy: ProxyConfig): string {
  return proxy.type === 'mtproto' ? proxy.secret.key : proxy.password;
}

export function createProxyManager(options: ProxyManagerOptions): ProxyManager {
  const { runtime, vault } = options;
  let stored: StoredSettings = EMPTY_SETTINGS;
  let secrets: Secrets = {};
  let secretsPersist = true;
  let system: SystemProxy | null = null;
  let offer: ProxyOffer | undefined;
  const checks = new Map<string, CheckResult>();
  const listeners = new Set<() => void>();
  // Settings changes run one at a time, so two quick clicks never interleave file writes.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };

  const notify = () => {
    for (const l of [...listeners]) {
      try {
        l();
      } catch {
        // a listener's failure is its own
      }
    }
  };
  const offOutcome = runtime.onOutcome(notify);

  function activeProxy(): { proxy: ProxyConfig; system: boolean } | null {
    if (stored.mode === 'system') return system ? { proxy: system, system: true } : null;
    if (stored.mode !== 'custom') return null;
    const entry = stored.proxies.find((p) => p.id === stored.activeId);
    const proxy = entry ? fromStored(entry, secrets[entry.id]) : null;
    return proxy ? { proxy, system: false } : null;
  }

  function apply(): void {
    runtime.use(activeProxy()?.proxy ?? null);
    notify();
    options.reconnect();
  }

  async function loadSecrets(): Promise<void> {
    const status = await vault.status();
    secretsPersist = status.available;
    if (!status.available) return;
    const raw = await vault.getItem('proxy-secrets');
    try {
      const parsed: unknown = raw ? JSON.parse(raw) : {};
      secrets = parsed && typeof parsed === 'object' ? Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
    } catch {
      secrets = {};
    }
  }

  async function persist(next: StoredSettings, nextSecrets: Secrets): Promise<void> {
    if (secretsPersist) {
      const ok = await vault.setItem('proxy-secrets', Object.keys(nextSecrets).length ? JSON.stringify(nextSecrets) : null);
      if (!ok) secretsPersist = false;
    }
    await writeSettings(options.file, next);
    stored = next;
    secrets = nextSecrets;
  }

  async function settings(): Promise<ProxySettingsView> {
    system = await options.systemProxy().catch(() => null);
    const saved: SavedProxyView[] = stored.proxies.map((p) => ({
      id: p.id,
      type: p.type,
      server: p.server,
      port: p.port,
      user: p.type === 'mtproto' ? '' : p.user,
      hasPassword: p.type !== 'mtproto' && Boolean(secrets[p.id]),
      secretKind: p.type === 'mtproto' ? p.secretKind : null,
      domain: p.type === 'mtproto' ? p.domain : null,
      check: checks.get(p.id) ?? null,
    }));
    return {
      mode: stored.mode,
      activeId: stored.mode === 'custom' ? stored.activeId : null,
      saved,
      system: system ? { type: system.type, server: system.server, port: system.port } : null,
      secretsPersist,
    };
  }

  const ok = <T>(value: T): CallResult<T> => ({ ok: true, value });

  return {
    async start() {
      stored = await readSettings(options.file);
      await loadSecrets();
      system = await options.systemProxy().catch(() => null);
      runtime.use(activeProxy()?.proxy ?? null);
    },

    settings,

    networkView() {
      const active = activeProxy();
      if (!active) return undefined;
      const outcome = runtime.lastOutcome();
      return {
        proxy: { type: active.proxy.type, server: active.proxy.server, port: active.proxy.port, system: active.system },
        status: outcome === null ? 'connecting' : outcome.ok ? 'connected' : outcome.failure,
      };
    },

    offer: () => offer,

    openLink(link) {
      const parsed = parseProxyLink(link);
      offer = parsed.ok ? { ok: true, proxy: parsed.value } : { ok: false, error: parsed.error };
      notify();
    },

    dismissOffer() {
      if (offer === undefined) return;
      offer = undefined;
      notify();
    },

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    saveProxy: ({ proxy, activate, id }) =>
      serial(async () => {
        if (validateProxy(proxy) !== null) return { ok: false, error: 'PROXY_INVALID' } as const;
        if (id !== undefined && !stored.proxies.some((p) => p.id === id)) return { ok: false, error: 'PROXY_NOT_FOUND' } as const;
        // The same proxy saved twice (a link opened again) is one entry.
        const same = stored.proxies.find((p) => {
          const known = fromStored(p, secrets[p.id]);
          return known !== null && proxyKey(known) === proxyKey(proxy);
        });
        const useId = id ?? same?.id ?? randomUUID();
        const entry = toStored(useId, proxy);
        const proxies = stored.proxies.some((p) => p.id === useId)
          ? stored.proxies.map((p) => (p.id === useId ? entry : p))
          : [...stored.proxies, entry];
        const nextSecrets = { ...secrets };
        if (secretOf(proxy)) nextSecrets[useId] = secretOf(proxy);
        else delete nextSecrets[useId];
        const wasActive = stored.mode === 'custom' && stored.activeId === useId;
        await persist({ ...stored, proxies, ...(activate ? { mode: 'custom' as const, activeId: useId } : {}) }, nextSecrets);
        checks.delete(useId);
        // Enabling the offered proxy is the answer to the offer.
        if (offer?.ok && proxyKey(offer.proxy) === proxyKey(proxy)) offer = undefined;
        if (activate || wasActive) apply();
        else notify();
        return ok({ id: useId });
      }),

    removeProxy: ({ id }) =>
      serial(async () => {
        if (!stored.proxies.some((p) => p.id === id)) return { ok: false, error: 'PROXY_NOT_FOUND' } as const;
        const wasActive = stored.mode === 'custom' && stored.activeId === id;
        const nextSecrets = { ...secrets };
        delete nextSecrets[id];
        await persist(
          {
            ...stored,
            proxies: stored.proxies.filter((p) => p.id !== id),
            ...(wasActive ? { mode: 'none' as const, activeId: null } : {}),
          },
          nextSecrets,
        );
        checks.delete(id);
        if (wasActive) apply();
        else notify();
        return ok(await settings());
      }),

    setProxyMode: (args) =>
      serial(async () => {
        if (args.mode === 'custom' && !stored.proxies.some((p) => p.id === args.id)) return { ok: false, error: 'PROXY_NOT_FOUND' } as const;
        await persist({ ...stored, mode: args.mode, activeId: args.mode === 'custom' ? args.id : stored.activeId }, secrets);
        system = await options.systemProxy().catch(() => null);
        apply();
        return ok(await settings());
      }),

    async checkProxies() {
      await Promise.all(
        stored.proxies.map(async (p) => {
          const proxy = fromStored(p, secrets[p.id]);
          if (proxy) checks.set(p.id, await options.check(proxy));
        }),
      );
      notify();
      return ok(await settings());
    },

    dispose() {
      offOutcome();
      listeners.clear();
    },
  };
}
