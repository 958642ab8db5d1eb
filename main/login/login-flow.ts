// The login flow as one pure state machine: `transition(state, event)` is the only way the
// login state changes. No I/O and no hidden clock (events carry `now` where time matters), so
// every step and error is tested exhaustively without a server (test/unit/login-flow.test.ts).
//
// The service (login-service.ts) runs the effects and feeds their outcomes back in as events;
// `intentFits` tells it, also purely, whether an intent applies to the current state.
import type { IntentName } from '../../common/contract';
import type {
  ActiveSession,
  BusyAction,
  CodeDelivery,
  FlowError,
  LoginState,
  NextChannel,
  SignedInUser,
  TermsOfService,
} from '../../common/login-state';

/** What the server said about a sent code, minus the phone_code_hash (which never leaves main's service). */
export interface SentCodeInfo {
  delivery: CodeDelivery;
  /** Digits the code has; 0 when the server did not say. */
  length: number;
  next: NextChannel | null;
  /** Seconds until `next` may be requested; null when the server gave no timeout. */
  timeoutSec: number | null;
}

export type LoginEvent =
  /** Start found no stored session (or no keychain). */
  | { type: 'no_session' }
  /** Start restored the stored session and the server accepted it. */
  | { type: 'restored'; user: SignedInUser }
  /** Start found a stored session the server rejected; it has been deleted. `reason` says why (shown). */
  | { type: 'session_rejected'; reason?: FlowError }
  /** Start found a code still pending from before a restart: back to that code step, no new code. */
  | { type: 'code_resumed'; phone: string; sentCode: SentCodeInfo; nextAvailableAt: number | null }
  /** Start could not check the stored session (network ...); it is kept for the next start. */
  | { type: 'restore_failed'; error: FlowError; /** The number last entered, when known (a flood wait keeps it). */ phone?: string }
  /** The phone number was rejected before any network call (PHONE_FORMAT). */
  | { type: 'phone_rejected'; phone: string; error: FlowError }
  /** auth.sendCode is running for this (normalized) number. */
  | { type: 'send_code_started'; phone: string }
  /** auth.sendCode or auth.resendCode answered auth.sentCode. */
  | { type: 'code_sent'; phone: string; sentCode: SentCodeInfo; now: number }
  /** auth.resendCode is running (the SMS fallback). */
  | { type: 'resend_started' }
  /** auth.signIn is running. */
  | { type: 'sign_in_started' }
  /** Signed in; `sessionPersisted` says whether the keychain holds the session (read back and compared). */
  | { type: 'signed_in'; user: SignedInUser; sessionPersisted: boolean; error: FlowError | null }
  /** SESSION_PASSWORD_NEEDED (after auth.signIn, or after a QR scan: phone null), with account.getPassword's data. */
  | { type: 'password_needed'; phone: string | null; hint: string; hasRecovery: boolean }
  /** auth.checkPassword is running. */
  | { type: 'password_check_started' }
  /** auth.requestPasswordRecovery is running. */
  | { type: 'recovery_request_started' }
  /** The recovery code went to this email. */
  | { type: 'recovery_code_sent'; emailPattern: string }
  /** auth.checkRecoveryPassword + auth.recoverPassword are running. */
  | { type: 'recovery_started' }
  /** Back from recovery to the password step. */
  | { type: 'recovery_cancelled'; hint: string; hasRecovery: boolean }
  /** QR login asked for (the first token is being fetched, or a fresh one after expiry). */
  | { type: 'qr_started' }
  /** A QR token to show (also the silent refresh before expiry). */
  | { type: 'qr_token'; loginUrl: string; expiresAt: number }
  /** updateLoginToken: the code was scanned; the sign-in is being finished. */
  | { type: 'qr_scanned' }
  /** auth.signIn answered auth.authorizationSignUpRequired. */
  | { type: 'sign_up_required'; phone: string; termsOfService: TermsOfService | null }
  /** help.acceptTermsOfService + auth.signUp are running. */
  | { type: 'sign_up_started' }
  /** auth.sentCode said setUpEmailRequired: a login email must be set up first. */
  | { type: 'email_setup_required'; phone: string }
  /** account.sendVerifyEmailCode is running. */
  | { type: 'email_send_started' }
  /** The email code went to this address. */
  | { type: 'email_code_sent'; emailPattern: string; length: number }
  /** account.verifyEmail is running. */
  | { type: 'email_verify_started' }
  /** auth.cancelCode is running ("Wrong number?"). */
  | { type: 'cancel_started' }
  /**
   * Back to the phone step (the code cancelled, or "back" from a password / QR / sign-up step);
   * `error` is shown there (e.g. a flood deadline still running).
   */
  | { type: 'code_cancelled'; error?: FlowError | null }
  /** account.getAuthorizations is running. */
  | { type: 'sessions_loading' }
  /** The active sessions arrived. */
  | { type: 'sessions_loaded'; sessions: ActiveSession[] }
  /** account.resetAuthorization is running. */
  | { type: 'session_end_started' }
  /** While signed in, the server ended this session (revoked elsewhere ...): back to the phone step, saying why. */
  | { type: 'signed_out'; error: FlowError }
  /** auth.logOut is running. */
  | { type: 'logout_started' }
  /** Logged out and the stored session deleted; `error` is LOGOUT_SERVER_FAILED when the server call failed. */
  | { type: 'logged_out'; error: FlowError | null }
  /** The running action (or a check before it) failed. */
  | { type: 'failed'; error: FlowError };

export type LoginEventType = LoginEvent['type'];

export const initialState: LoginState = { step: 'starting' };

function assertNever(value: never): never {
  throw new Error(`unhandled login event: ${JSON.stringify(value)}`);
}

function phoneStep(phone: string, error: FlowError | null = null, busy: BusyAction = null): LoginState {
  return { step: 'phone', phone, busy, error };
}

/** When `next` may be requested: now + timeout, or null when there is nothing to wait for. */
export function nextAvailableAt(sentCode: SentCodeInfo, now: number): number | null {
  if (sentCode.next === null || sentCode.timeoutSec === null || sentCode.timeoutSec <= 0) return null;
  return now + sentCode.timeoutSec * 1000;
}

/**
 * The one transition of the login flow. An event that does not apply to the current step
 * returns the state unchanged (the same object), so callers can tell "nothing happened".
 */
export function transition(state: LoginState, event: LoginEvent): LoginState {
  switch (event.type) {
    case 'no_session':
      return state.step === 'starting' ? phoneStep('') : state;

    case 'session_rejected':
      return state.step === 'starting' ? phoneStep('', event.reason ?? null) : state;

    case 'code_resumed':
      return state.step === 'starting'
        ? {
            step: 'code',
            phone: event.phone,
            delivery: event.sentCode.delivery,
            length: event.sentCode.length,
            next: event.sentCode.next,
            nextAvailableAt: event.nextAvailableAt,
            busy: null,
            error: null,
          }
        : state;

    case 'restored':
      return state.step === 'starting'
        ? { step: 'signed_in', user: event.user, sessionPersisted: true, sessions: null, busy: null, error: null }
        : state;

    case 'restore_failed':
      return state.step === 'starting' ? phoneStep(event.phone ?? '', event.error) : state;

    case 'phone_rejected':
      if (state.step === 'phone' && state.busy === null) return phoneStep(event.phone, event.error);
      // Asking for a new code from the code step with a malformed number keeps the code step.
      if (state.step === 'code' && state.busy === null) return { ...state, error: event.error };
      return state;

    case 'send_code_started':
      if (state.step === 'phone' && state.busy === null) return phoneStep(event.phone, null, 'send_code');
      // "Send a new code" after PHONE_CODE_EXPIRED: same screen, busy until the new code arrives.
      if (state.step === 'code' && state.busy === null) return { ...state, busy: 'send_code', error: null };
      return state;

    case 'code_sent': {
      const fits =
        (state.step === 'phone' && state.busy === 'send_code') ||
        (state.step === 'code' && (state.busy === 'send_code' || state.busy === 'resend_code')) ||
        (state.step === 'email_setup' && state.busy === 'verify_email');
      if (!fits) return state;
      return {
        step: 'code',
        phone: event.phone,
        delivery: event.sentCode.delivery,
        length: event.sentCode.length,
        next: event.sentCode.next,
        nextAvailableAt: nextAvailableAt(event.sentCode, event.now),
        busy: null,
        error: null,
      };
    }

    case 'resend_started':
      return state.step === 'code' && state.busy === null && state.next !== null
        ? { ...state, busy: 'resend_code', error: null }
        : state;

    case 'sign_in_started':
      return state.step === 'code' && state.busy === null ? { ...state, busy: 'sign_in', error: null } : state;

    case 'signed_in': {
      // From the step whose action finished the sign-in, or straight from sending (auth.sentCodeSuccess).
      const fits =
        (state.step === 'code' && state.busy === 'sign_in') ||
        ((state.step === 'phone' || state.step === 'code') && state.busy === 'send_code') ||
        (state.step === 'password' && state.busy === 'check_password') ||
        (state.step === 'password_recovery' && state.busy === 'recover_password') ||
        (state.step === 'qr' && (state.busy === 'qr_sign_in' || state.busy === 'qr_token')) ||
        (state.step === 'sign_up' && state.busy === 'sign_up');
      if (!fits) return state;
      return {
        step: 'signed_in',
        user: event.user,
        sessionPersisted: event.sessionPersisted,
        sessions: null,
        busy: null,
        error: event.error,
      };
    }

    case 'password_needed': {
      const fits =
        (state.step === 'code' && state.busy === 'sign_in') ||
        (state.step === 'qr' && (state.busy === 'qr_sign_in' || state.busy === 'qr_token'));
      if (!fits) return state;
      return { step: 'password', phone: event.phone, hint: event.hint, hasRecovery: event.hasRecovery, busy: null, error: null };
    }

    case 'password_check_started':
      return state.step === 'password' && state.busy === null ? { ...state, busy: 'check_password', error: null } : state;

    case 'recovery_request_started':
      return state.step === 'password' && state.busy === null ? { ...state, busy: 'request_recovery', error: null } : state;

    case 'recovery_code_sent':
      return state.step === 'password' && state.busy === 'request_recovery'
        ? { step: 'password_recovery', phone: state.phone, emailPattern: event.emailPattern, busy: null, error: null }
        : state;

    case 'recovery_started':
      return state.step === 'password_recovery' && state.busy === null
        ? { ...state, busy: 'recover_password', error: null }
        : state;

    case 'recovery_cancelled':
      return state.step === 'password_recovery' && state.busy === null
        ? { step: 'password', phone: state.phone, hint: event.hint, hasRecovery: event.hasRecovery, busy: null, error: null }
        : state;

    case 'qr_started':
      if ((state.step === 'phone' || state.step === 'code') && state.busy === null) {
        return { step: 'qr', loginUrl: null, expiresAt: null, busy: 'qr_token', error: null };
      }
      if (state.step === 'qr' && state.busy === null) return { ...state, busy: 'qr_token', error: null };
      return state;

    case 'qr_token':
      return state.step === 'qr' && (state.busy === null || state.busy === 'qr_token')
        ? { step: 'qr', loginUrl: event.loginUrl, expiresAt: event.expiresAt, busy: null, error: null }
        : state;

    case 'qr_scanned':
      return state.step === 'qr' && (state.busy === null || state.busy === 'qr_token')
        ? { ...state, busy: 'qr_sign_in', error: null }
        : state;

    case 'sign_up_required':
      return state.step === 'code' && state.busy === 'sign_in'
        ? { step: 'sign_up', phone: event.phone, termsOfService: event.termsOfService, busy: null, error: null }
        : state;

    case 'sign_up_started':
      return state.step === 'sign_up' && state.busy === null ? { ...state, busy: 'sign_up', error: null } : state;

    case 'email_setup_required': {
      const fits =
        (state.step === 'phone' && state.busy === 'send_code') ||
        (state.step === 'code' && (state.busy === 'send_code' || state.busy === 'resend_code'));
      return fits ? { step: 'email_setup', phone: event.phone, emailPattern: null, length: 0, busy: null, error: null } : state;
    }

    case 'email_send_started':
      return state.step === 'email_setup' && state.busy === null ? { ...state, busy: 'send_email', error: null } : state;

    case 'email_code_sent':
      return state.step === 'email_setup' && state.busy === 'send_email'
        ? { ...state, emailPattern: event.emailPattern, length: event.length, busy: null, error: null }
        : state;

    case 'email_verify_started':
      return state.step === 'email_setup' && state.busy === null && state.emailPattern !== null
        ? { ...state, busy: 'verify_email', error: null }
        : state;

    case 'cancel_started':
      return state.step === 'code' && state.busy === null ? { ...state, busy: 'cancel_code', error: null } : state;

    case 'code_cancelled': {
      const error = event.error ?? null;
      if (state.step === 'code' && state.busy === 'cancel_code') return phoneStep(state.phone, error);
      if (state.step === 'unsupported') return phoneStep(state.phone, error);
      const backable =
        state.step === 'password' ||
        state.step === 'password_recovery' ||
        state.step === 'qr' ||
        state.step === 'sign_up' ||
        state.step === 'email_setup';
      if (backable && state.busy === null) return phoneStep('phone' in state ? (state.phone ?? '') : '', error);
      return state;
    }

    case 'sessions_loading':
      return state.step === 'signed_in' && state.busy === null ? { ...state, busy: 'load_sessions', error: null } : state;

    case 'sessions_loaded':
      return state.step === 'signed_in' && state.busy !== 'log_out'
        ? { ...state, sessions: event.sessions, busy: null }
        : state;

    case 'session_end_started':
      return state.step === 'signed_in' && state.busy === null ? { ...state, busy: 'end_session', error: null } : state;

    case 'signed_out':
      return state.step === 'signed_in' ? phoneStep('', event.error) : state;

    case 'logout_started':
      return state.step === 'signed_in' && state.busy === null ? { ...state, busy: 'log_out', error: null } : state;

    case 'logged_out':
      return state.step === 'signed_in' && state.busy === 'log_out' ? phoneStep('', event.error) : state;

    case 'failed':
      return failed(state, event.error);

    default:
      return assertNever(event);
  }
}

function failed(state: LoginState, error: FlowError): LoginState {
  switch (state.step) {
    case 'starting':
      return phoneStep('', error);
    case 'phone':
      return { ...state, busy: null, error };
    case 'password':
      // No recovery email after all: stop offering it.
      if (error.code === 'PASSWORD_RECOVERY_NA') return { ...state, hasRecovery: false, busy: null, error };
      return { ...state, busy: null, error };
    case 'password_recovery':
    case 'qr':
    case 'sign_up':
    case 'email_setup':
      return { ...state, busy: null, error };
    case 'code':
      // A lost flow (the server no longer knows this code): start again from the number, keeping it.
      if (error.code === 'PHONE_CODE_HASH_EMPTY') return phoneStep(state.phone, error);
      // The server has no other channel: say so, and stop offering one.
      if (error.code === 'SEND_CODE_UNAVAILABLE') return { ...state, next: null, nextAvailableAt: null, busy: null, error };
      // PHONE_CODE_EXPIRED stays here too: the UI offers "send a new code" (submitPhone, same number).
      return { ...state, busy: null, error };
    case 'signed_in':
      return { ...state, busy: null, error };
    case 'unsupported':
      return state;
    default:
      return assertNever(state);
  }
}

export type IntentFit = 'ok' | 'NOT_NOW' | 'BUSY';

/**
 * Intents that call the server and are therefore refused while a flood deadline runs. QR login
 * is left out on purpose: it is the way out when codes are flood-limited (and has limits of its own).
 */
const FLOOD_GATED: ReadonlySet<IntentName> = new Set<IntentName>([
  'submitPhone',
  'requestNextChannel',
  'submitCode',
  'submitPassword',
  'requestPasswordRecovery',
  'submitRecoveryCode',
  'submitSignUp',
  'submitLoginEmail',
  'refreshSessions',
  'endSession',
]);

/**
 * Whether an intent applies to this state. Pure; `now` decides whether `next` may be requested
 * yet and whether a flood deadline (`floodUntil`, epoch ms) still runs.
 */
export function intentFits(state: LoginState, intent: IntentName, now: number, floodUntil: number | null = null): IntentFit {
  if (
    intent === 'getState' ||
    intent === 'getEnvironment' ||
    intent === 'openExternal' ||
    intent === 'setLanguage' ||
    intent === 'getSignInHints'
  ) {
    return 'ok';
  }
  // While an action runs, nothing else may start, whatever it is.
  if ('busy' in state && state.busy !== null) return 'BUSY';
  if (floodUntil !== null && now < floodUntil && FLOOD_GATED.has(intent)) return 'NOT_NOW';
  switch (intent) {
    case 'submitPhone':
      return state.step === 'phone' || state.step === 'code' ? 'ok' : 'NOT_NOW';
    case 'requestNextChannel':
      if (state.step !== 'code' || state.next === null) return 'NOT_NOW';
      return state.nextAvailableAt !== null && now < state.nextAvailableAt ? 'NOT_NOW' : 'ok';
    case 'submitCode':
      return state.step === 'code' || (state.step === 'email_setup' && state.emailPattern !== null) ? 'ok' : 'NOT_NOW';
    case 'editPhone':
      switch (state.step) {
        case 'code':
        case 'unsupported':
        case 'password':
        case 'password_recovery':
        case 'qr':
        case 'sign_up':
        case 'email_setup':
          return 'ok';
        default:
          return 'NOT_NOW';
      }
    case 'logOut':
    case 'refreshSessions':
      return state.step === 'signed_in' ? 'ok' : 'NOT_NOW';
    case 'endSession':
      return state.step === 'signed_in' ? 'ok' : 'NOT_NOW';
    case 'submitPassword':
    case 'requestPasswordRecovery':
      return state.step === 'password' ? 'ok' : 'NOT_NOW';
    case 'submitRecoveryCode':
    case 'cancelPasswordRecovery':
      return state.step === 'password_recovery' ? 'ok' : 'NOT_NOW';
    case 'startQrLogin':
      return state.step === 'phone' || state.step === 'code' || state.step === 'qr' ? 'ok' : 'NOT_NOW';
    case 'submitSignUp':
      return state.step === 'sign_up' ? 'ok' : 'NOT_NOW';
    case 'submitLoginEmail':
      return state.step === 'email_setup' ? 'ok' : 'NOT_NOW';
    default:
      return assertNever(intent);
  }
}
