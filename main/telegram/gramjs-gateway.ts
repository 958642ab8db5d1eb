// The gramjs adapter: the only file that talks to gramjs (npm `telegram`) for the login flow.
//
// Why raw requests: gramjs' `client.sendCode` drops `next_type` and `timeout` and its `forceSMS`
// burns the next channel, so auth.sendCode / auth.resendCode are invoked as they are.
// Why the client options: gramjs retries connections forever by default, sleeps through
// FLOOD_WAIT under 60 s without a word, and its connect() can hang forever after a -404; every
// call here is bounded (few retries, a timeout per call, FLOOD_WAIT surfaced at once), and its
// logger is silenced so no session or code reaches a log.
//
// Nothing gramjs-shaped leaves this file: results are plain data, errors are GatewayError codes.
// Only the package root is imported at run time: it has no exports map, so subpath imports
// would break under Node's ESM resolver once bundled with telegram left external.
import { createRequire } from 'node:module';
import { Api, Logger, TelegramClient, errors, helpers, password as srp, sessions } from 'telegram';
import type { LogLevel } from 'telegram/extensions/Logger';
import type { TelegramClientParams } from 'telegram/client/telegramBaseClient';
import type { ActiveSession, CodeDelivery, FlowErrorCode, NextChannel, SignedInUser } from '../../common/login-state';
import type {
  ConnectivityEvent,
  GatewayError,
  GatewayResult,
  QrOutcome,
  SendCodeOutcome,
  SentCode,
  SignInOutcome,
  SignUpTerms,
  TelegramGateway,
} from './telegram-gateway';
import { createHelpCalls } from './help-calls';

export interface GramjsTarget {
  apiId: number;
  apiHash: string;
  /**
   * Local mode only: a connection class that routes each DC id to the local server's host:port
   * (gramjs ignores the DC port), and the DC a fresh session starts on. Production leaves both
   * unset and gramjs uses Telegram's DCs.
   */
  connection?: TelegramClientParams['connection'];
  initialDc?: { id: number; host: string };
}

export interface GramjsGatewayOptions {
  target: GramjsTarget;
  /** Bound on every API call (ms); past it the call fails with TIMEOUT and the connection is renewed. */
  callTimeoutMs?: number;
  /** Bound on connecting (ms), since gramjs' connect() may never settle. */
  connectTimeoutMs?: number;
  appVersion?: string;
}

const SILENT = 'none' as LogLevel;

class CallTimeout extends Error {
  constructor() {
    super('call timed out');
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new CallTimeout()), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Plain-data conversions (exported for unit tests with real Api objects).

export function toDelivery(type: Api.auth.TypeSentCodeType): { delivery: CodeDelivery; length: number } {
  switch (type.className) {
    case 'auth.SentCodeTypeApp':
      return { delivery: { kind: 'app' }, length: type.length };
    case 'auth.SentCodeTypeSms':
      return { delivery: { kind: 'sms' }, length: type.length };
    case 'auth.SentCodeTypeCall':
      return { delivery: { kind: 'call' }, length: type.length };
    case 'auth.SentCodeTypeFlashCall':
      // The code is the calling number itself, matched against `pattern`; no digit count.
      return { delivery: { kind: 'flash_call', pattern: type.pattern }, length: 0 };
    case 'auth.SentCodeTypeMissedCall':
      return { delivery: { kind: 'missed_call', prefix: type.prefix }, length: type.length };
    case 'auth.SentCodeTypeEmailCode':
      return { delivery: { kind: 'email', emailPattern: type.emailPattern }, length: type.length };
    case 'auth.SentCodeTypeSetUpEmailRequired':
      return { delivery: { kind: 'setup_email_required' }, length: 0 };
    case 'auth.SentCodeTypeFragmentSms':
      return { delivery: { kind: 'fragment_sms', url: type.url }, length: type.length };
    case 'auth.SentCodeTypeFirebaseSms':
      return { delivery: { kind: 'firebase_sms' }, length: type.length };
    case 'auth.SentCodeTypeSmsWord':
      return { delivery: { kind: 'sms_word', beginning: type.beginning ?? null }, length: 0 };
    case 'auth.SentCodeTypeSmsPhrase':
      return { delivery: { kind: 'sms_phrase', beginning: type.beginning ?? null }, length: 0 };
    default: {
      const never: never = type;
      throw new Error(`unknown sent code type ${(never as { className?: string }).className}`);
    }
  }
}

export function toNextChannel(type: Api.auth.TypeCodeType | undefined): NextChannel | null {
  if (!type) return null;
  switch (type.className) {
    case 'auth.CodeTypeSms':
      return 'sms';
    case 'auth.CodeTypeCall':
      return 'call';
    case 'auth.CodeTypeFlashCall':
      return 'flash_call';
    case 'auth.CodeTypeMissedCall':
      return 'missed_call';
    case 'auth.CodeTypeFragmentSms':
      return 'fragment_sms';
    default: {
      const never: never = type;
      throw new Error(`unknown code type ${(never as { className?: string }).className}`);
    }
  }
}

export function toSentCode(sent: Api.auth.SentCode): SentCode {
  const { delivery, length } = toDelivery(sent.type);
  return {
    phoneCodeHash: sent.phoneCodeHash,
    delivery,
    length,
    next: toNextChannel(sent.nextType),
    timeoutSec: typeof sent.timeout === 'number' ? sent.timeout : null,
  };
}

export function toSignedInUser(user: Api.TypeUser): SignedInUser | null {
  if (!(user instanceof Api.User)) return null;
  return {
    id: user.id.toString(),
    firstName: user.firstName ?? '',
    lastName: user.lastName ?? '',
    phone: user.phone ? `+${user.phone.replace(/^\+/, '')}` : '',
    username: user.username ?? null,
  };
}

const PASSTHROUGH: ReadonlySet<string> = new Set<FlowErrorCode>([
  'PHONE_NUMBER_INVALID',
  'PHONE_NUMBER_BANNED',
  'PHONE_NUMBER_FLOOD',
  'PHONE_NUMBER_UNOCCUPIED',
  'PHONE_CODE_EMPTY',
  'PHONE_CODE_INVALID',
  'PHONE_CODE_EXPIRED',
  'PHONE_CODE_HASH_EMPTY',
  'SEND_CODE_UNAVAILABLE',
  'API_ID_INVALID',
  'PASSWORD_HASH_INVALID',
  'PHONE_PASSWORD_FLOOD',
  'PASSWORD_RECOVERY_NA',
  'PASSWORD_RECOVERY_EXPIRED',
  'CODE_INVALID',
  'SRP_ID_INVALID',
  'AUTH_TOKEN_EXPIRED',
  'AUTH_TOKEN_INVALID',
  'AUTH_TOKEN_ALREADY_ACCEPTED',
  'PHONE_NUMBER_APP_SIGNUP_FORBIDDEN',
  'PHONE_NUMBER_OCCUPIED',
  'FIRSTNAME_INVALID',
  'LASTNAME_INVALID',
  'EMAIL_INVALID',
  'EMAIL_VERIFICATION_INVALID',
  'CODE_EXPIRED',
  'FRESH_RESET_AUTHORISATION_FORBIDDEN',
  'HASH_INVALID',
]);

/** The server no longer accepts this session: the stored copy is useless. */
const SESSION_GONE: ReadonlySet<string> = new Set([
  'AUTH_KEY_UNREGISTERED',
  'AUTH_KEY_INVALID',
  'AUTH_KEY_PERM_EMPTY',
  'AUTH_KEY_DUPLICATED',
  'SESSION_REVOKED',
  'SESSION_EXPIRED',
  'USER_DEACTIVATED',
  'USER_DEACTIVATED_BAN',
]);

/** Map anything gramjs throws to a GatewayError. Exported for unit tests. */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof CallTimeout) return { code: 'TIMEOUT' };
  if (error instanceof errors.FloodWaitError || error instanceof errors.FloodTestPhoneWaitError) {
    return { code: 'FLOOD_WAIT', waitSeconds: error.seconds, detail: 'FLOOD_WAIT' };
  }
  if (error instanceof errors.RPCError) {
    const name = String(error.errorMessage ?? '');
    const code = typeof error.code === 'number' ? error.code : 0;
    if (PASSTHROUGH.has(name)) return { code: name as FlowErrorCode, detail: name };
    if (SESSION_GONE.has(name) || code === 401) return { code: 'SESSION_INVALID', detail: name };
    if (code >= 500 || code === -500 || code === -503 || /^RPC_(CALL|MCGET)_FAIL$/.test(name)) {
      return { code: 'SERVER', detail: name };
    }
    return { code: 'UNKNOWN', detail: name };
  }
  const message = error instanceof Error ? error.message : '';
  if (/Request was unsuccessful/i.test(message)) return { code: 'SERVER' };
  if (/connect|disconnect|socket|ECONN|EPIPE|ETIMEDOUT|EHOSTUNREACH|closed|network/i.test(message)) {
    return { code: 'NETWORK' };
  }
  return { code: 'UNKNOWN' };
}

export function toActiveSession(a: Api.Authorization): ActiveSession {
  const app = [a.appName, a.appVersion].filter((x) => x && x.trim()).join(' ');
  const platform = [a.platform, a.systemVersion].filter((x) => x && x.trim()).join(' ');
  return {
    hash: a.hash.toString(),
    current: a.current === true,
    device: a.deviceModel ?? '',
    platform,
    app,
    official: a.officialApp === true,
    ip: a.ip ? a.ip : null,
    country: a.country ? a.country : null,
    createdAt: a.dateCreated * 1000,
    activeAt: a.dateActive * 1000,
  };
}

/** help.termsOfService as plain data; the id (a JSON blob) is kept for help.acceptTermsOfService. */
export function toSignUpTerms(tos: Api.help.TermsOfService | undefined): SignUpTerms | null {
  if (!tos) return null;
  return { id: tos.id.data, text: tos.text, minAgeConfirm: typeof tos.minAgeConfirm === 'number' ? tos.minAgeConfirm : null };
}

export function loginUrlOf(token: Buffer): string {
  return `tg://login?token=${Buffer.from(token).toString('base64url')}`;
}

/** A transport packet of 4 bytes holding -404: the server forgot this connection's auth key. */
function isForgottenKey(data: unknown): boolean {
  return Buffer.isBuffer(data) && data.length === 4 && data.readInt32LE(0) === -404;
}

interface ConnectionHooks {
  forgotten(): void;
  lost(): void;
  up(): void;
}

type ConnectionClass = NonNullable<TelegramClientParams['connection']>;
interface ConnectionLike {
  _connected: boolean;
  connect(): Promise<void>;
  recv(): Promise<unknown>;
  _recv(): Promise<unknown>;
}

/**
 * The connection class, watched: gramjs swallows a -404 (it never makes a new key and its
 * connect() hangs), and it reconnects after a dropped socket without telling anyone. This
 * subclass reports both, so the gateway can make a fresh key and the app can show offline.
 */
function watchedConnection(base: ConnectionClass, hooks: ConnectionHooks): ConnectionClass {
  const Base = base as unknown as new (params: unknown) => ConnectionLike;
  class WatchedConnection extends Base {
    override async connect(): Promise<void> {
      await super.connect();
      hooks.up();
    }
    override async recv(): Promise<unknown> {
      const data = await super.recv();
      if (isForgottenKey(data)) hooks.forgotten();
      return data;
    }
    override async _recv(): Promise<unknown> {
      try {
        return await super._recv();
      } catch (error) {
        // Closed by the other side (or the network), not by us: gramjs will try to reconnect.
        if (this._connected) hooks.lost();
        throw error;
      }
    }
  }
  return WatchedConnection as unknown as ConnectionClass;
}

function defaultConnection(): ConnectionClass {
  // The package root does not export it; gramjs' Node default is TCP full.
  const require = createRequire(import.meta.url);
  return (require('telegram/network') as { ConnectionTCPFull: ConnectionClass }).ConnectionTCPFull;
}

class KeyForgotten extends Error {
  constructor() {
    super('the server forgot the auth key');
  }
}

function containsLoginToken(update: unknown): boolean {
  if (update instanceof Api.UpdateLoginToken) return true;
  if (update instanceof Api.UpdateShort) return update.update instanceof Api.UpdateLoginToken;
  if (update instanceof Api.Updates || update instanceof Api.UpdatesCombined) {
    return update.updates.some((u) => u instanceof Api.UpdateLoginToken);
  }
  return false;
}

function migrateTarget(error: unknown): number | null {
  if (
    error instanceof errors.PhoneMigrateError ||
    error instanceof errors.NetworkMigrateError ||
    error instanceof errors.UserMigrateError
  ) {
    return error.newDc;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------

export function createGramjsGateway(options: GramjsGatewayOptions): TelegramGateway {
  const { target } = options;
  const callTimeoutMs = options.callTimeoutMs ?? 15_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
  let client: TelegramClient | null = null;
  let connecting: Promise<TelegramClient> | null = null;
  // The session the next client starts from (a stored one at restore; the live one after a
  // dropped connection, so the auth key and the code flow bound to it survive a reconnect).
  let nextSession = '';
  // The DC a client without a session starts on (after a -404, the DC the forgotten key was on).
  let nextDc: { id: number; host: string } | undefined = target.initialDc;
  let disposed = false;
  // Set when the connection reports -404; the call waiting on it fails at once instead of hanging.
  let forgottenSignal: { promise: Promise<never>; reject: (e: Error) => void } | null = null;
  const tokenListeners = new Set<() => void>();
  const connectivityListeners = new Set<(event: ConnectivityEvent) => void>();
  const notifyConnectivity = (event: ConnectivityEvent) => {
    for (const l of [...connectivityListeners]) {
      try {
        l(event);
      } catch {
        // a listener's failure is its own
      }
    }
  };
  const connection = watchedConnection(target.connection ?? defaultConnection(), {
    forgotten: () => forgottenSignal?.reject(new KeyForgotten()),
    lost: () => notifyConnectivity('lost'),
    up: () => notifyConnectivity('up'),
  });

  function newForgottenSignal(): void {
    let reject!: (e: Error) => void;
    const promise = new Promise<never>((_, r) => (reject = r));
    promise.catch(() => undefined);
    forgottenSignal = { promise, reject };
  }

  /** Watch the client's updates for updateLoginToken (the sender is replaced on every DC switch). */
  function hookUpdates(c: TelegramClient): void {
    const sender = (c as unknown as { _sender?: { _updateCallback?: (client: unknown, update: unknown) => void } })._sender;
    if (!sender || !sender._updateCallback) return;
    const original = sender._updateCallback as ((client: unknown, update: unknown) => void) & { gramdeskHooked?: true };
    if (original.gramdeskHooked) return;
    const hooked = Object.assign(
      (client: unknown, update: unknown) => {
        if (containsLoginToken(update)) {
          for (const l of [...tokenListeners]) setImmediate(l);
        }
        original(client, update);
      },
      { gramdeskHooked: true as const },
    );
    sender._updateCallback = hooked;
  }

  function timeOffsetSec(c: TelegramClient): number {
    const offset = (c as unknown as { _sender?: { _state?: { timeOffset?: number } } })._sender?._state?.timeOffset;
    return typeof offset === 'number' && Number.isFinite(offset) ? offset : 0;
  }

  function newClient(): TelegramClient {
    const session = new sessions.StringSession(nextSession);
    if (!nextSession && nextDc) {
      // gramjs ignores the DC port (the connection class routes by DC id), and StringSession
      // stores the port as int16: keep a harmless standard port in the session.
      session.setDC(nextDc.id, nextDc.host, 443);
    }
    const params: TelegramClientParams = {
      connectionRetries: 2,
      retryDelay: 300,
      reconnectRetries: 2,
      // Two attempts: the second one is gramjs' own retry after PHONE/NETWORK/USER_MIGRATE.
      requestRetries: 2,
      timeout: Math.max(1, Math.ceil(connectTimeoutMs / 1000)),
      autoReconnect: true,
      floodSleepThreshold: 0,
      baseLogger: new Logger(SILENT),
      deviceModel: 'Gramdesk',
      systemVersion: `${process.platform} ${process.arch}`,
      appVersion: options.appVersion ?? '0.1.0',
      langCode: 'en',
      systemLangCode: 'en',
    };
    params.connection = connection;
    const c = new TelegramClient(session, target.apiId, target.apiHash, params);
    c.setLogLevel(SILENT);
    return c;
  }

  async function drop(keepSession: boolean): Promise<void> {
    const old = client;
    client = null;
    connecting = null;
    if (!old) return;
    if (keepSession) {
      const saved = saveSession(old);
      if (saved) nextSession = saved;
    }
    // destroy() stops gramjs' update/ping loop too; it must not keep the process alive.
    await withTimeout(old.destroy(), 5_000).catch(() => undefined);
  }

  function saveSession(c: TelegramClient): string | null {
    try {
      const s = c.session as InstanceType<typeof sessions.StringSession>;
      if (!s.getAuthKey()?.getKey()) return null;
      const saved = s.save();
      return saved || null;
    } catch {
      return null;
    }
  }

  async function connected(): Promise<TelegramClient> {
    if (disposed) throw new Error('gateway disposed: not connected');
    if (connecting) return connecting;
    if (client?.connected) return client;
    // A client whose connection failed for good is replaced (keeping its auth key) rather than
    // reconnected: gramjs' own state after a failed connect is not worth trusting.
    if (client) await drop(true);
    const c = newClient();
    client = c;
    newForgottenSignal();
    const signal = forgottenSignal!;
    const attempt = (async () => {
      const ok = await withTimeout(Promise.race([c.connect(), signal.promise]), connectTimeoutMs);
      if (!ok) throw new Error('could not connect to the server');
      hookUpdates(c);
      return c;
    })();
    connecting = attempt;
    try {
      return await attempt;
    } catch (error) {
      // A half-connected client may hang forever (gramjs after -404): start over next time.
      if (error instanceof KeyForgotten) await forgetKey();
      else await drop(true);
      throw error;
    } finally {
      if (connecting === attempt) connecting = null;
    }
  }

  /**
   * The server forgot the auth key (-404): drop it, keeping only the DC, so the next connection
   * makes a fresh key. Whatever was signed in on the old key is gone with it.
   */
  async function forgetKey(): Promise<void> {
    const old = client;
    if (old) {
      const s = old.session as InstanceType<typeof sessions.StringSession>;
      if (s.dcId && s.serverAddress) nextDc = { id: s.dcId, host: s.serverAddress };
    }
    await drop(false);
    nextSession = '';
  }

  /** One API call: connected, bounded in time, migrated once if the server says so, errors mapped. */
  async function call<R>(request: Api.AnyRequest, raw = false): Promise<GatewayResult<R>> {
    let migrated = false;
    let freshKey = false;
    for (;;) {
      try {
        const c = await connected();
        hookUpdates(c);
        const signal = forgottenSignal;
        // raw: straight to the sender. gramjs' invoke() feeds every result to its entity cache,
        // which takes any object with a numeric `length` (account.sentEmailCode) for an array and throws.
        const invoked = raw
          ? (c as unknown as { _sender: { send(r: Api.AnyRequest): Promise<unknown> } })._sender.send(request)
          : c.invoke(request);
        invoked.catch(() => undefined);
        const result = (await withTimeout(signal ? Promise.race([invoked, signal.promise]) : invoked, callTimeoutMs)) as R;
        return { ok: true, value: result };
      } catch (error) {
        if (error instanceof KeyForgotten) {
          // Once: a fresh key, then the same call again (it fails as unauthorized if it needed the old key).
          if (client) await forgetKey();
          if (!freshKey) {
            freshKey = true;
            continue;
          }
          return { ok: false, error: { code: 'NETWORK', detail: 'AUTH_KEY_FORGOTTEN' } };
        }
        const dc = migrateTarget(error);
        if (dc !== null && !migrated && client) {
          // gramjs migrates unauthorized clients itself; this covers what it re-raises.
          migrated = true;
          try {
            await withTimeout((client as unknown as { _switchDC(dc: number): Promise<unknown> })._switchDC(dc), connectTimeoutMs);
            hookUpdates(client);
            continue;
          } catch (switchError) {
            await drop(true);
            return { ok: false, error: toGatewayError(switchError) };
          }
        }
        const mapped = toGatewayError(error);
        // A connection that timed out or broke is renewed before the next call.
        if (mapped.code === 'TIMEOUT' || mapped.code === 'NETWORK') await drop(true);
        return { ok: false, error: mapped };
      }
    }
  }

  function settingsFor(logoutTokens?: readonly string[]): Api.CodeSettings {
    const tokens = (logoutTokens ?? []).map((t) => Buffer.from(t, 'base64')).filter((b) => b.length > 0);
    return new Api.CodeSettings(tokens.length > 0 ? { logoutTokens: tokens } : {});
  }

  async function self(): Promise<GatewayResult<SignedInUser>> {
    const r = await call<Api.TypeUser[]>(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
    if (!r.ok) return r;
    const user = r.value[0] ? toSignedInUser(r.value[0]) : null;
    // No user for "self" means the session is not signed in (anymore).
    return user ? { ok: true, value: user } : { ok: false, error: { code: 'SESSION_INVALID', detail: 'USER_EMPTY' } };
  }

  function authorizedUser(auth: Api.auth.TypeAuthorization): GatewayResult<SignedInUser> {
    const outcome = toSignInOutcome(auth);
    if (!outcome.ok) return outcome;
    return outcome.value.kind === 'signed_in'
      ? { ok: true, value: outcome.value.user }
      : { ok: false, error: { code: 'UNKNOWN', detail: outcome.value.kind } };
  }

  /** auth.loginToken / loginTokenMigrateTo / loginTokenSuccess, following a migration once. */
  async function qrOutcome(answer: Api.auth.TypeLoginToken, migrated: boolean): Promise<GatewayResult<QrOutcome>> {
    if (answer instanceof Api.auth.LoginToken) {
      const offset = client ? timeOffsetSec(client) : 0;
      return { ok: true, value: { kind: 'token', loginUrl: loginUrlOf(answer.token), expiresAt: (answer.expires - offset) * 1000 } };
    }
    if (answer instanceof Api.auth.LoginTokenSuccess) {
      const user = authorizedUser(answer.authorization);
      return user.ok ? { ok: true, value: { kind: 'signed_in', user: user.value } } : user;
    }
    if (migrated || !client) return { ok: false, error: { code: 'UNKNOWN', detail: 'loginTokenMigrateTo' } };
    // The account lives on another DC: a key there, then import the token.
    try {
      await withTimeout((client as unknown as { _switchDC(dc: number): Promise<unknown> })._switchDC(answer.dcId), connectTimeoutMs);
      hookUpdates(client);
    } catch (error) {
      await drop(true);
      return { ok: false, error: toGatewayError(error) };
    }
    const r = await call<Api.auth.TypeLoginToken>(new Api.auth.ImportLoginToken({ token: answer.token }));
    if (!r.ok) return r.error.detail === 'SESSION_PASSWORD_NEEDED' ? { ok: true, value: { kind: 'password_needed' } } : r;
    return qrOutcome(r.value, true);
  }

  return {
    async useSession(session) {
      await drop(false);
      nextSession = session ?? '';
    },

    help: createHelpCalls((request) => call(request)),

    exportSession() {
      return client ? saveSession(client) : nextSession || null;
    },

    async sendCode(phone, logoutTokens) {
      const r = await call<Api.auth.TypeSentCode>(
        new Api.auth.SendCode({
          phoneNumber: phone,
          apiId: target.apiId,
          apiHash: target.apiHash,
          settings: settingsFor(logoutTokens),
        }),
      );
      if (!r.ok) return r;
      return toSendCodeOutcome(r.value);
    },

    async resendCode(phone, phoneCodeHash) {
      const r = await call<Api.auth.TypeSentCode>(new Api.auth.ResendCode({ phoneNumber: phone, phoneCodeHash }));
      if (!r.ok) return r;
      if (r.value instanceof Api.auth.SentCode) return { ok: true, value: toSentCode(r.value) };
      // auth.sentCodeSuccess is only answered to sendCode; anything else here is unexpected.
      return { ok: false, error: { code: 'UNKNOWN', detail: r.value.className } };
    },

    async cancelCode(phone, phoneCodeHash) {
      const r = await call<boolean>(new Api.auth.CancelCode({ phoneNumber: phone, phoneCodeHash }));
      return r.ok ? { ok: true, value: undefined } : r;
    },

    async signIn(phone, phoneCodeHash, code, viaEmail): Promise<GatewayResult<SignInOutcome>> {
      const r = await call<Api.auth.TypeAuthorization>(
        new Api.auth.SignIn(
          viaEmail
            ? { phoneNumber: phone, phoneCodeHash, emailVerification: new Api.EmailVerificationCode({ code }) }
            : { phoneNumber: phone, phoneCodeHash, phoneCode: code },
        ),
      );
      if (!r.ok) {
        if (r.error.detail === 'SESSION_PASSWORD_NEEDED') return { ok: true, value: { kind: 'password_needed' } };
        return r;
      }
      return toSignInOutcome(r.value);
    },

    getSelf: self,

    async sendLoginEmailCode(phone, phoneCodeHash, email) {
      const r = await call<Api.account.SentEmailCode>(
        new Api.account.SendVerifyEmailCode({
          purpose: new Api.EmailVerifyPurposeLoginSetup({ phoneNumber: phone, phoneCodeHash }),
          email,
        }),
        true,
      );
      return r.ok ? { ok: true, value: { emailPattern: r.value.emailPattern, length: r.value.length } } : r;
    },

    async verifyLoginEmail(phone, phoneCodeHash, code) {
      const r = await call<Api.account.TypeEmailVerified>(
        new Api.account.VerifyEmail({
          purpose: new Api.EmailVerifyPurposeLoginSetup({ phoneNumber: phone, phoneCodeHash }),
          verification: new Api.EmailVerificationCode({ code }),
        }),
      );
      if (!r.ok) return r;
      if (r.value instanceof Api.account.EmailVerifiedLogin && r.value.sentCode instanceof Api.auth.SentCode) {
        return { ok: true, value: toSentCode(r.value.sentCode) };
      }
      return { ok: false, error: { code: 'UNKNOWN', detail: r.value.className } };
    },

    async logOut() {
      const r = await call<Api.auth.LoggedOut>(new Api.auth.LogOut());
      if (!r.ok) return r;
      const token = r.value.futureAuthToken;
      return { ok: true, value: { futureAuthToken: token && token.length > 0 ? Buffer.from(token).toString('base64') : null } };
    },

    async getPasswordInfo() {
      const r = await call<Api.account.Password>(new Api.account.GetPassword());
      if (!r.ok) return r;
      return { ok: true, value: { hint: r.value.hint ?? '', hasRecovery: r.value.hasRecovery === true } };
    },

    async checkPassword(password) {
      for (let attempt = 0; ; attempt++) {
        const info = await call<Api.account.Password>(new Api.account.GetPassword());
        if (!info.ok) return info;
        let check: Api.InputCheckPasswordSRP;
        try {
          check = await srp.computeCheck(info.value, password);
        } catch {
          return { ok: false, error: { code: 'UNKNOWN', detail: 'computeCheck' } };
        }
        const r = await call<Api.auth.TypeAuthorization>(new Api.auth.CheckPassword({ password: check }));
        if (r.ok) return authorizedUser(r.value);
        // The SRP parameters went stale between getPassword and the check: fetch them again, once.
        if (r.error.code === 'SRP_ID_INVALID' && attempt === 0) continue;
        return r;
      }
    },

    async requestPasswordRecovery() {
      const r = await call<Api.auth.PasswordRecovery>(new Api.auth.RequestPasswordRecovery());
      return r.ok ? { ok: true, value: { emailPattern: r.value.emailPattern } } : r;
    },

    async recoverPassword(code) {
      const valid = await call<boolean>(new Api.auth.CheckRecoveryPassword({ code }));
      if (!valid.ok) return valid;
      if (valid.value !== true) return { ok: false, error: { code: 'CODE_INVALID', detail: 'checkRecoveryPassword' } };
      const r = await call<Api.auth.TypeAuthorization>(new Api.auth.RecoverPassword({ code }));
      return r.ok ? authorizedUser(r.value) : r;
    },

    async signUp(phone, phoneCodeHash, firstName, lastName, acceptedTermsId) {
      if (acceptedTermsId !== null) {
        const accepted = await call<boolean>(
          new Api.help.AcceptTermsOfService({ id: new Api.DataJSON({ data: acceptedTermsId }) }),
        );
        // The server may only record it once signed up; the sign-up itself decides.
        void accepted;
      }
      const r = await call<Api.auth.TypeAuthorization>(
        new Api.auth.SignUp({ phoneNumber: phone, phoneCodeHash, firstName, lastName }),
      );
      return r.ok ? authorizedUser(r.value) : r;
    },

    async exportLoginToken(exceptIds) {
      const ids = exceptIds.filter((id) => /^\d{1,20}$/.test(id)).map((id) => helpers.returnBigInt(id));
      const r = await call<Api.auth.TypeLoginToken>(
        new Api.auth.ExportLoginToken({
          apiId: target.apiId,
          apiHash: target.apiHash,
          exceptIds: ids,
        }),
      );
      if (!r.ok) return r.error.detail === 'SESSION_PASSWORD_NEEDED' ? { ok: true, value: { kind: 'password_needed' } } : r;
      return qrOutcome(r.value, false);
    },

    onLoginTokenAccepted(listener) {
      tokenListeners.add(listener);
      return () => tokenListeners.delete(listener);
    },

    async getAuthorizations() {
      const r = await call<Api.account.Authorizations>(new Api.account.GetAuthorizations());
      if (!r.ok) return r;
      const list = r.value.authorizations.map(toActiveSession);
      list.sort((a, b) => Number(b.current) - Number(a.current) || b.activeAt - a.activeAt);
      return { ok: true, value: list };
    },

    async resetAuthorization(hash) {
      const r = await call<boolean>(new Api.account.ResetAuthorization({ hash: helpers.returnBigInt(hash) }));
      return r.ok ? { ok: true, value: undefined } : r;
    },

    onConnectivity(listener) {
      connectivityListeners.add(listener);
      return () => connectivityListeners.delete(listener);
    },

    async probe() {
      const r = await call<Api.TypeNearestDc>(new Api.help.GetNearestDc());
      return r.ok ? { ok: true, value: undefined } : r;
    },

    async dispose() {
      disposed = true;
      await drop(false);
      nextSession = '';
    },
  };
}

function toSendCodeOutcome(sent: Api.auth.TypeSentCode): GatewayResult<SendCodeOutcome> {
  if (sent instanceof Api.auth.SentCode) return { ok: true, value: { kind: 'code_sent', sentCode: toSentCode(sent) } };
  const outcome = toSignInOutcome(sent.authorization);
  if (!outcome.ok) return outcome;
  return outcome.value.kind === 'signed_in'
    ? { ok: true, value: outcome.value }
    : { ok: false, error: { code: 'UNKNOWN', detail: 'auth.sentCodeSuccess' } };
}

function toSignInOutcome(auth: Api.auth.TypeAuthorization): GatewayResult<SignInOutcome> {
  if (auth instanceof Api.auth.AuthorizationSignUpRequired) {
    return { ok: true, value: { kind: 'sign_up_required', terms: toSignUpTerms(auth.termsOfService) } };
  }
  const user = toSignedInUser(auth.user);
  return user
    ? { ok: true, value: { kind: 'signed_in', user } }
    : { ok: false, error: { code: 'UNKNOWN', detail: 'userEmpty' } };
}
