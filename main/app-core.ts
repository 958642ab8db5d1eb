// The app without its window: picks where to connect, wires the vault, the gramjs gateway, the
// login service and the intent router, and is what both shells use (Electron's main process
// and browser mode's bridge server).
//
// Where it connects:
//   TELEGRAM_API_ID + TELEGRAM_API_HASH  -> production: Telegram's DCs, keychain service "Gramdesk".
//   GRAMDESK_LOCAL_SERVER=<ready line>   -> demo against a local server someone else started (tests).
//   credentials built in (npm run dist)  -> production with those.
//   an installed build (app.isPackaged), or GRAMDESK_CONNECTION_CHOICE=1
//                                        -> what the person chose on the first start (kept in the
//                                           keychain): their own credentials, or the offline demo;
//                                           the choice screen ('setup') until they have chosen.
//   none of these (a run from source)    -> demo against a local server started here, in-process,
//                                           its world kept in the app's data directory.
// The local server's RSA key and addresses are used only in demo mode, the server itself is
// loaded only when the demo is chosen, and demo sessions live under their own keychain service
// ("Gramdesk (demo)"), so demo and production never mix.
import { checkApiCredentials } from '../common/api-credentials';
import {
  isAllowedExternalUrl,
  type ApiCredentialsResult,
  type AppEnvironment,
  type CallResult,
  type DemoFeed,
  type LoginIntentName,
  type SetupProblem,
  accountIntentNames,
  proxyIntentNames,
} from '../common/contract';
import type { LoginState } from '../common/login-state';
import type { DemoServer } from './demo/demo-server';
import { createIntentRouter, type IntentRouter } from './ipc/intent-router';
import { createAccountsService, type AccountIntentHandlers, type AccountsService } from './accounts/accounts-service';
import { createPushHub, type PushSource } from './ipc/push-hub';
import { INTENT_OPERATIONS } from './login/intents';
import type { LoginIntentHandlers } from './login/login-service';
import { buildCredentials } from './setup/build-credentials';
import { createConnectionChoiceStore, type ConnectionChoiceStore } from './setup/connection-choice';
import { hostFacts } from './setup/host-facts';
import { createGramjsGateway, type GramjsTarget } from './telegram/gramjs-gateway';
import {
  connectLocalTarget,
  fetchDemoUsers,
  parseReadyLine,
  type LocalServerInfo,
} from './telegram/local-target';
import { createAppSettingsStore, defaultSettingsFile } from './settings/app-settings';
import { connectionLanguage, systemLocale } from './settings/connection-language';
import { createSignInHints, type SignInHintsSource } from './settings/sign-in-hints';
import type { SignInHelpCalls } from './telegram/help-calls';
import { createFutureAuthTokens } from './vault/future-auth-tokens';
import { createSessionVault, DEMO_SERVICE, PRODUCTION_SERVICE, type AppItemName, type SessionVault } from './vault/session-vault';
import { proxyHandlers, withProxies, type ProxyHooks } from './proxy/proxy-hooks';

export type AppMode = 'demo' | 'production' | 'setup';

export interface AppCoreOptions {
  /** Defaults to process.env. */
  env?: Record<string, string | undefined>;
  /**
   * Keychain service name override (tests use their own so they never touch a person's items, nor
   * each other's). Default: GRAMDESK_KEYCHAIN_SERVICE, for a test that runs the app as a process.
   */
  keychainService?: string;
  /** Per-call time-out for the gateway (ms). */
  callTimeoutMs?: number;
  /** How many accounts may be signed in at once (the account list's own cap by default). */
  maxAccounts?: number;
  /** How often each signed-in account's session is checked with the server (ms). Default: GRAMDESK_SESSION_CHECK_S, else a minute. */
  sessionCheckMs?: number;
  /**
   * Opens an allow-listed external URL in the system browser (Electron: shell.openExternal).
   * Without it (browser mode), openExternal answers the checked URL for the page to open.
   */
  openExternal?: (url: string) => Promise<void>;
  /** The app's data directory (the demo's world). Default: GRAMDESK_DATA_DIR, Electron's userData, the platform's. */
  dataDir?: string;
  /** Offer the first-start connection choice. Default: an installed build, or GRAMDESK_CONNECTION_CHOICE=1. */
  offerConnectionChoice?: boolean;
  /** Keychain service of the connection choice (tests use their own). */
  connectionService?: string;
  /** The settings file (Electron: in userData); defaults to GRAMDESK_SETTINGS_FILE or the user's config folder. */
  settingsFile?: string;
  /**
   * The OS proxy for a URL, in PAC form ("DIRECT", "PROXY h:p", "SOCKS5 h:p"): Electron's
   * session.resolveProxy. Without it (browser mode), HTTPS_PROXY / ALL_PROXY from `env` count.
   */
  resolveSystemProxy?: (url: string) => Promise<string>;
  /** Where the proxy settings file lives (default: GRAMDESK_SETTINGS_DIR, else the user's config folder). */
  settingsDir?: string;
  /** The system's language tag (Electron: its preferred system language); default: Node's ICU locale. */
  systemLocale?: string;
}

/** Pushes (onPush): 'state' on every login state, 'demoFeed' on every demo delivery or world notice. */
export interface AppCore extends PushSource {
  /** Where the app is connected now ('setup': on the choice screen); changes when the person chooses. */
  readonly mode: AppMode;
  route: IntentRouter['route'];
  getState(): LoginState;
  getDemoFeed(): DemoFeed;
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

/** Where to connect, decided before anything connects. */
type Plan =
  | { kind: 'production'; apiId: number; apiHash: string }
  | { kind: 'external-demo'; info: LocalServerInfo }
  | { kind: 'demo' }
  | { kind: 'setup'; problem: SetupProblem | null };

/** A connection target, live: what gramjs connects to, and the demo server when this core started one. */
interface Target {
  mode: 'demo' | 'production';
  gramjs: GramjsTarget;
  local: LocalServerInfo | null;
  demo: DemoServer | null;
}

/**
 * The login side on a target: its vault, its proxy hooks and its accounts (one login service and
 * gateway per account). Replaced whole on a switch or a reset.
 */
interface Login {
  vault: SessionVault;
  service: AccountsService;
  proxies: ProxyHooks;
  started: Promise<void>;
  unsubscribe: () => void;
}

const EMPTY_FEED: DemoFeed = { messages: [], worldNotice: null };

/** The help calls while no connection is chosen: every one "offline", so the hints fall back to what the app holds. */
const OFFLINE_HELP: SignInHelpCalls = {
  suggestedLanguage: async () => ({ ok: false, error: { code: 'NETWORK' } }),
  nearestCountry: async () => ({ ok: false, error: { code: 'NETWORK' } }),
  countries: async () => ({ ok: false, error: { code: 'NETWORK' } }),
};
const APP_ITEMS: readonly AppItemName[] = ['future-auth-tokens', 'flood', 'pending-code'];

/** GRAMDESK_SESSION_CHECK_S: seconds between the checks of every account's session (tests shorten it). */
function sessionCheckFromEnv(env: Record<string, string | undefined>): number | undefined {
  const raw = env.GRAMDESK_SESSION_CHECK_S?.trim();
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
    throw new AppConfigError('GRAMDESK_SESSION_CHECK_S must be a number of seconds, more than 0 and at most 86400.');
  }
  return Math.round(seconds * 1000);
}

function environmentCredentials(env: Record<string, string | undefined>): Plan | null {
  const apiIdRaw = env.TELEGRAM_API_ID?.trim();
  const apiHash = env.TELEGRAM_API_HASH?.trim();
  if (!apiIdRaw && !apiHash) return null;
  if (!apiIdRaw || !apiHash) {
    throw new AppConfigError('Set both TELEGRAM_API_ID and TELEGRAM_API_HASH (or neither, for the offline demo).');
  }
  const checked = checkApiCredentials(apiIdRaw, apiHash);
  if (!checked.ok && checked.apiId !== null) {
    throw new AppConfigError('TELEGRAM_API_ID must be the positive number from my.telegram.org.');
  }
  if (!checked.ok) throw new AppConfigError('TELEGRAM_API_HASH must be the 32-character hex string from my.telegram.org.');
  return { kind: 'production', apiId: checked.apiId, apiHash: checked.apiHash };
}

async function plan(env: Record<string, string | undefined>, choices: ConnectionChoiceStore | null): Promise<Plan> {
  const fromEnv = environmentCredentials(env);
  if (fromEnv) return fromEnv;
  const readyLine = env.GRAMDESK_LOCAL_SERVER?.trim();
  if (readyLine) {
    const info = parseReadyLine(readyLine);
    if (!info) throw new AppConfigError('GRAMDESK_LOCAL_SERVER must be the local server\'s JSON ready line.');
    info.demoUsers = await fetchDemoUsers(info.controlUrl);
    return { kind: 'external-demo', info };
  }
  const built = buildCredentials();
  if (built) return { kind: 'production', ...built };
  if (!choices) return { kind: 'demo' };
  const stored = await choices.read();
  if (stored.kind === 'none') return { kind: 'setup', problem: null };
  if (stored.kind === 'invalid') return { kind: 'setup', problem: 'STORED_CREDENTIALS_INVALID' };
  return stored.value.choice === 'demo' ? { kind: 'demo' } : { kind: 'production', apiId: stored.value.apiId, apiHash: stored.value.apiHash };
}

async function openTarget(p: Exclude<Plan, { kind: 'setup' }>, dataDir: () => Promise<string>): Promise<Target> {
  if (p.kind === 'production') return { mode: 'production', gramjs: { apiId: p.apiId, apiHash: p.apiHash }, local: null, demo: null };
  if (p.kind === 'external-demo') {
    const connection = await connectLocalTarget(p.info);
    return { mode: 'demo', gramjs: { apiId: DEMO_API_ID, apiHash: DEMO_API_HASH, ...connection }, local: p.info, demo: null };
  }
  // Imported only here, so a production run never loads the server or its key.
  const { startDemoServer } = await import('./demo/demo-server');
  const demo = await startDemoServer({ dataDir: await dataDir() });
  try {
    const connection = await connectLocalTarget(demo.info);
    return { mode: 'demo', gramjs: { apiId: DEMO_API_ID, apiHash: DEMO_API_HASH, ...connection }, local: demo.info, demo };
  } catch (error) {
    await demo.stop();
    throw error;
  }
}

export async function createAppCore(options: AppCoreOptions = {}): Promise<AppCore> {
  const env = options.env ?? process.env;
  const keychainOff = env.GRAMDESK_KEYCHAIN?.trim().toLowerCase() === 'off';
  const sessionCheckMs = options.sessionCheckMs ?? sessionCheckFromEnv(env);
  const disabledReason = keychainOff ? 'switched off by GRAMDESK_KEYCHAIN=off' : undefined;
  let facts: Promise<{ packaged: boolean; dataDir: string }> | null = null;
  const host = () => (facts ??= hostFacts(env));
  const dataDir = async () => options.dataDir ?? (await host()).dataDir;
  const offerChoice =
    options.offerConnectionChoice ?? (env.GRAMDESK_CONNECTION_CHOICE?.trim() === '1' || (await host()).packaged);
  const choices = offerChoice
    ? createConnectionChoiceStore({ ...(disabledReason ? { disabledReason } : {}), ...(options.connectionService ? { service: options.connectionService } : {}) })
    : null;

  let current = await plan(env, choices);
  let target: Target | null = current.kind === 'setup' ? null : await openTarget(current, dataDir);
  let login: Login | null = null;
  let switching: Promise<unknown> | null = null;
  const pushes = createPushHub();
  // The person's own settings (the language) are the app's, whichever connection is current.
  const settings = createAppSettingsStore(options.settingsFile ?? defaultSettingsFile(env));
  const system = options.systemLocale ?? systemLocale();
  // What every connection tells Telegram of the language: read before the first one opens.
  let language = connectionLanguage((await settings.read()).language, system);
  // One source of sign-in hints for the app, with one cache: it rides on a connection already open
  // (a signed-in account's that is up, else the sign-in's), so asking opens none of its own; on
  // the choice screen there is none, and the list the app holds answers. Nothing in the hints is
  // the account's: the language and country come from where the client connects from.
  const help = (): SignInHelpCalls => login?.service.helpGateway()?.help ?? OFFLINE_HELP;
  const hints: SignInHintsSource = createSignInHints(
    {
      suggestedLanguage: () => help().suggestedLanguage(),
      nearestCountry: () => help().nearestCountry(),
      countries: (p) => help().countries(p),
    },
    settings.folder,
  );
  let stopFeed: () => void = () => {};

  const starting: LoginState = { step: 'starting' };
  const emitState = (state: LoginState) => pushes.publish('state', state);
  const getDemoFeed = (): DemoFeed => target?.demo?.feed() ?? EMPTY_FEED;
  const emitFeed = () => pushes.publish('demoFeed', getDemoFeed());

  function openLogin(t: Target): Login {
    const vault = createSessionVault({
      service: options.keychainService ?? (env.GRAMDESK_KEYCHAIN_SERVICE?.trim() || (t.mode === 'demo' ? DEMO_SERVICE : PRODUCTION_SERVICE)),
      ...(disabledReason ? { disabledReason } : {}),
    });
    const accounts: { service: AccountsService | null } = { service: null };
    const proxies: ProxyHooks = withProxies({
      target: t.gramjs,
      mode: t.mode,
      env,
      vault,
      ...(options.settingsDir ? { settingsDir: options.settingsDir } : {}),
      ...(options.resolveSystemProxy ? { resolveSystemProxy: options.resolveSystemProxy } : {}),
      // Every account's connection reopens through the proxy now in use: the ones open before
      // the change are dropped at once (their calls in flight fail), so nothing goes on by the
      // old route, and each connects again through the new one.
      reconnect: () => {
        for (const gateway of accounts.service?.gateways() ?? []) {
          void gateway.connection.reopen();
          void gateway.help.getNearestDc();
        }
      },
    });
    // One gateway per account (and per sign-in in progress): each keeps its own connection to its home DC.
    const service: AccountsService = createAccountsService({
      vault,
      newGateway: () =>
        createGramjsGateway({
          target: proxies.target,
          language,
          ...(options.callTimeoutMs ? { callTimeoutMs: options.callTimeoutMs } : {}),
        }),
      ...(options.maxAccounts ? { max: options.maxAccounts } : {}),
      ...(sessionCheckMs !== undefined ? { sessionCheckMs } : {}),
    });
    accounts.service = service;
    const unsubscribe = proxies.onState(service, emitState);
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
    emitState(proxies.project(service.getState()));
    return { vault, service, proxies, started, unsubscribe };
  }

  async function closeLogin(l: Login): Promise<void> {
    await l.started.catch(() => undefined);
    l.unsubscribe();
    l.proxies.manager.dispose();
    // Stops every account's flow, lets its keychain writes land and closes its connection.
    await l.service.dispose();
  }

  function attachTarget(t: Target | null): void {
    stopFeed();
    stopFeed = t?.demo?.onFeed(() => emitFeed()) ?? (() => {});
    emitFeed();
  }

  async function closeTarget(): Promise<void> {
    if (login) await closeLogin(login);
    login = null;
    const t = target;
    target = null;
    attachTarget(null);
    await t?.demo?.stop();
  }

  /** One switch at a time; any intent arriving meanwhile is answered BUSY. */
  function exclusive<T>(work: () => Promise<T>): Promise<CallResult<T>> {
    if (switching) return Promise.resolve({ ok: false, error: 'BUSY' });
    const run = (async (): Promise<CallResult<T>> => {
      try {
        return { ok: true, value: await work() };
      } finally {
        switching = null;
      }
    })();
    switching = run;
    return run;
  }

  /** Leaves the choice screen for a target; on failure the choice screen stays. */
  async function switchTo(p: Exclude<Plan, { kind: 'setup' }>): Promise<void> {
    await closeTarget();
    try {
      target = await openTarget(p, dataDir);
    } catch (error) {
      current = { kind: 'setup', problem: null };
      emitState(starting);
      throw error;
    }
    current = p;
    attachTarget(target);
    login = openLogin(target);
    // Answer once the new connection shows its first step, as the app's own start does.
    await login.started.catch(() => undefined);
  }

  // The login and account intents go to the current connection's accounts, or are "not now" on
  // the choice screen.
  const loginHandlers = Object.fromEntries(
    [...(Object.keys(INTENT_OPERATIONS) as LoginIntentName[]), ...accountIntentNames].map((name) => [
      name,
      (args?: unknown): Promise<CallResult<null>> => {
        if (switching) return Promise.resolve({ ok: false, error: 'BUSY' });
        if (!login) return Promise.resolve({ ok: false, error: 'NOT_NOW' });
        return (login.service[name] as (a?: unknown) => Promise<CallResult<null>>)(args);
      },
    ]),
  ) as LoginIntentHandlers & AccountIntentHandlers;

  // The proxy intents likewise go to the current connection's proxy manager.
  const proxyNow = Object.fromEntries(
    proxyIntentNames.map((name) => [
      name,
      (args: never): Promise<unknown> => {
        if (switching) return Promise.resolve({ ok: false, error: 'BUSY' });
        if (!login) return Promise.resolve({ ok: false, error: 'NOT_NOW' });
        return (proxyHandlers(login.proxies.manager)[name] as (a: never) => Promise<unknown>)(args);
      },
    ]),
  ) as unknown as ReturnType<typeof proxyHandlers>;

  async function getEnvironment(): Promise<AppEnvironment> {
    const canChangeConnection = choices !== null && current.kind !== 'external-demo' && buildCredentials() === null && environmentCredentials(env) === null;
    const language = (await settings.read()).language ?? null;
    if (!target || !login) {
      const keychain = await (choices?.vault ?? createSessionVault({ service: PRODUCTION_SERVICE, ...(disabledReason ? { disabledReason } : {}) })).status();
      return { mode: 'setup', keychain, language, problem: current.kind === 'setup' ? current.problem : null };
    }
    const keychain = await login.vault.status();
    const changeable = canChangeConnection ? { canChangeConnection: true as const } : {};
    if (target.mode === 'production' || !target.local) return { mode: 'production', keychain, language, ...changeable };
    return { mode: 'demo', keychain, language, demoUsers: target.local.demoUsers, inAppCodes: target.demo !== null, ...changeable };
  }

  const ok = <T>(value: T): CallResult<T> => ({ ok: true, value });
  const notNow = { ok: false, error: 'NOT_NOW' } as const;
  const router = createIntentRouter({
    ...loginHandlers,
    ...proxyNow,
    getState: async () => ok(login ? login.proxies.project(login.service.getState()) : starting),
    getEnvironment: async () => ok(await getEnvironment()),
    async setLanguage({ language: chosen }) {
      try {
        await settings.update({ language: chosen });
      } catch {
        return { ok: false, error: 'INTERNAL' };
      }
      // Telegram hears of it on the open connections now, on the others when they connect.
      language = connectionLanguage(chosen, system);
      await Promise.all((login?.service.gateways() ?? []).map((gateway) => gateway.connection.useLanguage(language)));
      return ok({ language: chosen });
    },
    getSignInHints: async () => {
      // Not before start-up is over: a restored session or pending code must be the connection's
      // first, or a help call racing it would open a fresh key on the default DC in its place.
      await login?.started.catch(() => undefined);
      return ok(await hints.get());
    },
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
    async submitApiCredentials({ apiId, apiHash }) {
      if (current.kind !== 'setup' || !choices) return notNow;
      const checked = checkApiCredentials(apiId, apiHash);
      if (!checked.ok) return ok<ApiCredentialsResult>({ accepted: false, apiId: checked.apiId, apiHash: checked.apiHash });
      return exclusive(async (): Promise<ApiCredentialsResult> => {
        const remembered = await choices.write({ choice: 'own', apiId: checked.apiId, apiHash: checked.apiHash });
        await switchTo({ kind: 'production', apiId: checked.apiId, apiHash: checked.apiHash });
        return { accepted: true, remembered };
      });
    },
    async chooseDemo() {
      if (current.kind !== 'setup' || !choices) return notNow;
      return exclusive(async () => {
        await choices.write({ choice: 'demo' });
        await switchTo({ kind: 'demo' });
        return null;
      });
    },
    async changeConnection() {
      if (!choices || current.kind === 'setup' || current.kind === 'external-demo') return notNow;
      return exclusive(async () => {
        await closeTarget();
        current = { kind: 'setup', problem: null };
        emitState(starting);
        return null;
      });
    },
    getDemoFeed: async () => ok(getDemoFeed()),
    async resetDemo() {
      const t = target;
      if (!t?.demo || !login) return notNow;
      const demo = t.demo;
      return exclusive(async () => {
        const old = login!;
        login = null;
        await closeLogin(old);
        // The server forgets every key and sign-in, so nothing stored for the demo means anything now.
        for (const userId of await old.vault.storedUserIds()) await old.vault.remove(userId);
        await createFutureAuthTokens(old.vault).forgetAll();
        for (const item of APP_ITEMS) await old.vault.setItem(item, null);
        // Every account's and sign-in's own small items (pending code, flood wait) go too.
        await old.vault.removeScopedItems([]);
        await demo.reset();
        login = openLogin(t);
        await login.started.catch(() => undefined);
        return null;
      });
    },
  });

  if (target) {
    attachTarget(target);
    login = openLogin(target);
  }
  const started = login ? login.started : Promise.resolve();
  let disposed: Promise<void> | null = null;

  return {
    get mode(): AppMode {
      return target?.mode ?? 'setup';
    },
    route: router.route,
    getState: () => (login ? login.proxies.project(login.service.getState()) : starting),
    onPush: pushes.onPush,
    getDemoFeed,
    openProxyLink: (link) => login?.proxies.manager.openLink(link),
    getEnvironment,
    started,
    idle: async () => {
      await switching?.catch(() => undefined);
      await login?.service.idle();
    },
    dispose() {
      disposed ??= (async () => {
        await switching?.catch(() => undefined);
        await closeTarget();
      })();
      return disposed;
    },
  };
}
