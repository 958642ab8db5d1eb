// The login flow as the renderer sees it: one union whose every step carries its own data.
// Main owns the only instance and pushes it whole on every change; the renderer never derives
// flow decisions of its own from anything but this value.
//
// Everything here is plain JSON data: it crosses the process boundary (IPC or the browser-mode
// bridge), so no class instances, no bigint, no Date. Instants are epoch milliseconds.
import type { AccountsView } from './account-list';
import type { ProxyNetworkView, ProxyOffer } from './proxy-settings';

/** How the server says the current code was sent (auth.SentCodeType). */
export type CodeDelivery =
  | { kind: 'app' }
  | { kind: 'sms' }
  | { kind: 'call' }
  | { kind: 'flash_call'; pattern: string }
  /** The code is the last `length` digits of the number that calls; `prefix` is what the call number starts with. */
  | { kind: 'missed_call'; prefix: string }
  | { kind: 'email'; emailPattern: string }
  | { kind: 'setup_email_required' }
  | { kind: 'fragment_sms'; url: string }
  | { kind: 'firebase_sms' }
  | { kind: 'sms_word'; beginning: string | null }
  | { kind: 'sms_phrase'; beginning: string | null };

/** What `auth.resendCode` would use next (auth.CodeType). */
export type NextChannel = 'sms' | 'call' | 'flash_call' | 'missed_call' | 'fragment_sms';

/**
 * Error codes that cross the boundary. The UI translates each one; it never shows raw server
 * strings alone. Server errors keep Telegram's names; the rest are the app's own.
 */
export type FlowErrorCode =
  // Telegram errors of the auth methods
  | 'PHONE_NUMBER_INVALID'
  | 'PHONE_NUMBER_BANNED'
  | 'PHONE_NUMBER_FLOOD'
  | 'PHONE_NUMBER_UNOCCUPIED'
  | 'PHONE_CODE_EMPTY'
  | 'PHONE_CODE_INVALID'
  | 'PHONE_CODE_EXPIRED'
  | 'PHONE_CODE_HASH_EMPTY'
  | 'SEND_CODE_UNAVAILABLE'
  | 'FLOOD_WAIT'
  | 'API_ID_INVALID'
  // Two-step password and its recovery
  | 'PASSWORD_HASH_INVALID' // wrong password: the password step stays, with this message
  | 'PHONE_PASSWORD_FLOOD' // too many wrong passwords: retryAt when the server said how long
  | 'PASSWORD_RECOVERY_NA' // the account has no recovery email: recovery is not possible
  | 'PASSWORD_RECOVERY_EXPIRED' // the recovery code expired: request a new one
  | 'CODE_INVALID' // wrong recovery code
  | 'SRP_ID_INVALID' // the password check kept failing its handshake (after one automatic retry)
  // QR login
  | 'AUTH_TOKEN_EXPIRED' // the QR token expired before it was accepted (a new one is shown by itself)
  | 'AUTH_TOKEN_INVALID'
  | 'AUTH_TOKEN_ALREADY_ACCEPTED'
  // Sign-up
  | 'PHONE_NUMBER_APP_SIGNUP_FORBIDDEN' // new accounts can't be made from this app: use the official app
  | 'PHONE_NUMBER_OCCUPIED'
  | 'FIRSTNAME_INVALID'
  | 'LASTNAME_INVALID'
  // Login email set-up (setUpEmailRequired)
  | 'EMAIL_INVALID'
  | 'EMAIL_VERIFICATION_INVALID'
  | 'CODE_EXPIRED'
  // Why a stored session was wiped at start (phone step's error), or why a signed-in session ended
  | 'AUTH_KEY_UNREGISTERED'
  | 'SESSION_REVOKED'
  | 'SESSION_EXPIRED'
  | 'USER_DEACTIVATED'
  | 'AUTH_KEY_DUPLICATED'
  // Active sessions
  | 'FRESH_RESET_AUTHORISATION_FORBIDDEN' // this session is too new (<24 h) to end other sessions
  | 'HASH_INVALID' // the session to end no longer exists (the list is refreshed)
  // The app's own
  | 'PASSWORD_FORMAT' // rejected before sending: empty password
  | 'NAME_FORMAT' // rejected before sending: empty first name (or over 64 characters)
  | 'EMAIL_FORMAT' // rejected before sending: not an email address
  | 'OFFLINE' // the action could not run: the connection is down (see LoginState.offline)
  | 'PHONE_FORMAT' // rejected before sending: not an E.164 number
  | 'CODE_FORMAT' // rejected before sending: not digits of the expected length
  | 'NETWORK' // the server could not be reached or the connection dropped
  | 'TIMEOUT' // the server did not answer in time
  | 'SERVER' // 5xx / RPC_CALL_FAIL and other server-side failures
  | 'KEYCHAIN_WRITE_FAILED' // the session could not be stored and read back
  | 'LOGOUT_SERVER_FAILED' // auth.logOut failed; the local session was still removed
  | 'UNKNOWN';

export interface FlowError {
  code: FlowErrorCode;
  /**
   * For FLOOD_WAIT, PHONE_NUMBER_FLOOD and PHONE_PASSWORD_FLOOD with a known wait: when the wait
   * ends (epoch ms). Until then every intent that would call the server is refused (NOT_NOW), also
   * after a restart of the app (the deadline is kept in the keychain). Nothing retries by itself.
   */
  retryAt?: number;
}

export interface SignedInUser {
  /** Telegram user id as a decimal string (ids are 64-bit). */
  id: string;
  firstName: string;
  lastName: string;
  /** E.164 with a leading '+', or '' when the server hides it. */
  phone: string;
  username: string | null;
}

/** Which action is running; the UI shows progress for it and disables every other action. */
export type BusyAction =
  | 'send_code'
  | 'resend_code'
  | 'sign_in'
  | 'cancel_code'
  | 'log_out'
  | 'check_password' // auth.checkPassword (password step)
  | 'request_recovery' // auth.requestPasswordRecovery (password step)
  | 'recover_password' // auth.checkRecoveryPassword + auth.recoverPassword (password_recovery step)
  | 'qr_token' // fetching the first QR token (qr step; refreshes at expiry are silent)
  | 'qr_sign_in' // the QR code was scanned: finishing the sign-in (qr step)
  | 'sign_up' // help.acceptTermsOfService + auth.signUp (sign_up step)
  | 'send_email' // account.sendVerifyEmailCode (email_setup step)
  | 'verify_email' // account.verifyEmail (email_setup step)
  | 'load_sessions' // account.getAuthorizations (signed_in step)
  | 'end_session' // account.resetAuthorization (signed_in step)
  | null;

/** One signed-in device of the account (account.getAuthorizations), as plain data. */
export interface ActiveSession {
  /** The authorization's hash as a decimal string (64-bit); what endSession takes. */
  hash: string;
  /** This app's own session (it can't be ended from here; log out instead). */
  current: boolean;
  /** e.g. "Pixel 8", "Gramdesk". */
  device: string;
  /** e.g. "Android", "linux x64". */
  platform: string;
  /** App name and version, e.g. "Telegram Android 11.2". */
  app: string;
  /** Whether the app is an official Telegram app. */
  official: boolean;
  ip: string | null;
  country: string | null;
  /** When the session signed in / was last active (epoch ms). */
  createdAt: number;
  activeAt: number;
}

/** Terms of service shown before sign-up (help.termsOfService), as plain text. */
export interface TermsOfService {
  text: string;
  /** When set, the person must confirm being at least this old. */
  minAgeConfirm: number | null;
}

/**
 * Present on the pushed state only while the connection to Telegram is down (absent otherwise).
 * Main reconnects by itself with back-off; nothing the person entered is lost, and the step
 * underneath stays as it was. Actions that need the server fail with OFFLINE meanwhile.
 */
export interface OfflineInfo {
  /** When the connection was found down (epoch ms). */
  since: number;
  /** When the next reconnection attempt runs (epoch ms), or null while one is running. */
  nextAttemptAt: number | null;
}

export type LoginState = LoginStepState & {
  /** See OfflineInfo: only present while offline. */
  offline?: OfflineInfo;
  /** The accounts signed in here and which one the step belongs to (main's account list adds it). */
  accounts?: AccountsView;
  /** Only present while a proxy is in use: which one, and how connecting through it goes. */
  network?: ProxyNetworkView;
  /** Only present while a proxy link waits for the person to enable it or cancel. */
  proxyOffer?: ProxyOffer;
};

export type LoginStepState =
  /** Restoring a stored session and connecting; nothing to do yet. */
  | { step: 'starting' }
  | {
      step: 'phone';
      /** The last number the person entered, kept so an error loses nothing. */
      phone: string;
      busy: BusyAction;
      error: FlowError | null;
    }
  | {
      step: 'code';
      phone: string;
      delivery: CodeDelivery;
      /** Digits the code has (0 when the server did not say). */
      length: number;
      /** The channel auth.resendCode would use, or null when the server offers none. */
      next: NextChannel | null;
      /** When `next` may be requested (epoch ms); null when it may be requested now. */
      nextAvailableAt: number | null;
      busy: BusyAction;
      error: FlowError | null;
    }
  /** The account has a two-step (cloud) password (SESSION_PASSWORD_NEEDED). */
  | {
      step: 'password';
      /** The number signed in with, or null after a QR scan (no number was entered). */
      phone: string | null;
      /** The account's password hint ('' when none). */
      hint: string;
      /** Whether "Forgot password?" can send a recovery code by email (else explain: PASSWORD_RECOVERY_NA). */
      hasRecovery: boolean;
      busy: BusyAction;
      error: FlowError | null;
    }
  /** A recovery code was sent to the account's recovery email. */
  | {
      step: 'password_recovery';
      phone: string | null;
      /** e.g. "g***@example.com". */
      emailPattern: string;
      busy: BusyAction;
      error: FlowError | null;
    }
  /** QR login: show `loginUrl` as a QR code; main refreshes it by itself before `expiresAt`. */
  | {
      step: 'qr';
      /** tg://login?token=<base64url>; null until the first token arrived (or when none could be fetched). */
      loginUrl: string | null;
      /**
       * When this token expires (epoch ms, local clock). Main replaces it shortly before; if it is in
       * the past (e.g. offline), show the code as expired: startQrLogin fetches a new one.
       */
      expiresAt: number | null;
      busy: BusyAction;
      error: FlowError | null;
    }
  /** The number has no account: names, and the terms of service to accept (never auto-accepted). */
  | {
      step: 'sign_up';
      phone: string;
      termsOfService: TermsOfService | null;
      busy: BusyAction;
      error: FlowError | null;
    }
  /**
   * setUpEmailRequired: the account must set up a login email first. `emailPattern` null: ask for
   * the address (submitLoginEmail); set: a code went there (submitCode with it).
   */
  | {
      step: 'email_setup';
      phone: string;
      emailPattern: string | null;
      /** Digits of the email code (0 until sent / when unknown). */
      length: number;
      busy: BusyAction;
      error: FlowError | null;
    }
  | {
      step: 'signed_in';
      user: SignedInUser;
      /** False when no keychain is available: the app works but will not remember the session. */
      sessionPersisted: boolean;
      /** The account's active sessions, this one first; null until loaded (or when loading failed: see error). */
      sessions: ActiveSession[] | null;
      busy: BusyAction;
      error: FlowError | null;
    };

export type LoginStep = LoginState['step'];
