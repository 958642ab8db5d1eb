// The login flow as one pure state machine: `transition(state, event, now)` is the only way the
// flow's state changes, and it makes every decision about it (where each outcome leads, what a
// failure keeps, when a flood deadline holds, when the connection counts as down). No I/O and no
// clock of its own: `now` comes from the caller's injected clock. Tested exhaustively without a
// server (test/unit/login-flow.test.ts).
//
// Beside it, `INTENT_RULES` says per intent where it applies and whether it needs the server;
// `intentFits` reads them. The service (login-service.ts) runs the effects (intents/*.ts) and
// feeds their outcomes back in as events.
import type { IntentArgs, LoginIntentName } from '../../common/contract';
import type { ActiveSession, BusyAction, CodeDelivery, FlowError, NextChannel, SignedInUser, TermsOfService } from '../../common/login-state';
import { isFloodCode } from '../telegram/flow-error-sources';
import type { GatewayError, SentCode, SentCodeInfo } from '../telegram/telegram-gateway';
import { activeFlood, phoneOf, type FlowState, type FlowStep, type StepOf } from './flow-state';

export type LoginEvent =
  /** Start found no stored session (or no keychain). A flood wait restored before it is shown, with its number. */
  | { type: 'no_session' }
  /** Start read a flood wait from before a restart that still runs. */
  | { type: 'flood_restored'; error: FlowError & { retryAt: number }; phone: string }
  /** Start restored the stored session and the server accepted it. */
  | { type: 'restored'; user: SignedInUser }
  /** Start found a stored session the server rejected; it has been deleted. `reason` says why (shown). */
  | { type: 'session_rejected'; reason?: FlowError }
  /** Start found a code still pending from before a restart: back to that code step, no new code. */
  | {
      type: 'code_resumed';
      phone: string;
      phoneCodeHash: string;
      delivery: CodeDelivery;
      length: number;
      next: NextChannel | null;
      nextAvailableAt: number | null;
      sentAt: number;
    }
  /** Start could not check the stored session (network ...); it is kept for the next start. */
  | { type: 'restore_failed'; error: FlowError }
  /** The phone number was rejected before any network call (PHONE_FORMAT). */
  | { type: 'phone_rejected'; phone: string; error: FlowError }
  /** auth.sendCode is running for this (normalized) number. */
  | { type: 'send_code_started'; phone: string }
  /** auth.sendCode, auth.resendCode or account.verifyEmail answered auth.sentCode. */
  | { type: 'code_sent'; phone: string; sentCode: SentCode }
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
  /** Back from recovery to the password step as it was. */
  | { type: 'recovery_cancelled' }
  /** QR login asked for (the first token is being fetched, or a fresh one after expiry). */
  | { type: 'qr_started' }
  /** A QR token to show (also the silent refresh before expiry). */
  | { type: 'qr_token'; loginUrl: string; expiresAt: number }
  /** updateLoginToken: the code was scanned; the sign-in is being finished. */
  | { type: 'qr_scanned' }
  /** auth.signIn answered auth.authorizationSignUpRequired; `termsId` stays in main. */
  | { type: 'sign_up_required'; phone: string; termsOfService: TermsOfService | null; termsId: string | null }
  /** help.acceptTermsOfService + auth.signUp are running. */
  | { type: 'sign_up_started' }
  /** auth.sentCode said setUpEmailRequired: a login email must be set up first. */
  | { type: 'email_setup_required'; phone: string; phoneCodeHash: string }
  /** account.sendVerifyEmailCode is running. */
  | { type: 'email_send_started' }
  /** The email code went to this address. */
  | { type: 'email_code_sent'; emailPattern: string; length: number }
  /** account.verifyEmail is running. */
  | { type: 'email_verify_started' }
  /** auth.cancelCode is running ("Wrong number?"). */
  | { type: 'cancel_started' }
  /** Back to the phone step (the code cancelled, or "back" from a password / QR / sign-up step). */
  | { type: 'code_cancelled' }
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
  | { type: 'failed'; error: FlowError }
  /** The connection was found down (gramjs reports it, or nothing answered a call). */
  | { type: 'connection_lost' }
  /** The next reconnection attempt runs at `at` (epoch ms). */
  | { type: 'probe_scheduled'; at: number }
  /** A reconnection attempt is running. */
  | { type: 'probe_started' }
  /** The connection is up again. */
  | { type: 'connection_up' };

export type LoginEventType = LoginEvent['type'];

function assertNever(value: never): never {
  throw new Error(`unhandled login event: ${JSON.stringify(value)}`);
}

type Step = FlowStep;
const phoneStep = (phone: string, error: FlowError | null = null, busy: BusyAction = null): Step => ({
  step: 'phone',
  phone,
  busy,
  error,
  secret: null,
});

/** When `next` may be requested: now + timeout, or null when there is nothing to wait for. */
export function nextAvailableAt(sentCode: SentCodeInfo, now: number): number | null {
  if (sentCode.next === null || sentCode.timeoutSec === null || sentCode.timeoutSec <= 0) return null;
  return now + sentCode.timeoutSec * 1000;
}

/** Whether the code step's next channel may be asked for at `now`. */
export function nextChannelDue(step: StepOf<'code'>, now: number): boolean {
  return step.next !== null && (step.nextAvailableAt === null || now >= step.nextAvailableAt);
}

const isTransportError = (error: FlowError) => error.code === 'NETWORK' || error.code === 'TIMEOUT';

/** What any error does beside its step: a flood deadline is kept, and a transport failure means offline. */
function withErrorEffects(state: FlowState, error: FlowError, now: number): Pick<FlowState, 'flood' | 'offline'> {
  const flood =
    isFloodCode(error.code) && error.retryAt !== undefined
      ? { error: { ...error, retryAt: error.retryAt }, phone: phoneOf(state.step) }
      : state.flood;
  const offline = isTransportError(error) && state.offline === null ? { since: now, nextAttemptAt: null, attempt: 0 } : state.offline;
  return { flood, offline };
}

/**
 * The one transition of the login flow. An event that does not apply to the current state
 * returns the state unchanged (the same object), so callers can tell "nothing happened".
 */
export function transition(state: FlowState, event: LoginEvent, now: number): FlowState {
  if (event.type === 'failed' || event.type === 'restore_failed') {
    const step = event.type === 'failed' ? failed(state.step, event.error) : restoreFailed(state.step, event.error);
    if (step === state.step) return state;
    return { ...state, step, ...withErrorEffects(state, event.error, now) };
  }
  switch (event.type) {
    case 'flood_restored':
      return { ...state, flood: { error: event.error, phone: event.phone } };
    case 'connection_lost':
      return state.offline === null ? { ...state, offline: { since: now, nextAttemptAt: null, attempt: 0 } } : state;
    case 'probe_scheduled':
      return state.offline === null ? state : { ...state, offline: { ...state.offline, nextAttemptAt: event.at, attempt: state.offline.attempt + 1 } };
    case 'probe_started':
      return state.offline === null || state.offline.nextAttemptAt === null ? state : { ...state, offline: { ...state.offline, nextAttemptAt: null } };
    case 'connection_up':
      return state.offline === null ? state : { ...state, offline: null };
    default: {
      const step = stepTransition(state, event, now);
      return step === state.step ? state : { ...state, step };
    }
  }
}

type StepEvent = Exclude<
  LoginEvent,
  { type: 'failed' | 'restore_failed' | 'flood_restored' | 'connection_lost' | 'probe_scheduled' | 'probe_started' | 'connection_up' }
>;

function codeStep(phone: string, sentCode: SentCode, now: number): Step {
  return {
    step: 'code',
    phone,
    delivery: sentCode.delivery,
    length: sentCode.length,
    next: sentCode.next,
    nextAvailableAt: nextAvailableAt(sentCode, now),
    busy: null,
    error: null,
    secret: { phoneCodeHash: sentCode.phoneCodeHash, sentAt: now },
  };
}

function stepTransition(flow: FlowState, event: StepEvent, now: number): Step {
  const state = flow.step;
  switch (event.type) {
    case 'no_session': {
      if (state.step !== 'starting') return state;
      const flood = activeFlood(flow, now);
      return flood ? phoneStep(flood.phone, flood.error) : phoneStep('');
    }

    case 'session_rejected':
      return state.step === 'starting' ? phoneStep('', event.reason ?? null) : state;

    case 'code_resumed':
      return state.step === 'starting'
        ? {
            step: 'code',
            phone: event.phone,
            delivery: event.delivery,
            length: event.length,
            next: event.next,
            nextAvailableAt: event.nextAvailableAt,
            busy: null,
            // A flood wait from before the restart still holds: the resumed step shows it, with its countdown.
            error: activeFlood(flow, now)?.error ?? null,
            secret: { phoneCodeHash: event.phoneCodeHash, sentAt: event.sentAt },
          }
        : state;

    case 'restored':
      return state.step === 'starting'
        ? { step: 'signed_in', user: event.user, sessionPersisted: true, sessions: null, busy: null, error: null, secret: null }
        : state;

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
      return fits ? codeStep(event.phone, event.sentCode, now) : state;
    }

    case 'resend_started':
      return state.step === 'code' && state.busy === null ? { ...state, busy: 'resend_code', error: null } : state;

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
        secret: null,
      };
    }

    case 'password_needed': {
      const fits =
        (state.step === 'code' && state.busy === 'sign_in') ||
        (state.step === 'qr' && (state.busy === 'qr_sign_in' || state.busy === 'qr_token'));
      if (!fits) return state;
      return { step: 'password', phone: event.phone, hint: event.hint, hasRecovery: event.hasRecovery, busy: null, error: null, secret: null };
    }

    case 'password_check_started':
      return state.step === 'password' && state.busy === null ? { ...state, busy: 'check_password', error: null } : state;

    case 'recovery_request_started':
      return state.step === 'password' && state.busy === null ? { ...state, busy: 'request_recovery', error: null } : state;

    case 'recovery_code_sent':
      return state.step === 'password' && state.busy === 'request_recovery'
        ? {
            step: 'password_recovery',
            phone: state.phone,
            emailPattern: event.emailPattern,
            busy: null,
            error: null,
            secret: { hint: state.hint, hasRecovery: state.hasRecovery },
          }
        : state;

    case 'recovery_started':
      return state.step === 'password_recovery' && state.busy === null ? { ...state, busy: 'recover_password', error: null } : state;

    case 'recovery_cancelled':
      return state.step === 'password_recovery' && state.busy === null
        ? { step: 'password', phone: state.phone, ...state.secret, busy: null, error: null, secret: null }
        : state;

    case 'qr_started':
      if ((state.step === 'phone' || state.step === 'code') && state.busy === null) {
        return { step: 'qr', loginUrl: null, expiresAt: null, busy: 'qr_token', error: null, secret: null };
      }
      if (state.step === 'qr' && state.busy === null) return { ...state, busy: 'qr_token', error: null };
      return state;

    case 'qr_token':
      return state.step === 'qr' && (state.busy === null || state.busy === 'qr_token')
        ? { step: 'qr', loginUrl: event.loginUrl, expiresAt: event.expiresAt, busy: null, error: null, secret: null }
        : state;

    case 'qr_scanned':
      return state.step === 'qr' && (state.busy === null || state.busy === 'qr_token') ? { ...state, busy: 'qr_sign_in', error: null } : state;

    case 'sign_up_required':
      return state.step === 'code' && state.busy === 'sign_in' && state.secret.phoneCodeHash !== null
        ? {
            step: 'sign_up',
            phone: event.phone,
            termsOfService: event.termsOfService,
            busy: null,
            error: null,
            secret: { phoneCodeHash: state.secret.phoneCodeHash, termsId: event.termsId },
          }
        : state;

    case 'sign_up_started':
      return state.step === 'sign_up' && state.busy === null ? { ...state, busy: 'sign_up', error: null } : state;

    case 'email_setup_required': {
      const fits =
        (state.step === 'phone' && state.busy === 'send_code') ||
        (state.step === 'code' && (state.busy === 'send_code' || state.busy === 'resend_code'));
      return fits
        ? {
            step: 'email_setup',
            phone: event.phone,
            emailPattern: null,
            length: 0,
            busy: null,
            error: null,
            secret: { phoneCodeHash: event.phoneCodeHash },
          }
        : state;
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
      // A flood deadline that still runs is shown on the phone step the person goes back to.
      const error = activeFlood(flow, now)?.error ?? null;
      if (state.step === 'code' && state.busy === 'cancel_code') return phoneStep(state.phone, error);
      const backable =
        state.step === 'password' ||
        state.step === 'password_recovery' ||
        state.step === 'qr' ||
        state.step === 'sign_up' ||
        state.step === 'email_setup';
      if (backable && state.busy === null) return phoneStep(phoneOf(state), error);
      return state;
    }

    case 'sessions_loading':
      return state.step === 'signed_in' && state.busy === null ? { ...state, busy: 'load_sessions', error: null } : state;

    case 'sessions_loaded':
      return state.step === 'signed_in' && state.busy !== 'log_out' ? { ...state, sessions: event.sessions, busy: null } : state;

    case 'session_end_started':
      return state.step === 'signed_in' && state.busy === null ? { ...state, busy: 'end_session', error: null } : state;

    case 'signed_out':
      return state.step === 'signed_in' ? phoneStep('', event.error) : state;

    case 'logout_started':
      return state.step === 'signed_in' && state.busy === null ? { ...state, busy: 'log_out', error: null } : state;

    case 'logged_out':
      return state.step === 'signed_in' && state.busy === 'log_out' ? phoneStep('', event.error) : state;

    default:
      return assertNever(event);
  }
}

function restoreFailed(state: Step, error: FlowError): Step {
  return state.step === 'starting' ? phoneStep('', error) : state;
}

function failed(state: Step, error: FlowError): Step {
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
    case 'signed_in':
      return { ...state, busy: null, error };
    case 'code':
      // A lost flow (the server no longer knows this code): start again from the number, keeping it.
      if (error.code === 'PHONE_CODE_HASH_EMPTY') return phoneStep(state.phone, error);
      // The server has no other channel: say so, and stop offering one.
      if (error.code === 'SEND_CODE_UNAVAILABLE') return { ...state, next: null, nextAvailableAt: null, busy: null, error };
      // PHONE_CODE_EXPIRED stays here (the UI offers "send a new code": submitPhone, same number),
      // but the hash is spent: nothing may use it again, and a restart does not resume it.
      if (error.code === 'PHONE_CODE_EXPIRED') return { ...state, busy: null, error, secret: { ...state.secret, phoneCodeHash: null } };
      return { ...state, busy: null, error };
    default:
      return assertNever(state);
  }
}

// ---- intents ----------------------------------------------------------------------------------

/** Whether an intent calls the server, stated once per intent. */
export type ServerUse =
  /** Works without the server (best-effort calls aside). */
  | { needsServer: false }
  /** Calls the server: refused with OFFLINE while it is known unreachable, and refused while a flood deadline runs. */
  | { needsServer: true; floodGated: true }
  /** Calls the server, but stays open during a flood deadline, for the reason given. */
  | { needsServer: true; floodGated: false; floodExemptBecause: string };

export interface IntentRule<N extends LoginIntentName> {
  server: ServerUse;
  /** Whether the intent applies to this step at `now` (nothing running). */
  applies(step: FlowStep, now: number, args: IntentArgs<N>): boolean;
}

const local: ServerUse = { needsServer: false };
const gated: ServerUse = { needsServer: true, floodGated: true };

export const INTENT_RULES: { [N in LoginIntentName]: IntentRule<N> } = {
  submitPhone: { server: gated, applies: (s) => s.step === 'phone' || s.step === 'code' },
  requestNextChannel: { server: gated, applies: (s, now) => s.step === 'code' && nextChannelDue(s, now) },
  submitCode: { server: gated, applies: (s) => s.step === 'code' || (s.step === 'email_setup' && s.emailPattern !== null) },
  editPhone: {
    server: local,
    applies: (s) => s.step === 'code' || s.step === 'password' || s.step === 'password_recovery' || s.step === 'qr' || s.step === 'sign_up' || s.step === 'email_setup',
  },
  logOut: { server: local, applies: (s) => s.step === 'signed_in' },
  submitPassword: { server: gated, applies: (s) => s.step === 'password' },
  requestPasswordRecovery: { server: gated, applies: (s) => s.step === 'password' },
  submitRecoveryCode: { server: gated, applies: (s) => s.step === 'password_recovery' },
  cancelPasswordRecovery: { server: local, applies: (s) => s.step === 'password_recovery' },
  startQrLogin: {
    server: {
      needsServer: true,
      floodGated: false,
      floodExemptBecause: 'QR login is the way out when codes are flood-limited, and the server limits it on its own',
    },
    applies: (s) => s.step === 'phone' || s.step === 'code' || s.step === 'qr',
  },
  submitSignUp: { server: gated, applies: (s) => s.step === 'sign_up' },
  submitLoginEmail: { server: gated, applies: (s) => s.step === 'email_setup' },
  refreshSessions: { server: gated, applies: (s) => s.step === 'signed_in' },
  endSession: {
    server: gated,
    // This app's own session can't be ended from here: that is log-out.
    applies: (s, _now, { hash }) => s.step === 'signed_in' && !s.sessions?.some((x) => x.hash === hash && x.current),
  },
};

export type IntentFit = 'ok' | 'NOT_NOW';

/** Whether an intent applies to the flow at `now`: its step, and a flood deadline if it is flood-gated. */
export function intentFits<N extends LoginIntentName>(state: FlowState, intent: N, now: number, args: IntentArgs<N>): IntentFit {
  const rule = INTENT_RULES[intent] as IntentRule<N>;
  if (rule.server.needsServer && rule.server.floodGated && activeFlood(state, now) !== null) return 'NOT_NOW';
  return rule.applies(state.step, now, args) ? 'ok' : 'NOT_NOW';
}

/** A gateway error as the flow shows it: a wait the server asked for becomes the instant it ends. */
export function flowErrorOf(error: GatewayError, now: number): FlowError {
  return error.waitSeconds !== undefined && error.waitSeconds > 0
    ? { code: error.code, retryAt: now + error.waitSeconds * 1000 }
    : { code: error.code };
}
