// What the login service needs from Telegram, in plain data. The gramjs adapter
// (gramjs-gateway.ts) is the only implementation; keeping gramjs behind this seam means raw
// gramjs objects, the auth key and the phone_code_hash never reach the state the UI sees.
import type { ActiveSession, FlowErrorCode, SignedInUser, TermsOfService } from '../../common/login-state';
import type { SentCodeInfo } from '../login/login-flow';
import type { HelpCalls } from './help-calls';

/** auth.sentCode as plain data. The hash stays in main: the service keeps it, LoginState never does. */
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
 * Errors the adapter reports. The flow's codes, plus SESSION_INVALID: the server no longer
 * accepts this session (AUTH_KEY_UNREGISTERED, SESSION_REVOKED, SESSION_EXPIRED,
 * USER_DEACTIVATED, AUTH_KEY_DUPLICATED ...), which the service answers by deleting it.
 */
export type GatewayErrorCode = FlowErrorCode | 'SESSION_INVALID';

export interface GatewayError {
  code: GatewayErrorCode;
  /** FLOOD_WAIT / PHONE_NUMBER_FLOOD: how long the server asked to wait, when it said. */
  waitSeconds?: number;
  /** The server's own error name (e.g. "PHONE_CODE_INVALID"), for diagnostics; never a session or a code. */
  detail?: string;
}

export type GatewayResult<T> = { ok: true; value: T } | { ok: false; error: GatewayError };

export interface TelegramGateway {
  /** help.getConfig / getNearestDc / getCountriesList for the first screen (help-calls.ts). */
  readonly help: HelpCalls;
  /**
   * Use this stored session (or none: a fresh auth key) for the calls that follow. Drops the
   * current connection; the next call connects.
   */
  useSession(session: string | null): Promise<void>;
  /** The current session, serialized for the vault (null before any auth key exists). */
  exportSession(): string | null;
  /** auth.sendCode; `logoutTokens` (base64 future auth tokens) may let a returning account skip the code. */
  sendCode(phone: string, logoutTokens?: readonly string[]): Promise<GatewayResult<SendCodeOutcome>>;
  resendCode(phone: string, phoneCodeHash: string): Promise<GatewayResult<SentCode>>;
  cancelCode(phone: string, phoneCodeHash: string): Promise<GatewayResult<void>>;
  /** auth.signIn; an emailed code (`viaEmail`) goes as email_verification, as Telegram wants it. */
  signIn(phone: string, phoneCodeHash: string, code: string, viaEmail?: boolean): Promise<GatewayResult<SignInOutcome>>;
  /** setUpEmailRequired: account.sendVerifyEmailCode (purpose: login set-up). */
  sendLoginEmailCode(phone: string, phoneCodeHash: string, email: string): Promise<GatewayResult<{ emailPattern: string; length: number }>>;
  /** account.verifyEmail; the login code that then goes to the verified address. */
  verifyLoginEmail(phone: string, phoneCodeHash: string, code: string): Promise<GatewayResult<SentCode>>;
  /** users.getUsers([inputUserSelf]): who this session is signed in as. */
  getSelf(): Promise<GatewayResult<SignedInUser>>;
  /** auth.logOut; the future auth token (base64) the server handed back, if any. */
  logOut(): Promise<GatewayResult<{ futureAuthToken: string | null }>>;
  /** account.getPassword: the hint and whether email recovery exists. */
  getPasswordInfo(): Promise<GatewayResult<PasswordInfo>>;
  /** account.getPassword + auth.checkPassword (SRP); SRP_ID_INVALID refetches and retries once. */
  checkPassword(password: string): Promise<GatewayResult<SignedInUser>>;
  /** auth.requestPasswordRecovery: the email pattern the code went to. */
  requestPasswordRecovery(): Promise<GatewayResult<{ emailPattern: string }>>;
  /** auth.checkRecoveryPassword then auth.recoverPassword (no new password): signs in. */
  recoverPassword(code: string): Promise<GatewayResult<SignedInUser>>;
  /** help.acceptTermsOfService (when terms were shown and accepted) then auth.signUp. */
  signUp(
    phone: string,
    phoneCodeHash: string,
    firstName: string,
    lastName: string,
    acceptedTermsId: string | null,
  ): Promise<GatewayResult<SignedInUser>>;
  /**
   * auth.exportLoginToken (following loginTokenMigrateTo to auth.importLoginToken): a token to
   * show, or the outcome once it was accepted. `exceptIds`: accounts already signed in here.
   */
  exportLoginToken(exceptIds: readonly string[]): Promise<GatewayResult<QrOutcome>>;
  /** Called when the server pushes updateLoginToken (the QR code was scanned). */
  onLoginTokenAccepted(listener: () => void): () => void;
  /** account.getAuthorizations. */
  getAuthorizations(): Promise<GatewayResult<ActiveSession[]>>;
  /** account.resetAuthorization. */
  resetAuthorization(hash: string): Promise<GatewayResult<void>>;
  /** Connection lost / up again (the service shows offline and probes with back-off). */
  onConnectivity(listener: (event: ConnectivityEvent) => void): () => void;
  /** Reconnect if needed and make one cheap call: ok when the server answers. */
  probe(): Promise<GatewayResult<void>>;
  /** Disconnect for good. */
  dispose(): Promise<void>;
}
