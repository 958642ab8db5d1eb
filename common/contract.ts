// The one contract for everything that crosses the process boundary. Main (ipc router and the
// browser-mode bridge), preload and renderer all derive their types from `intents` below, so a
// call's name, arguments and result are written exactly once.
//
// Arguments are validated at run time in main with these same schemas: the renderer is not
// trusted, and a bad call gets a typed error and changes nothing.
import * as v from 'valibot';
import type { ApiHashProblem, ApiIdProblem } from './api-credentials';
import type { LoginState } from './login-state';
import type { TelegramCountry } from './telegram-countries';
import type { ProxySettingsView } from './proxy-settings';

const noArgs = v.strictObject({});
/** A Telegram user id, as the account list names accounts. */
const accountId = v.pipe(v.string(), v.regex(/^\d{1,20}$/));

const host = v.pipe(v.string(), v.minLength(1), v.maxLength(253));
const port = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535));
const credential = v.pipe(v.string(), v.maxLength(255));
const hexKey = v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/));

/** A proxy as the settings or a confirmed link hand it to main (checked again there, field by field). */
export const proxyConfigSchema = v.variant('type', [
  v.strictObject({ type: v.literal('socks5'), server: host, port, user: credential, password: credential }),
  v.strictObject({ type: v.literal('http'), server: host, port, user: credential, password: credential }),
  v.strictObject({
    type: v.literal('mtproto'),
    server: host,
    port,
    secret: v.variant('kind', [
      v.strictObject({ kind: v.literal('plain'), key: hexKey }),
      v.strictObject({ kind: v.literal('dd'), key: hexKey }),
      v.strictObject({ kind: v.literal('ee'), key: hexKey, domain: host }),
    ]),
  }),
]);

const proxyId = v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/));

/** Intents the renderer may send. Keys are method names; values are argument schemas. */
export const intents = {
  /** Current login state (the renderer calls it once at start, then follows the `state` push). */
  getState: noArgs,
  /** Where the app is connected and what the person trying it should know. */
  getEnvironment: noArgs,
  /** Send a code to this number (auth.sendCode). */
  submitPhone: v.strictObject({ phone: v.pipe(v.string(), v.maxLength(32)) }),
  /** Ask for the code by the next channel the server offers (auth.resendCode): the SMS fallback. */
  requestNextChannel: noArgs,
  /** Sign in with the code (auth.signIn). */
  submitCode: v.strictObject({ code: v.pipe(v.string(), v.maxLength(32)) }),
  /** "Wrong number?": cancel the code (auth.cancelCode) and go back to the phone step. */
  editPhone: noArgs,
  /** Log out (auth.logOut), then delete the stored session even if the server call fails. */
  logOut: noArgs,
  /** Password step: check the two-step password (account.getPassword + auth.checkPassword, SRP). */
  submitPassword: v.strictObject({ password: v.pipe(v.string(), v.maxLength(256)) }),
  /** Password step, when hasRecovery: email a recovery code (auth.requestPasswordRecovery). */
  requestPasswordRecovery: noArgs,
  /** Password recovery step: the emailed code (auth.checkRecoveryPassword, auth.recoverPassword). */
  submitRecoveryCode: v.strictObject({ code: v.pipe(v.string(), v.maxLength(32)) }),
  /** Password recovery step: back to the password step. */
  cancelPasswordRecovery: noArgs,
  /** Phone or code step (or the qr step, to get a fresh token after it expired): QR login. */
  startQrLogin: noArgs,
  /** Sign-up step: the names, and the person's own acceptance of the terms shown. */
  submitSignUp: v.strictObject({
    firstName: v.pipe(v.string(), v.maxLength(64)),
    lastName: v.pipe(v.string(), v.maxLength(64)),
    acceptTerms: v.literal(true),
  }),
  /** Email set-up step (emailPattern null): the login email to verify (account.sendVerifyEmailCode). */
  submitLoginEmail: v.strictObject({ email: v.pipe(v.string(), v.maxLength(254)) }),
  /**
   * Open an allow-listed external page (only https://fragment.com/...). Electron opens it in the
   * system browser and answers opened: true; browser mode answers opened: false with the checked
   * URL, which the page then opens itself (window.open with noopener).
   */
  openExternal: v.strictObject({ url: v.pipe(v.string(), v.maxLength(2048)) }),
  /** Signed-in step: reload the active sessions (account.getAuthorizations). */
  refreshSessions: noArgs,
  /** Signed-in step: end another session (account.resetAuthorization) by its hash. */
  endSession: v.strictObject({ hash: v.pipe(v.string(), v.regex(/^-?\d{1,20}$/)) }),
  /** Signed in: start a sign-in for another account; the accounts here stay signed in and connected. */
  addAccount: noArgs,
  /** While adding an account: drop that sign-in and show the account that was shown before. */
  cancelAddAccount: noArgs,
  /** Show this account (by user id); its connection is kept up, so nothing reconnects. */
  switchAccount: v.strictObject({ id: accountId }),
  /** Log this account out (its auth.logOut and its keychain item only); the others stay. */
  logOutAccount: v.strictObject({ id: accountId }),
  /** Log every account here out. */
  logOutAll: noArgs,
  /** Clear the account list's notice (already signed in, removed, limit reached). */
  dismissAccountNotice: noArgs,
  /** Remember the language the person chose (a language tag such as 'ru' or 'pt-br'), for the next start. */
  setLanguage: v.strictObject({ language: v.pipe(v.string(), v.regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/)) }),
  /** What the first screen needs from Telegram: its suggested language, the country it places the person in, the countries. */
  getSignInHints: noArgs,

  // ---- proxies (common/proxy-settings.ts); they apply before and after sign-in alike ----
  /** The saved proxies, which one is in use, and what the OS proxy settings say. */
  getProxySettings: noArgs,
  /**
   * Save a proxy (typed into the settings, or from a link the person confirmed), replacing the
   * one with `id` when given; with `activate`, use it from now on (connections reopen through it).
   */
  saveProxy: v.strictObject({ proxy: proxyConfigSchema, activate: v.boolean(), id: v.optional(proxyId) }),
  /** Forget a saved proxy (and its keychain secret); removing the active one means no proxy. */
  removeProxy: v.strictObject({ id: proxyId }),
  /** No proxy, the system's, or a saved one: connections reopen through it at once. */
  setProxyMode: v.variant('mode', [
    v.strictObject({ mode: v.literal('none') }),
    v.strictObject({ mode: v.literal('system') }),
    v.strictObject({ mode: v.literal('custom'), id: proxyId }),
  ]),
  /** Connect through each saved proxy and time one MTProto round trip; answers the updated settings. */
  checkProxies: noArgs,
  /**
   * A tg://socks, tg://proxy or t.me link (pasted here, or opened by the OS): main reads it and
   * offers it in the pushed state (LoginState.proxyOffer) for the person to confirm; nothing
   * changes until they do (saveProxy), or dismissProxyOffer.
   */
  openProxyLink: v.strictObject({ link: v.pipe(v.string(), v.maxLength(4096)) }),
  /** Close the confirmation of an offered link; nothing was changed. */
  dismissProxyOffer: noArgs,
} as const;

/**
 * Intents about where the app connects and the offline demo. Kept apart from `intents` because
 * the login flow's `intentFits` covers exactly those: these never depend on a login step.
 */
export const connectionIntents = {
  /** The choice screen (environment mode 'setup'): use these credentials from my.telegram.org. */
  submitApiCredentials: v.strictObject({
    apiId: v.pipe(v.string(), v.maxLength(32)),
    apiHash: v.pipe(v.string(), v.maxLength(64)),
  }),
  /** The choice screen: try the offline demo instead. */
  chooseDemo: noArgs,
  /** Back to the choice screen (when the environment says canChangeConnection). */
  changeConnection: noArgs,
  /** The demo's delivered messages and the state of its saved world, now (then follow onDemoFeed). */
  getDemoFeed: noArgs,
  /** Reset the demo: forget every account change, sign-in and code, and start fresh. */
  resetDemo: noArgs,
} as const;

/** Every intent the renderer may send: the router, the preload and the bridge carry all of them. */
export const allIntents = { ...intents, ...connectionIntents };

/** The sign-in flow's (and the window's) intents, each judged by the login flow's `intentFits`. */
export type IntentName = keyof typeof intents;
export type ConnectionIntentName = keyof typeof connectionIntents;
export type AnyIntentName = keyof typeof allIntents;
export type IntentArgs<N extends AnyIntentName> = v.InferOutput<(typeof allIntents)[N]>;

/** The proxy intents: answered by the app core at any step, never by the login flow. */
export const proxyIntentNames = [
  'getProxySettings',
  'saveProxy',
  'removeProxy',
  'setProxyMode',
  'checkProxies',
  'openProxyLink',
  'dismissProxyOffer',
] as const;
export type ProxyIntentName = (typeof proxyIntentNames)[number];
export function isProxyIntent(name: IntentName): name is ProxyIntentName {
  return (proxyIntentNames as readonly string[]).includes(name);
}

export interface DemoUser {
  phone: string;
  firstName: string;
  lastName: string;
  dc: number;
  /** True when the account has a two-step password. */
  hasPassword: boolean;
  /** The code channels the local server uses for this user, first to last. */
  codeChannels: string[];
}

export type AppEnvironment = (
  | { mode: 'production'; keychain: KeychainStatus; canChangeConnection?: true }
  | {
      mode: 'demo';
      keychain: KeychainStatus;
      demoUsers: DemoUser[];
      /** Whether the demo's messages show in the window (the app started the demo server itself). */
      inAppCodes: boolean;
      /** Present when the person may go back to the connection choice (an installed app). */
      canChangeConnection?: true;
    }
  | {
      /** Nothing chosen yet (an installed app's first start): offer own credentials or the demo. */
      mode: 'setup';
      keychain: KeychainStatus;
      /** Why the choice is asked again, when it is (stored credentials unreadable, ...). */
      problem: SetupProblem | null;
    }
) & {
  /** The language the person chose before (setLanguage), or null: then the OS's language applies. */
  language: string | null;
};

/** getSignInHints: what Telegram says about the person's place, for the first screen. */
export interface SignInHints {
  /** help.getConfig's suggested_lang_code, or null when the server suggests none (or can't be asked). */
  suggestedLanguage: string | null;
  /** help.getNearestDc's country (ISO 3166 alpha-2), or null. */
  nearestCountry: string | null;
  /** help.getCountriesList (cached; the bundled list when the server can't be asked). */
  countries: TelegramCountry[];
}

/** Why the choice screen shows although a choice was made before: it could not be read back, or no longer passes the rule. */
export type SetupProblem = 'KEYCHAIN_READ_FAILED' | 'STORED_CREDENTIALS_INVALID';

/** submitApiCredentials' answer: used (and whether the keychain keeps them), or what is wrong with each. */
export type ApiCredentialsResult =
  | { accepted: true; remembered: boolean }
  | { accepted: false; apiId: ApiIdProblem | null; apiHash: ApiHashProblem | null };

/** One message the demo server "delivered" (a code by SMS, app, call, email ...), as a phone would show it. */
export interface DemoMessage {
  /** Increasing within one launch, for keyed lists. */
  id: number;
  /** The number it was delivered to, "+" and digits. */
  phone: string;
  channel: string;
  /** login: a sign-in code; recovery: a password recovery code (by email). */
  purpose: 'login' | 'recovery';
  code: string;
  /** Epoch ms. */
  date: number;
  /** Facts of the channel: callerNumber for calls, email for email. */
  extra: Record<string, string>;
}

/** The saved demo world's trouble, if any: its file was set aside, or can't be written. */
export interface DemoWorldNotice {
  problem: 'corrupt' | 'other-version' | 'unreadable' | 'unwritable';
  file: string;
  setAsideTo: string | null;
}

/** Pushed on the demo channel whenever a message is delivered or the world's notice changes. */
export interface DemoFeed {
  messages: DemoMessage[];
  worldNotice: DemoWorldNotice | null;
}

export type KeychainStatus = { available: true } | { available: false; reason: string };

/** Errors of the call itself (not of the login flow, which travel inside LoginState). */
export type CallErrorCode =
  | 'UNKNOWN_INTENT'
  | 'BAD_ARGUMENTS'
  | 'BAD_SENDER'
  | 'NOT_NOW' // the intent does not apply to the current step
  | 'BUSY' // another action is running; nothing was done
  | 'URL_NOT_ALLOWED' // openExternal: not an allow-listed URL; nothing was opened
  | 'PROXY_INVALID' // saveProxy: the proxy fails the same checks a link does; nothing was saved
  | 'PROXY_NOT_FOUND' // no saved proxy has this id; nothing changed
  | 'INTERNAL';

export type CallResult<T> = { ok: true; value: T } | { ok: false; error: CallErrorCode };

/** The intents that answer with a value; every other intent answers null (its effect is the pushed state). */
interface ValueResults {
  getState: LoginState;
  getEnvironment: AppEnvironment;
  openExternal: ExternalOpenResult;
  submitApiCredentials: ApiCredentialsResult;
  getDemoFeed: DemoFeed;
  /** The language now remembered. */
  setLanguage: { language: string };
  getSignInHints: SignInHints;
  getProxySettings: ProxySettingsView;
  saveProxy: { id: string };
  removeProxy: ProxySettingsView;
  setProxyMode: ProxySettingsView;
  checkProxies: ProxySettingsView;
  // Answered by the app core too (their effect is the pushed proxyOffer), so listed here to keep
  // them out of LoginIntentName.
  openProxyLink: null;
  dismissProxyOffer: null;
}

/** What each intent answers when it succeeds. */
export type IntentResults = {
  [N in AnyIntentName]: N extends keyof ValueResults ? ValueResults[N] : null;
};

/** The intents of the account list: the app core's account list answers them, not one account's flow. */
export const accountIntentNames = [
  'addAccount',
  'cancelAddAccount',
  'switchAccount',
  'logOutAccount',
  'logOutAll',
  'dismissAccountNotice',
] as const satisfies readonly IntentName[];
export type AccountIntentName = (typeof accountIntentNames)[number];

/** The intents of the login flow itself: the ones the shown account's login service answers (the rest the app core answers). */
export type LoginIntentName = Exclude<IntentName, keyof ValueResults | AccountIntentName>;

/** openExternal's answer: whether main opened it; if not, the (checked) URL for the page to open. */
export type ExternalOpenResult = { opened: true } | { opened: false; url: string };

/** The only external pages the app opens: Fragment (fragment_sms codes). */
export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.hostname === 'fragment.com' &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}

/**
 * What main pushes to the renderer unasked: one channel per key, with its payload's type. Every
 * transport (Electron IPC, the browser-mode bridge) carries these generically, so a new push is one
 * line here plus the code in main that publishes it.
 */
export interface Pushes {
  /** The login state, whole, after every change (and the current one when a bridge connects). */
  state: LoginState;
  /** The demo's delivered messages and saved-world notice, whole, after every change (the current one: getDemoFeed). */
  demoFeed: DemoFeed;
}

export type PushName = keyof Pushes;
/** One push as it travels: the channel and its payload, tied together. */
export type PushMessage = { [C in PushName]: { channel: C; payload: Pushes[C] } }[PushName];
export type PushListener<C extends PushName> = (payload: Pushes[C]) => void;

/** The API the renderer sees, whether it comes from the preload or the browser-mode bridge. */
export type GramdeskApi = {
  [N in AnyIntentName]: (args: IntentArgs<N>) => Promise<CallResult<IntentResults[N]>>;
} & {
  /** Subscribe to one pushed channel; returns the unsubscribe function. */
  on<C extends PushName>(channel: C, listener: PushListener<C>): () => void;
};

/** Electron IPC channel names: every channel carries this prefix, and the preload refuses all others. */
export const CHANNEL_PREFIX = 'gramdesk:';
export const intentChannel = (name: AnyIntentName): string => `${CHANNEL_PREFIX}intent:${name}`;
/** The one IPC channel every push travels on, as a PushMessage. */
export const PUSH_CHANNEL = `${CHANNEL_PREFIX}push`;

export const intentNames = Object.keys(intents) as IntentName[];
export const allIntentNames = Object.keys(allIntents) as AnyIntentName[];

export function isIntentName(name: unknown): name is IntentName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(intents, name);
}

export function isAnyIntentName(name: unknown): name is AnyIntentName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(allIntents, name);
}
