// The app without its window: picks where to connect, wires the vault, the gramjs gateway, the
// login service and the intent router, and is what both shells use (Electron's main process
// and browser mode's bridge server).
//
// Where it connects:
//   TELEGRAM_API_ID + TELEGRAM_API_HASH  -> production: Telegram's DCs, keychain service "Gramdesk".
//   GRAMDESK_LOCAL_SERVER=<ready line>   -> demo against a local server someone else started (tests).
//   neither                              -> demo against a local server started here, in-process.
// The local server's RSA key and addresses are used only in demo mode, and demo sessions live
// under their own keychain service ("Gramdesk (demo)"), so demo and production never mix.
import { isAllowedExternalUrl, type AppEnvironment, type CallResult } from '../common/contract';
import type { LoginState } from '../common/login-state';
import { createIntentRouter, type IntentRouter } from './ipc/intent-router';
import { createAccountsService, type AccountsService } from './accounts/accounts-service';
import { createPushHub, type PushSource } from './ipc/push-hub';
import { createGramjsGateway, type GramjsTarget } from './telegram/gramjs-gateway';
import {
  connectLocalTarget,
  fetchDemoUsers,
  parseReadyLine,
  type LocalServerInfo,
} from './telegram/local-target';
import { createSessionVault, DEMO_SERVICE, PRODUCTION_SERVICE, type SessionVault } from './vault/session-vault';
import { proxyHandlers, withProxies, type ProxyHooks } from './proxy/proxy-hooks';

export type AppMode = 'demo' | 'production';

export interface AppCoreOptions {
  /** Defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Keychain service name override (tests use their own so they never touch a person's items). */
  keychainService?: string;
  /** Per-call time-out for the gateway (ms). */
  callTimeoutMs?: number;
  /** How many accounts may be signed in at once (the account list's own cap by default). */
  maxAccounts?: number;
  /**
   * Opens an allow-listed external URL in the system browser (Electron: shell.openExternal).
   * Without it (browser mode), openExternal answers the checked URL for the page to open.
   */
  openExternal?: (url: string) => Promise<void>;
  /**
   * The OS proxy for a URL, in PAC form ("DIRECT", "PROXY h:p", "SOCKS5 h:p"): Electron's
   * session.resolveProxy. Without it (browser mode), HTTPS_PROXY / ALL_PROXY from `env` count.
   */
  resolveSystemProxy?: (url: string) => Promise<string>;
  /** Where the proxy settings file lives (default: GRAMDESK_SETTINGS_DIR, else the user's config folder). */
  settingsDir?: string;
}

export interface AppCore extends PushSource {
  readonly mode: AppMode;
  route: IntentRouter['route'];
  getState(): LoginState;
  getEnvironment(): Promise<AppEnvironment>;
  /** A tg:// or t.me proxy link the OS opened Gramdesk with: offered to the person to confirm. */
  openProxyLink(link: string): void;
  /** Resolves once start-up (restoring a stored session, or not) is over. */
  readonly started: Promise<void>;
  /** Resolves when no login action is running. */
  idle(): Promise<void>;
  dispose(): Promise<void>;
}

/** The fixed credentials the local server accepts; never used against Telegram. */
const DEMO_API_ID = 2_040_000;
const DEMO_API_HASH = 'gramdesk-demo-local-server';

export class AppConfigError extends Error {}

interface Target {
  mode: AppMode;
  gramjs: GramjsTarget;
  local: LocalServerInfo | null;
  /** Stops a local server this core started itself. */
  stop?: () => Promise<void>;
}

async function chooseTarget(env: Record<string, string | undefined>): Promise<Target> {
  const apiIdRaw = env.TELEGRAM_API_ID?.trim();
  const apiHash = env.TELEGRAM_API_HASH?.trim();
  if (apiIdRaw || apiHash) {
    if (!apiIdRaw || !apiHash) {
      throw new AppConfigError('Set both TELEGRAM_API_ID and TELEGRAM_API_HASH (or neither, for the offline demo).');
    }
    const apiId = Number(apiIdRaw);
    if (!/^\d+$/.test(apiIdRaw) || !Number.isSafeInteger(apiId) || apiId <= 0) {
      throw new AppConfigError('TELEGRAM_API_ID must be the positive number from my.telegram.org.');
    }
    if (!/^[0-9a-f]{32}$/i.test(apiHash)) {
      throw new AppConfigError('TELEGRAM_API_HASH must be the 32-character hex string from my.telegram.org.');
    }
    return { mode: 'production', gramjs: { apiId, apiHash }, local: null };
  }

  const readyLine = env.GRAMDESK_LOCAL_SERVER?.trim();
  if (readyLine) {
    const info = parseReadyLine(readyLine);
    if (!info) throw new AppConfigError('GRAMDESK_LOCAL_SERVER must be the local server\'s JSON ready line.');
    info.demoUsers = await fetchDemoUsers(info.controlUrl);
    const connection = await connectLocalTarget(info);
    return {
      mode: 'demo',
      gramjs: { apiId: DEMO_API_ID, apiHash: DEMO_API_HASH, ...connection },
      local: info,
    };
  }

  // Imported only here, so a production run never loads the server.
  const { startDemoServer } = await import('./demo/demo-server');
  const server = await startDemoServer();
  const info = server.info;
  try {
    const connection = await connectLocalTarget(info);
    return {
      mode: 'demo',
      gramjs: { apiId: DEMO_API_ID, apiHash: DEMO_API_HASH, ...connection },
      local: info,
      stop: () => server.stop(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

export async function createAppCore(options: AppCoreOptions = {}): Promise<AppCore> {
  const env = options.env ?? process.env;
  const target = await chooseTarget(env);
  const keychainOff = env.GRAMDESK_KEYCHAIN?.trim().toLowerCase() === 'off';
  const vault: SessionVault = createSessionVault({
    service: options.keychainService ?? (target.mode === 'demo' ? DEMO_SERVICE : PRODUCTION_SERVICE),
    disabledReason: keychainOff ? 'switched off by GRAMDESK_KEYCHAIN=off' : undefined,
  });
  const accounts: { service: AccountsService | null } = { service: null };
  const proxies: ProxyHooks = withProxies({
    target: target.gramjs,
    mode: target.mode,
    env,
    vault,
    ...(options.settingsDir ? { settingsDir: options.settingsDir } : {}),
    ...(options.resolveSystemProxy ? { resolveSystemProxy: options.resolveSystemProxy } : {}),
    // Every account's connection reopens through the proxy now in use.
    reconnect: () => {
      for (const gateway of accounts.service?.gateways() ?? []) void gateway.help.getNearestDc();
    },
  });
  // One gateway per account (and per sign-in in progress): each keeps its own connection to its home DC.
  const service: AccountsService = createAccountsService({
    vault,
    newGateway: () =>
      createGramjsGateway({
        target: proxies.target,
        ...(options.callTimeoutMs ? { callTimeoutMs: options.callTimeoutMs } : {}),
      }),
    ...(options.maxAccounts ? { max: options.maxAccounts } : {}),
  });
  accounts.service = service;
  const pushes = createPushHub();
  // One subscription for every transport: the state as the renderer sees it, proxy part included.
  const unsubscribeState = proxies.onState(service, (state) => pushes.publish('state', state));

  async function getEnvironment(): Promise<AppEnvironment> {
    const keychain = await vault.status();
    if (target.mode === 'production' || !target.local) return { mode: 'production', keychain };
    return {
      mode: 'demo',
      keychain,
      demoUsers: target.local.demoUsers,
      inboxUrl: `${target.local.controlUrl.replace(/\/$/, '')}/inbox/<digits>`,
    };
  }

  const ok = <T>(value: T): CallResult<T> => ({ ok: true, value });
  const router = createIntentRouter({
    ...service,
    ...proxyHandlers(proxies.manager),
    getState: async () => ok(proxies.project(service.getState())),
    getEnvironment: async () => ok(await getEnvironment()),
    async openExternal({ url }) {
      // Only Fragment, only https: anything else is refused and nothing opens.
      if (!isAllowedExternalUrl(url)) return { ok: false, error: 'URL_NOT_ALLOWED' };
      const checked = new URL(url).href;
      if (!options.openExternal) return ok({ opened: false as const, url: checked });
      try {
        await options.openExternal(checked);
        return ok({ opened: true as const });
      } catch {
        return { ok: false, error: 'INTERNAL' };
      }
    },
  });

  // The saved proxy is in use before the first connection (restoring a session goes through it).
  const started = proxies.manager
    .start()
    .catch(() => undefined)
    .then(() => service.start())
    // Through a proxy, connect at once: the indicator then says whether the proxy works before
    // the person has typed anything.
    .then(() => {
      if (proxies.manager.networkView()) for (const gateway of service.gateways()) void gateway.help.getNearestDc();
    });
  let disposed: Promise<void> | null = null;

  return {
    mode: target.mode,
    route: router.route,
    getState: () => proxies.project(service.getState()),
    onPush: pushes.onPush,
    getEnvironment,
    openProxyLink: (link) => proxies.manager.openLink(link),
    started,
    idle: () => service.idle(),
    dispose() {
      disposed ??= (async () => {
        await started.catch(() => undefined);
        unsubscribeState();
        proxies.manager.dispose();
        await service.dispose();
        await target.stop?.();
      })();
      return disposed;
    },
  };
}
