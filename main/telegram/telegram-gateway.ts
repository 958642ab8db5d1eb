// What the login service needs from Telegram, in plain data, grouped by TL namespace with named
// parameters. The gramjs adapter (gramjs-gateway.ts) is the only implementation; keeping gramjs
// behind this seam means raw gramjs objects, the auth key and the phone_code_hash never reach
// the state the UI sees.
import type { SignInHelpCalls } from './help-calls';
import type { ActiveSession, CodeDelivery, FlowErrorCode, NextChannel, SignedInUser, TermsOfService } from '../../common/login-state';

/** What the server said about a sent code (auth.sentCode), minus its hash. */
export interface SentCodeInfo {
  delivery: CodeDelivery;
  /** Digits the code has; 0 when the server did not say. */
  length: number;
  next: NextChannel | null;
  /** Seconds until `next` may be requested; null when the server gave no timeout. */
  timeoutSec: number | null;
}

/** auth.sentCode as plain data. The hash stays in main: the flow keeps it privately, LoginState never does. */
export interface SentCode extends SentCodeInfo {
  phoneCodeHash: string;
}

/** What sending a code can lead to: a code to enter, or (auth.sentCodeSuccess) an account already signed in. */
export type SendCodeOutcome = { kind: 'code_sent'; sentCode: SentCode } | { kind: 'signed_in'; user: SignedInUser };

/** The terms of service to accept before auth.signUp; `id` (help.acceptTermsOfService's) stays in main. */
export interface SignUpTerms extends TermsOfService {
  id: string;
}

/** What auth.signIn can lead to. */
export type SignInOutcome =
  | { kind: 'signed_in'; user: SignedInUser }
  | { kind: 'password_needed' }
  | { kind: 'sign_up_required'; terms: SignUpTerms | null };

/** account.getPassword as the password step needs it. */
export interface PasswordInfo {
  hint: string;
  hasRecovery: boolean;
}

/** What exporting a QR login token leads to. */
export type QrOutcome =
  | { kind: 'token'; loginUrl: string; expiresAt: number }
  | { kind: 'signed_in'; user: SignedInUser }
  | { kind: 'password_needed' };

/** What the gateway tells about its connection: lost (and gramjs reconnecting), or up again. */
export type ConnectivityEvent = 'lost' | 'up';

/**
 * An error as the flow names it, mapped once in the adapter: a server error by its own name
 * (flow-error-sources.ts says which pass), a dead session by the specific reason.
 */
export interface GatewayError {
  code: FlowErrorCode;
  /** FLOOD_WAIT / PHONE_NUMBER_FLOOD: how long the server asked to wait, when it said. */
  waitSeconds?: number;
  /** For UNKNOWN: the server's own error name, for diagnostics; never a session or a code. */
  detail?: string;
}

export type GatewayResult<T> = { ok: true; value: T } | { ok: false; error: GatewayError };

/** A pending code's identity, as every call about it needs it. */
export interface CodeRef {
  phone: string;
  phoneCodeHash: string;
}

export interface AuthCalls {
  /** auth.sendCode; `logoutTokens` (base64 future auth tokens) may let a returning account skip the code. */
  sendCode(p: { phone: string; logoutTokens: readonly string[] }): Promise<GatewayResult<SendCodeOutcome>>;
  resendCode(p: CodeRef): Promise<GatewayResult<SentCode>>;
  cancelCode(p: CodeRef): Promise<GatewayResult<void>>;
  /** auth.signIn; an emailed code (`viaEmail`) goes as email_verification, as Telegram wants it. */
  signIn(p: CodeRef & { code: string; viaEmail: boolean }): Promise<GatewayResult<SignInOutcome>>;
  signUp(p: CodeRef & { firstName: string; lastName: string }): Promise<GatewayResult<SignedInUser>>;
  /** auth.logOut; the future auth token (base64) the server handed back, if any. */
  logOut(): Promise<GatewayResult<{ futureAuthToken: string | null }>>;
  /** account.getPassword + auth.checkPassword (SRP); SRP_ID_INVALID refetches and retries once. */
  checkPassword(p: { password: string }): Promise<GatewayResult<SignedInUser>>;
  /** auth.requestPasswordRecovery: the email pattern the code went to. */
  requestPasswordRecovery(): Promise<GatewayResult<{ emailPattern: string }>>;
  /** auth.checkRecoveryPassword then auth.recoverPassword (no new password): signs in. */
  recoverPassword(p: { code: string }): Promise<GatewayResult<SignedInUser>>;
  /**
   * auth.exportLoginToken (following loginTokenMigrateTo to auth.importLoginToken): a token to
   * show, or the outcome once it was accepted. `exceptIds`: accounts already signed in here.
   */
  exportLoginToken(p: { exceptIds: readonly string[] }): Promise<GatewayResult<QrOutcome>>;
}

export interface AccountCalls {
  /** account.getPassword: the hint and whether email recovery exists. */
  getPassword(): Promise<GatewayResult<PasswordInfo>>;
  /** setUpEmailRequired: account.sendVerifyEmailCode (purpose: login set-up). */
  sendVerifyEmailCode(p: CodeRef & { email: string }): Promise<GatewayResult<{ emailPattern: string; length: number }>>;
  /** account.verifyEmail; the login code that then goes to the verified address. */
  verifyEmail(p: CodeRef & { code: string }): Promise<GatewayResult<SentCode>>;
  getAuthorizations(): Promise<GatewayResult<ActiveSession[]>>;
  resetAuthorization(p: { hash: string }): Promise<GatewayResult<void>>;
}

export interface UsersCalls {
  /** users.getUsers([inputUserSelf]): who this session is signed in as (AUTH_KEY_UNREGISTERED when nobody). */
  getSelf(): Promise<GatewayResult<SignedInUser>>;
}

export interface HelpCalls extends SignInHelpCalls {
  /** help.acceptTermsOfService for the terms the person accepted (by their id). */
  acceptTermsOfService(p: { termsId: string }): Promise<GatewayResult<void>>;
  /** help.getNearestDc: one cheap call, reconnecting if needed; ok when the server answers. */
  getNearestDc(): Promise<GatewayResult<void>>;
}

/** Keeps a session's auth key before a call that can sign it in. */
export type KeyGuard = (session: string) => Promise<void>;

/** The connection itself: which auth key is used, and what it reports by itself. */
/** What initConnection tells Telegram of the person's language (main/settings/connection-language.ts). */
export interface ConnectionLanguage {
  /** The language the app speaks, by Telegram's code ("en", "pt-br"). */
  langCode: string;
  /** The system's own language tag ("ru-RU"). */
  systemLangCode: string;
}

export interface GatewayConnection {
  /**
   * Use this stored session (or none: a fresh auth key) for the calls that follow. Drops the
   * current connection; the next call connects.
   */
  useSession(session: string | null): Promise<void>;
  /**
   * Drop the current connection now, keeping the session: calls in flight fail with NETWORK, and
   * the next call connects anew (through the proxy in use then). Nothing opened before goes on.
   */
  reopen(): Promise<void>;
  /** The current session, serialized for the vault (null before any auth key exists). */
  exportSession(): string | null;
  /**
   * Before every call that can sign the current auth key in (sign-in, sign-up, password,
   * recovery, QR, a code request offering future auth tokens), `guard` is awaited with the
   * session: it keeps the key where the next start finds it, so a kill between the server's
   * sign-in and the stored session leaves an authorization the app can still end.
   */
  guardKeys(guard: KeyGuard | null): void;
  /** Called when the server pushes updateLoginToken (the QR code was scanned). */
  onLoginTokenAccepted(listener: () => void): () => void;
  /** Connection lost / up again (the service shows offline and probes with back-off). */
  onConnectivity(listener: (event: ConnectivityEvent) => void): () => void;
  /**
   * The person's language from now on: every connection's initConnection names it, and an open
   * connection sends initConnection again at once, as Telegram's apps do when the language changes.
   * Never fails: a connection that can't tell the server now tells it when it next connects.
   */
  useLanguage(language: ConnectionLanguage): Promise<void>;
  /** Disconnect for good. */
  dispose(): Promise<void>;
}

export interface TelegramGateway {
  readonly connection: GatewayConnection;
  readonly auth: AuthCalls;
  readonly account: AccountCalls;
  readonly users: UsersCalls;
  readonly help: HelpCalls;
}
