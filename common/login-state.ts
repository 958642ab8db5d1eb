// The login flow as the renderer sees it: one union whose every step carries its own data.
// Main owns the only instance and pushes it whole on every change; the renderer never derives
// flow decisions of its own from anything but this value.
//
// Everything here is plain JSON data: it crosses the process boundary (IPC or the browser-mode
// bridge), so no class instances, no bigint, no Date. Instants are epoch milliseconds.

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
  // The app's own
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
  /** For FLOOD_WAIT and PHONE_NUMBER_FLOOD with a known wait: when the wait ends (epoch ms). */
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
export type BusyAction = 'send_code' | 'resend_code' | 'sign_in' | 'cancel_code' | 'log_out' | null;

export type LoginState =
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
  /** A path this release can't finish yet (2FA password, sign-up); the person can go back. */
  | { step: 'unsupported'; phone: string; reason: 'password' | 'sign_up' }
  | {
      step: 'signed_in';
      user: SignedInUser;
      /** False when no keychain is available: the app works but will not remember the session. */
      sessionPersisted: boolean;
      busy: BusyAction;
      error: FlowError | null;
    };

export type LoginStep = LoginState['step'];
