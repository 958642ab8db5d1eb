// Where the app core meets the proxies: the gramjs target with the proxied connection class
// under it, the proxy intents, and the pushed login state with the proxy's network view added.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CallResult, ProxyIntentName } from '../../common/contract';
import type { LoginState } from '../../common/login-state';
import type { GramjsTarget } from '../telegram/gramjs-gateway';
import { checkProxy } from '../telegram/proxy/proxy-check';
import { defaultConnectionClass, proxiedConnectionClass } from '../telegram/proxy/proxied-connection';
import { createProxyRuntime } from '../telegram/proxy/proxy-runtime';
import type { IntentHandlers } from '../ipc/intent-router';
import type { SessionVault } from '../vault/session-vault';
import { createProxyManager, type ProxyManager } from './proxy-manager';
import { fromEnvironment, fromPacAnswer } from './system-proxy';

export interface ProxyHooksOptions {
  target: GramjsTarget;
  mode: 'demo' | 'production';
  env: Record<string, string | undefined>;
  vault: SessionVault;
  settingsDir?: string;
  resolveSystemProxy?: (url: string) => Promise<string>;
  reconnect(): void;
}

export interface ProxyHooks {
  target: GramjsTarget;
  manager: ProxyManager;
  project(state: LoginState): LoginState;
  onState(source: { getState(): LoginState; onState(l: (s: LoginState) => void): () => void }, listener: (s: LoginState) => void): () => void;
}

/** Telegram's DC 2 (where a fresh sign-in starts), for checks and the system proxy lookup in production. */
const PRODUCTION_CHECK_DC = { id: 2, ip: '149.154.167.51', port: 443 };

function settingsDirOf(env: Record<string, string | undefined>): string {
  if (env.GRAMDESK_SETTINGS_DIR?.trim()) return env.GRAMDESK_SETTINGS_DIR.trim();
  const config = env.XDG_CONFIG_HOME?.trim() || join(homedir(), '.config');
  return join(config, 'Gramdesk');
}

export function withProxies(options: ProxyHooksOptions): ProxyHooks {
  const runtime = createProxyRuntime();
  const base = options.target.connection ?? defaultConnectionClass();
  const target: GramjsTarget = { ...options.target, connection: proxiedConnectionClass(base, runtime) };
  const checkDc = options.target.initialDc
    ? { id: options.target.initialDc.id, ip: options.target.initialDc.host, port: 443 }
    : PRODUCTION_CHECK_DC;
  // Demo proxies lead to the local server's DCs, production ones to Telegram's: never mixed.
  const file = join(options.settingsDir ?? settingsDirOf(options.env), options.mode === 'demo' ? 'proxies-demo.json' : 'proxies.json');
  const manager = createProxyManager({
    runtime,
    vault: options.vault,
    file,
    async systemProxy() {
      if (options.resolveSystemProxy) return fromPacAnswer(await options.resolveSystemProxy(`https://${PRODUCTION_CHECK_DC.ip}`));
      return fromEnvironment(options.env);
    },
    check: (proxy) => checkProxy(proxy, base, checkDc),
    reconnect: options.reconnect,
  });

  // Without a proxy or an offer the state passes through as it is (the same object, so "nothing
  // changed" stays visible as identity).
  const project = (state: LoginState): LoginState => {
    const network = manager.networkView();
    const proxyOffer = manager.offer();
    if (!network && !proxyOffer) return state;
    return { ...state, ...(network ? { network } : {}), ...(proxyOffer ? { proxyOffer } : {}) };
  };
  const proxyPart = () => JSON.stringify([manager.networkView() ?? null, manager.offer() ?? null]);

  return {
    target,
    manager,
    project,
    onState(source, listener) {
      // A proxy event pushes the state again only when what it adds to the state changed.
      let last = proxyPart();
      const offState = source.onState((state) => {
        last = proxyPart();
        listener(project(state));
      });
      const offProxy = manager.onChange(() => {
        const now = proxyPart();
        if (now === last) return;
        last = now;
        listener(project(source.getState()));
      });
      return () => {
        offState();
        offProxy();
      };
    },
  };
}

type ProxyIntentHandlers = Pick<IntentHandlers, ProxyIntentName>;

export function proxyHandlers(manager: ProxyManager): ProxyIntentHandlers {
  const ok = <T>(value: T): CallResult<T> => ({ ok: true, value });
  return {
    getProxySettings: async () => ok(await manager.settings()),
    saveProxy: (args) => manager.saveProxy(args),
    removeProxy: (args) => manager.removeProxy(args),
    setProxyMode: (args) => manager.setProxyMode(args),
    checkProxies: () => manager.checkProxies(),
    openProxyLink: async ({ link }) => (manager.openLink(link), ok(null)),
    dismissProxyOffer: async () => (manager.dismissOffer(), ok(null)),
  };
}
