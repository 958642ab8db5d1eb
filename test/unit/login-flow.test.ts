// The login state machine, exhaustively: every event in every state it applies to, every state
// it must leave alone, every error's destination, what each step keeps privately, and the intent
// gate (NOT_NOW). Steps are written as the renderer sees them; `T` runs `transition` on the flow
// state behind such a view (with the private part that kind of step carries) and projects the
// result back, so each expectation is what the person would see.
import { describe, expect, it } from 'vitest';
import type { ActiveSession, FlowError, FlowErrorCode, LoginState, LoginStepState, SignedInUser } from '../../common/login-state';
import { isAllowedExternalUrl, type IntentArgs, type LoginIntentName } from '../../common/contract';
import { initialFlowState, project, type FlowState, type FlowStep } from '../../main/login/flow-state';
import { INTENT_RULES, intentFits, nextAvailableAt, transition, type LoginEvent, type LoginEventType } from '../../main/login/login-flow';
import type { SentCode } from '../../main/telegram/telegram-gateway';
import { sampleIntentArgs } from '../support/sample-intent-args';

const PHONE = '+15550100';
const NOW = 1_700_000_000_000;
const user: SignedInUser = { id: '1000001', firstName: 'Ada', lastName: 'Demo', phone: PHONE, username: null };
const HASH = 'the-phone-code-hash';
const TERMS_ID = '"tos-1"';
const smsCode: SentCode = { phoneCodeHash: HASH, delivery: { kind: 'app' }, length: 5, next: 'sms', timeoutSec: 60 };

/** The private part a step of this kind carries (what the renderer never sees). */
function secretFor(view: LoginStepState): FlowStep['secret'] {
  switch (view.step) {
    case 'code':
      return { phoneCodeHash: HASH, sentAt: NOW };
    case 'sign_up':
      return { phoneCodeHash: HASH, termsId: TERMS_ID };
    case 'email_setup':
      return { phoneCodeHash: HASH };
    case 'password_recovery':
      return { hint: 'the usual', hasRecovery: true };
    default:
      return null;
  }
}

/** The flow state behind a view. */
function flowOf(view: LoginState, extra: Partial<FlowState> = {}): FlowState {
  return { step: { ...view, secret: secretFor(view) } as FlowStep, flood: null, offline: null, ...extra };
}

/**
 * `transition` at NOW on the flow behind `view`, and the step the person then sees (the very same
 * view when nothing changed). What the flow keeps beside the step (flood, offline) is tested below.
 */
function T(view: LoginState, event: LoginEvent): LoginState {
  const before = flowOf(view);
  const after = transition(before, event, NOW);
  return after === before ? view : project({ ...after, offline: null });
}

const states = {
  starting: { step: 'starting' },
  phoneIdle: { step: 'phone', phone: PHONE, busy: null, error: null },
  phoneError: { step: 'phone', phone: '+1', busy: null, error: { code: 'PHONE_FORMAT' } },
  phoneSending: { step: 'phone', phone: PHONE, busy: 'send_code', error: null },
  codeIdle: {
    step: 'code',
    phone: PHONE,
    delivery: { kind: 'app' },
    length: 5,
    next: 'sms',
    nextAvailableAt: NOW + 60_000,
    busy: null,
    error: null,
  },
  codeNoNext: {
    step: 'code',
    phone: PHONE,
    delivery: { kind: 'call' },
    length: 5,
    next: null,
    nextAvailableAt: null,
    busy: null,
    error: null,
  },
  codeResending: {
    step: 'code',
    phone: PHONE,
    delivery: { kind: 'app' },
    length: 5,
    next: 'sms',
    nextAvailableAt: null,
    busy: 'resend_code',
    error: null,
  },
  codeSigningIn: {
    step: 'code',
    phone: PHONE,
    delivery: { kind: 'sms' },
    length: 5,
    next: 'call',
    nextAvailableAt: null,
    busy: 'sign_in',
    error: null,
  },
  codeSendingAgain: {
    step: 'code',
    phone: PHONE,
    delivery: { kind: 'sms' },
    length: 5,
    next: 'call',
    nextAvailableAt: null,
    busy: 'send_code',
    error: null,
  },
  codeCancelling: {
    step: 'code',
    phone: PHONE,
    delivery: { kind: 'sms' },
    length: 5,
    next: 'call',
    nextAvailableAt: null,
    busy: 'cancel_code',
    error: null,
  },
  signedIn: { step: 'signed_in', user, sessionPersisted: true, sessions: null, busy: null, error: null },
  loggingOut: { step: 'signed_in', user, sessionPersisted: true, sessions: null, busy: 'log_out', error: null },
  loadingSessions: { step: 'signed_in', user, sessionPersisted: true, sessions: null, busy: 'load_sessions', error: null },
  endingSession: { step: 'signed_in', user, sessionPersisted: true, sessions: [], busy: 'end_session', error: null },
  password: { step: 'password', phone: PHONE, hint: 'the usual', hasRecovery: true, busy: null, error: null },
  passwordChecking: { step: 'password', phone: PHONE, hint: 'the usual', hasRecovery: true, busy: 'check_password', error: null },
  passwordRequestingRecovery: {
    step: 'password',
    phone: null,
    hint: '',
    hasRecovery: true,
    busy: 'request_recovery',
    error: null,
  },
  recovery: { step: 'password_recovery', phone: PHONE, emailPattern: 'g***@example.com', busy: null, error: null },
  recovering: { step: 'password_recovery', phone: PHONE, emailPattern: 'g***@example.com', busy: 'recover_password', error: null },
  qrLoading: { step: 'qr', loginUrl: null, expiresAt: null, busy: 'qr_token', error: null },
  qrShown: { step: 'qr', loginUrl: 'tg://login?token=abc', expiresAt: NOW + 30_000, busy: null, error: null },
  qrSigningIn: { step: 'qr', loginUrl: 'tg://login?token=abc', expiresAt: NOW + 30_000, busy: 'qr_sign_in', error: null },
  signUp: { step: 'sign_up', phone: PHONE, termsOfService: { text: 'Be nice.', minAgeConfirm: null }, busy: null, error: null },
  signingUp: { step: 'sign_up', phone: PHONE, termsOfService: null, busy: 'sign_up', error: null },
  emailAsk: { step: 'email_setup', phone: PHONE, emailPattern: null, length: 0, busy: null, error: null },
  emailSending: { step: 'email_setup', phone: PHONE, emailPattern: null, length: 0, busy: 'send_email', error: null },
  emailCode: { step: 'email_setup', phone: PHONE, emailPattern: 'a***@example.com', length: 5, busy: null, error: null },
  emailVerifying: { step: 'email_setup', phone: PHONE, emailPattern: 'a***@example.com', length: 5, busy: 'verify_email', error: null },
} satisfies Record<string, LoginState>;
type StateName = keyof typeof states;
const allStateNames = Object.keys(states) as StateName[];

const err = (code: FlowErrorCode, extra: Partial<FlowError> = {}): FlowError => ({ code, ...extra });

/** One sample of every event, so the "ignored elsewhere" sweep covers them all. */
const sampleEvents: { [T in LoginEventType]: Extract<LoginEvent, { type: T }> } = {
  no_session: { type: 'no_session' },
  restored: { type: 'restored', user },
  session_rejected: { type: 'session_rejected' },
  restore_failed: { type: 'restore_failed', error: err('NETWORK') },
  phone_rejected: { type: 'phone_rejected', phone: '12', error: err('PHONE_FORMAT') },
  send_code_started: { type: 'send_code_started', phone: PHONE },
  code_sent: { type: 'code_sent', phone: PHONE, sentCode: smsCode },
  resend_started: { type: 'resend_started' },
  sign_in_started: { type: 'sign_in_started' },
  signed_in: { type: 'signed_in', user, sessionPersisted: true, error: null },
  password_needed: { type: 'password_needed', phone: PHONE, hint: 'the usual', hasRecovery: true },
  sign_up_required: { type: 'sign_up_required', phone: PHONE, termsOfService: { text: 'Be nice.', minAgeConfirm: 18 }, termsId: TERMS_ID },
  cancel_started: { type: 'cancel_started' },
  code_cancelled: { type: 'code_cancelled' },
  logout_started: { type: 'logout_started' },
  logged_out: { type: 'logged_out', error: null },
  failed: { type: 'failed', error: err('UNKNOWN') },
  code_resumed: {
    type: 'code_resumed',
    phone: PHONE,
    phoneCodeHash: HASH,
    delivery: { kind: 'app' },
    length: 5,
    next: 'sms',
    nextAvailableAt: NOW + 10_000,
    sentAt: NOW - 1000,
  },
  password_check_started: { type: 'password_check_started' },
  recovery_request_started: { type: 'recovery_request_started' },
  recovery_code_sent: { type: 'recovery_code_sent', emailPattern: 'g***@example.com' },
  recovery_started: { type: 'recovery_started' },
  recovery_cancelled: { type: 'recovery_cancelled' },
  qr_started: { type: 'qr_started' },
  qr_token: { type: 'qr_token', loginUrl: 'tg://login?token=xyz', expiresAt: NOW + 30_000 },
  qr_scanned: { type: 'qr_scanned' },
  sign_up_started: { type: 'sign_up_started' },
  email_setup_required: { type: 'email_setup_required', phone: PHONE, phoneCodeHash: HASH },
  email_send_started: { type: 'email_send_started' },
  email_code_sent: { type: 'email_code_sent', emailPattern: 'a***@example.com', length: 5 },
  email_verify_started: { type: 'email_verify_started' },
  sessions_loading: { type: 'sessions_loading' },
  sessions_loaded: { type: 'sessions_loaded', sessions: [] },
  session_end_started: { type: 'session_end_started' },
  signed_out: { type: 'signed_out', error: err('SESSION_REVOKED') },
  flood_restored: { type: 'flood_restored', error: { code: 'FLOOD_WAIT', retryAt: NOW + 30_000 }, phone: PHONE },
  connection_lost: { type: 'connection_lost' },
  probe_scheduled: { type: 'probe_scheduled', at: NOW + 1000 },
  probe_started: { type: 'probe_started' },
  connection_up: { type: 'connection_up' },
};

/** Where each event applies (from the sample states); everywhere else it must change nothing. */
const appliesIn: Record<LoginEventType, StateName[]> = {
  no_session: ['starting'],
  restored: ['starting'],
  session_rejected: ['starting'],
  restore_failed: ['starting'],
  phone_rejected: ['phoneIdle', 'phoneError', 'codeIdle', 'codeNoNext'],
  send_code_started: ['phoneIdle', 'phoneError', 'codeIdle', 'codeNoNext'],
  code_sent: ['phoneSending', 'codeResending', 'codeSendingAgain', 'emailVerifying'],
  // Whether a next channel may be asked for is INTENT_RULES' to decide (once), not the transition's.
  resend_started: ['codeIdle', 'codeNoNext'],
  sign_in_started: ['codeIdle', 'codeNoNext'],
  signed_in: ['phoneSending', 'codeSigningIn', 'codeSendingAgain', 'passwordChecking', 'recovering', 'qrLoading', 'qrSigningIn', 'signingUp'],
  password_needed: ['codeSigningIn', 'qrLoading', 'qrSigningIn'],
  sign_up_required: ['codeSigningIn'],
  cancel_started: ['codeIdle', 'codeNoNext'],
  code_cancelled: ['codeCancelling', 'password', 'recovery', 'qrShown', 'signUp', 'emailAsk', 'emailCode'],
  logout_started: ['signedIn'],
  logged_out: ['loggingOut'],
  failed: allStateNames,
  code_resumed: ['starting'],
  password_check_started: ['password'],
  recovery_request_started: ['password'],
  recovery_code_sent: ['passwordRequestingRecovery'],
  recovery_started: ['recovery'],
  recovery_cancelled: ['recovery'],
  qr_started: ['phoneIdle', 'phoneError', 'codeIdle', 'codeNoNext', 'qrShown'],
  qr_token: ['qrLoading', 'qrShown'],
  qr_scanned: ['qrLoading', 'qrShown'],
  sign_up_started: ['signUp'],
  email_setup_required: ['phoneSending', 'codeResending', 'codeSendingAgain'],
  email_send_started: ['emailAsk', 'emailCode'],
  email_code_sent: ['emailSending'],
  email_verify_started: ['emailCode'],
  sessions_loading: ['signedIn'],
  sessions_loaded: ['signedIn', 'loadingSessions', 'endingSession'],
  session_end_started: ['signedIn'],
  signed_out: ['signedIn', 'loggingOut', 'loadingSessions', 'endingSession'],
  // Beside the step: a restored flood wait and a lost connection change the flow in every step;
  // the probe's events and "up again" only while offline (never in these online states).
  flood_restored: allStateNames,
  connection_lost: allStateNames,
  probe_scheduled: [],
  probe_started: [],
  connection_up: [],
};

describe('transition: events outside their steps change nothing', () => {
  for (const type of Object.keys(sampleEvents) as LoginEventType[]) {
    const ignoredIn = allStateNames.filter((n) => !appliesIn[type].includes(n));
    for (const name of ignoredIn) {
      it(`${type} in ${name} returns the same state`, () => {
        const s = states[name];
        expect(T(s, sampleEvents[type])).toBe(s);
      });
    }
    for (const name of appliesIn[type]) {
      it(`${type} in ${name} changes the state`, () => {
        expect(T(states[name], sampleEvents[type])).not.toBe(states[name]);
      });
    }
  }
});

describe('transition: start-up', () => {
  it('starts in the starting step', () => {
    expect(project(initialFlowState)).toEqual({ step: 'starting' });
  });
  it('no stored session: empty phone step', () => {
    expect(T(states.starting, { type: 'no_session' })).toEqual({ step: 'phone', phone: '', busy: null, error: null });
  });
  it('restored session: signed in and persisted', () => {
    expect(T(states.starting, { type: 'restored', user })).toEqual({
      step: 'signed_in',
      user,
      sessionPersisted: true,
      sessions: null,
      busy: null,
      error: null,
    });
  });
  it('rejected session without a reason: phone step without an error', () => {
    expect(T(states.starting, { type: 'session_rejected' })).toEqual({ step: 'phone', phone: '', busy: null, error: null });
  });
  for (const code of ['AUTH_KEY_UNREGISTERED', 'SESSION_REVOKED', 'SESSION_EXPIRED', 'USER_DEACTIVATED', 'AUTH_KEY_DUPLICATED'] as const) {
    it(`rejected session (${code}): the phone step says why`, () => {
      expect(T(states.starting, { type: 'session_rejected', reason: err(code) })).toEqual({
        step: 'phone',
        phone: '',
        busy: null,
        error: err(code),
      });
    });
  }
  it('a code pending from before a restart: the same code step, countdown kept', () => {
    expect(T(states.starting, sampleEvents.code_resumed)).toEqual({
      step: 'code',
      phone: PHONE,
      delivery: { kind: 'app' },
      length: 5,
      next: 'sms',
      nextAvailableAt: NOW + 10_000,
      busy: null,
      error: null,
    });
  });
  it('restore that could not reach the server: phone step with the error', () => {
    expect(T(states.starting, { type: 'restore_failed', error: err('NETWORK') })).toEqual({
      step: 'phone',
      phone: '',
      busy: null,
      error: err('NETWORK'),
    });
  });
  it('a flood wait from before a restart: phone step with the wait and the number it held back', () => {
    const flood = { code: 'FLOOD_WAIT' as const, retryAt: NOW + 30_000 };
    const restored = transition(flowOf(states.starting), { type: 'flood_restored', error: flood, phone: PHONE }, NOW);
    expect(project(transition(restored, { type: 'no_session' }, NOW))).toEqual({ step: 'phone', phone: PHONE, busy: null, error: flood });
    // Once it is over, the phone step starts empty.
    expect(project(transition(restored, { type: 'no_session' }, flood.retryAt))).toEqual({ step: 'phone', phone: '', busy: null, error: null });
  });
  it('a code resumed while a flood wait from before the restart runs shows the wait', () => {
    const flood = { code: 'FLOOD_WAIT' as const, retryAt: NOW + 30_000 };
    const restored = transition(flowOf(states.starting), { type: 'flood_restored', error: flood, phone: PHONE }, NOW);
    expect(project(transition(restored, sampleEvents.code_resumed, NOW))).toMatchObject({ step: 'code', error: flood });
  });
  it('a failure while starting lands on the phone step with it', () => {
    expect(T(states.starting, { type: 'failed', error: err('TIMEOUT') })).toEqual({
      step: 'phone',
      phone: '',
      busy: null,
      error: err('TIMEOUT'),
    });
  });
});

describe('transition: phone step', () => {
  it('a malformed number keeps what was typed, with PHONE_FORMAT', () => {
    expect(T(states.phoneIdle, { type: 'phone_rejected', phone: '+1 555', error: err('PHONE_FORMAT') })).toEqual({
      step: 'phone',
      phone: '+1 555',
      busy: null,
      error: err('PHONE_FORMAT'),
    });
  });
  it('sending clears the previous error and shows progress with the normalized number', () => {
    expect(T(states.phoneError, { type: 'send_code_started', phone: PHONE })).toEqual({
      step: 'phone',
      phone: PHONE,
      busy: 'send_code',
      error: null,
    });
  });
  it('code sent: the code step with delivery, length, next channel and when it may be asked for', () => {
    expect(T(states.phoneSending, { type: 'code_sent', phone: PHONE, sentCode: smsCode })).toEqual({
      step: 'code',
      phone: PHONE,
      delivery: { kind: 'app' },
      length: 5,
      next: 'sms',
      nextAvailableAt: NOW + 60_000,
      busy: null,
      error: null,
    });
  });
  it('a code with no next channel has nothing to wait for', () => {
    const s = T(states.phoneSending, {
      type: 'code_sent',
      phone: PHONE,
      sentCode: { phoneCodeHash: HASH, delivery: { kind: 'sms' }, length: 6, next: null, timeoutSec: null },
    });
    expect(s).toMatchObject({ step: 'code', next: null, nextAvailableAt: null, length: 6 });
  });
  it('auth.sentCodeSuccess signs in straight from sending', () => {
    expect(T(states.phoneSending, { type: 'signed_in', user, sessionPersisted: true, error: null })).toEqual({
      step: 'signed_in',
      user,
      sessionPersisted: true,
      sessions: null,
      busy: null,
      error: null,
    });
  });
  for (const code of ['PHONE_NUMBER_INVALID', 'PHONE_NUMBER_BANNED', 'PHONE_NUMBER_FLOOD', 'API_ID_INVALID', 'NETWORK', 'TIMEOUT', 'SERVER', 'UNKNOWN'] as const) {
    it(`${code} while sending keeps the number and shows the error`, () => {
      expect(T(states.phoneSending, { type: 'failed', error: err(code) })).toEqual({
        step: 'phone',
        phone: PHONE,
        busy: null,
        error: err(code),
      });
    });
  }
  it('FLOOD_WAIT keeps its retryAt', () => {
    const s = T(states.phoneSending, { type: 'failed', error: err('FLOOD_WAIT', { retryAt: NOW + 30_000 }) });
    expect(s).toEqual({ step: 'phone', phone: PHONE, busy: null, error: { code: 'FLOOD_WAIT', retryAt: NOW + 30_000 } });
  });
});

describe('transition: code step', () => {
  it('nextAvailableAt is now + timeout when a next channel exists', () => {
    expect(nextAvailableAt(smsCode, NOW)).toBe(NOW + 60_000);
    expect(nextAvailableAt({ ...smsCode, timeoutSec: 0 }, NOW)).toBeNull();
    expect(nextAvailableAt({ ...smsCode, timeoutSec: null }, NOW)).toBeNull();
    expect(nextAvailableAt({ ...smsCode, next: null }, NOW)).toBeNull();
  });
  it('requesting the next channel shows progress and clears the error', () => {
    const withError: LoginState = { ...states.codeIdle, error: err('PHONE_CODE_INVALID') };
    expect(T(withError, { type: 'resend_started' })).toEqual({ ...states.codeIdle, busy: 'resend_code', error: null });
  });
  it('the resent code replaces the delivery (the SMS fallback)', () => {
    const sms: SentCode = { phoneCodeHash: HASH, delivery: { kind: 'sms' }, length: 5, next: 'call', timeoutSec: 30 };
    expect(T(states.codeResending, { type: 'code_sent', phone: PHONE, sentCode: sms })).toEqual({
      step: 'code',
      phone: PHONE,
      delivery: { kind: 'sms' },
      length: 5,
      next: 'call',
      nextAvailableAt: NOW + 30_000,
      busy: null,
      error: null,
    });
  });
  it('"send a new code" from the code step (after PHONE_CODE_EXPIRED) shows progress there', () => {
    const expired: LoginState = { ...states.codeIdle, error: err('PHONE_CODE_EXPIRED') };
    expect(T(expired, { type: 'send_code_started', phone: PHONE })).toEqual({ ...states.codeIdle, busy: 'send_code', error: null });
  });
  it('a malformed number from the code step stays on the code step with PHONE_FORMAT', () => {
    expect(T(states.codeIdle, { type: 'phone_rejected', phone: 'x', error: err('PHONE_FORMAT') })).toEqual({
      ...states.codeIdle,
      error: err('PHONE_FORMAT'),
    });
  });
  it('a malformed code stays on the code step with CODE_FORMAT', () => {
    expect(T(states.codeIdle, { type: 'failed', error: err('CODE_FORMAT') })).toEqual({
      ...states.codeIdle,
      error: err('CODE_FORMAT'),
    });
  });
  it('signing in shows progress', () => {
    expect(T(states.codeIdle, { type: 'sign_in_started' })).toEqual({ ...states.codeIdle, busy: 'sign_in' });
  });
  it('signed in with the session stored', () => {
    expect(T(states.codeSigningIn, { type: 'signed_in', user, sessionPersisted: true, error: null })).toEqual({
      step: 'signed_in',
      user,
      sessionPersisted: true,
      sessions: null,
      busy: null,
      error: null,
    });
  });
  it('signed in without a keychain: not persisted, no error', () => {
    expect(T(states.codeSigningIn, { type: 'signed_in', user, sessionPersisted: false, error: null })).toMatchObject({
      step: 'signed_in',
      sessionPersisted: false,
      error: null,
    });
  });
  it('signed in but the keychain write failed: not persisted, KEYCHAIN_WRITE_FAILED', () => {
    expect(
      T(states.codeSigningIn, { type: 'signed_in', user, sessionPersisted: false, error: err('KEYCHAIN_WRITE_FAILED') }),
    ).toMatchObject({ step: 'signed_in', sessionPersisted: false, error: err('KEYCHAIN_WRITE_FAILED') });
  });
  it('SESSION_PASSWORD_NEEDED: the password step with the hint', () => {
    expect(T(states.codeSigningIn, sampleEvents.password_needed)).toEqual({
      step: 'password',
      phone: PHONE,
      hint: 'the usual',
      hasRecovery: true,
      busy: null,
      error: null,
    });
  });
  it('sign-up required: the sign-up step with the terms', () => {
    expect(T(states.codeSigningIn, sampleEvents.sign_up_required)).toEqual({
      step: 'sign_up',
      phone: PHONE,
      termsOfService: { text: 'Be nice.', minAgeConfirm: 18 },
      busy: null,
      error: null,
    });
  });
  for (const code of ['PHONE_CODE_INVALID', 'PHONE_CODE_EMPTY', 'PHONE_CODE_EXPIRED', 'NETWORK', 'TIMEOUT', 'SERVER', 'UNKNOWN', 'PHONE_NUMBER_UNOCCUPIED'] as const) {
    it(`${code} keeps the code step (next channel and all) with the error`, () => {
      expect(T(states.codeSigningIn, { type: 'failed', error: err(code) })).toEqual({
        ...states.codeSigningIn,
        busy: null,
        error: err(code),
      });
    });
  }
  it('FLOOD_WAIT on the code step keeps retryAt', () => {
    expect(T(states.codeResending, { type: 'failed', error: err('FLOOD_WAIT', { retryAt: NOW + 5000 }) })).toEqual({
      ...states.codeResending,
      busy: null,
      error: { code: 'FLOOD_WAIT', retryAt: NOW + 5000 },
    });
  });
  it('PHONE_CODE_HASH_EMPTY (a lost flow) goes back to the phone step, keeping the number', () => {
    expect(T(states.codeSigningIn, { type: 'failed', error: err('PHONE_CODE_HASH_EMPTY') })).toEqual({
      step: 'phone',
      phone: PHONE,
      busy: null,
      error: err('PHONE_CODE_HASH_EMPTY'),
    });
  });
  it('SEND_CODE_UNAVAILABLE stays on the code step and stops offering a next channel', () => {
    expect(T(states.codeResending, { type: 'failed', error: err('SEND_CODE_UNAVAILABLE') })).toEqual({
      ...states.codeResending,
      next: null,
      nextAvailableAt: null,
      busy: null,
      error: err('SEND_CODE_UNAVAILABLE'),
    });
  });
  it('"Wrong number?" shows progress, then the phone step with the number kept', () => {
    const cancelling = T(states.codeIdle, { type: 'cancel_started' });
    expect(cancelling).toEqual({ ...states.codeIdle, busy: 'cancel_code' });
    expect(T(cancelling, { type: 'code_cancelled' })).toEqual({ step: 'phone', phone: PHONE, busy: null, error: null });
  });
});

describe('transition: signed in', () => {
  it('log out shows progress, then the empty phone step', () => {
    const out = T(states.signedIn, { type: 'logout_started' });
    expect(out).toEqual({ ...states.signedIn, busy: 'log_out' });
    expect(T(out, { type: 'logged_out', error: null })).toEqual({ step: 'phone', phone: '', busy: null, error: null });
  });
  it('a server failure of log-out is shown on the phone step (the session is gone anyway)', () => {
    expect(T(states.loggingOut, { type: 'logged_out', error: err('LOGOUT_SERVER_FAILED') })).toEqual({
      step: 'phone',
      phone: '',
      busy: null,
      error: err('LOGOUT_SERVER_FAILED'),
    });
  });
  it('a failure while signed in stays signed in with the error', () => {
    expect(T(states.loggingOut, { type: 'failed', error: err('NETWORK') })).toEqual({
      ...states.signedIn,
      error: err('NETWORK'),
    });
  });
});

describe('transition is pure', () => {
  it('never mutates its input', () => {
    for (const name of allStateNames) {
      const before = JSON.stringify(states[name]);
      for (const event of Object.values(sampleEvents)) T(states[name], event as LoginEvent);
      expect(JSON.stringify(states[name])).toBe(before);
    }
  });
  it('throws on an event it does not know (the exhaustive check)', () => {
    expect(() => T(states.phoneIdle, { type: 'bogus' } as unknown as LoginEvent)).toThrow(/unhandled login event/);
  });
});

describe('intentFits', () => {
  // Where each login intent fits when nothing runs (a running action answers BUSY before any of
  // this is asked: the service's one runner, tested in test/integration/login-service.test.ts).
  const fitsIn: Partial<Record<StateName, LoginIntentName[]>> = {
    starting: [],
    phoneIdle: ['submitPhone', 'startQrLogin'],
    phoneError: ['submitPhone', 'startQrLogin'],
    // nextAvailableAt is NOW + 60 s: requestNextChannel is too early at NOW.
    codeIdle: ['submitPhone', 'submitCode', 'editPhone', 'startQrLogin'],
    codeNoNext: ['submitPhone', 'submitCode', 'editPhone', 'startQrLogin'],
    signedIn: ['logOut', 'refreshSessions', 'endSession'],
    password: ['submitPassword', 'requestPasswordRecovery', 'editPhone'],
    recovery: ['submitRecoveryCode', 'cancelPasswordRecovery', 'editPhone'],
    qrShown: ['startQrLogin', 'editPhone'],
    signUp: ['submitSignUp', 'editPhone'],
    emailAsk: ['submitLoginEmail', 'editPhone'],
    emailCode: ['submitLoginEmail', 'submitCode', 'editPhone'],
  };
  const sampleArgs: { [N in LoginIntentName]: IntentArgs<N> } = { ...sampleIntentArgs, endSession: { hash: '42' } };
  const loginIntents = Object.keys(INTENT_RULES) as LoginIntentName[];
  const fits = <N extends LoginIntentName>(s: LoginState | FlowState, intent: N, now = NOW, args: IntentArgs<N> = sampleArgs[intent]) =>
    intentFits('step' in s && typeof s.step === 'object' ? (s as FlowState) : flowOf(s as LoginState), intent, now, args);
  for (const [name, want] of Object.entries(fitsIn) as Array<[StateName, LoginIntentName[]]>) {
    it(`in ${name}`, () => {
      for (const intent of loginIntents) {
        expect({ intent, fit: fits(states[name], intent) }).toEqual({ intent, fit: want.includes(intent) ? 'ok' : 'NOT_NOW' });
      }
    });
  }
  it('a running flood deadline refuses every intent that calls the server, until it ends', () => {
    const until = NOW + 30_000;
    const flood = { error: { code: 'FLOOD_WAIT' as const, retryAt: until }, phone: PHONE };
    const flooded = (view: LoginState) => flowOf(view, { flood });
    expect(fits(flooded(states.phoneError), 'submitPhone')).toBe('NOT_NOW');
    expect(fits(flooded(states.phoneError), 'submitPhone', until)).toBe('ok');
    expect(fits(flooded(states.codeNoNext), 'submitCode')).toBe('NOT_NOW');
    expect(fits(flooded(states.password), 'submitPassword')).toBe('NOT_NOW');
    expect(fits(flooded(states.signedIn), 'endSession')).toBe('NOT_NOW');
    // The ways out stay open: back, QR login, log-out.
    expect(fits(flooded(states.codeNoNext), 'editPhone')).toBe('ok');
    expect(fits(flooded(states.phoneError), 'startQrLogin')).toBe('ok');
    expect(fits(flooded(states.signedIn), 'logOut')).toBe('ok');
  });
  it('whether an intent needs the server and is flood-gated is stated once per intent, QR being the one exemption with its reason', () => {
    const exempt = loginIntents.filter((n) => {
      const server = INTENT_RULES[n].server;
      return server.needsServer && !server.floodGated;
    });
    expect(exempt).toEqual(['startQrLogin']);
    const server = INTENT_RULES.startQrLogin.server;
    expect(server.needsServer && !server.floodGated && server.floodExemptBecause).toMatch(/way out/);
  });
  it('the next channel may be requested once its countdown is over', () => {
    expect(fits(states.codeIdle, 'requestNextChannel', NOW + 59_999)).toBe('NOT_NOW');
    expect(fits(states.codeIdle, 'requestNextChannel', NOW + 60_000)).toBe('ok');
    expect(fits({ ...states.codeIdle, nextAvailableAt: null }, 'requestNextChannel')).toBe('ok');
  });
  it("this app's own session can't be ended from here (that is log-out)", () => {
    const own: ActiveSession = { hash: '7', current: true, device: 'Gramdesk', platform: 'linux', app: 'Gramdesk', official: false, ip: null, country: null, createdAt: NOW, activeAt: NOW };
    const listed: LoginState = { ...states.signedIn, sessions: [own, { ...own, hash: '8', current: false }] };
    expect(fits(listed, 'endSession', NOW, { hash: '7' })).toBe('NOT_NOW');
    expect(fits(listed, 'endSession', NOW, { hash: '8' })).toBe('ok');
  });
});

describe('the private part of each step', () => {
  it('a sent code keeps its hash and when it was sent, and nothing of it shows', () => {
    const next = transition(flowOf(states.phoneSending), sampleEvents.code_sent, NOW);
    expect(next.step).toMatchObject({ step: 'code', secret: { phoneCodeHash: HASH, sentAt: NOW } });
    expect(JSON.stringify(project(next))).not.toContain(HASH);
  });
  it('PHONE_CODE_EXPIRED keeps the code step but spends the hash', () => {
    const next = transition(flowOf(states.codeSigningIn), { type: 'failed', error: err('PHONE_CODE_EXPIRED') }, NOW);
    expect(next.step).toMatchObject({ step: 'code', error: err('PHONE_CODE_EXPIRED'), secret: { phoneCodeHash: null } });
  });
  it('sign-up continues the code (its hash) and keeps the terms id for their acceptance', () => {
    const next = transition(flowOf(states.codeSigningIn), sampleEvents.sign_up_required, NOW);
    expect(next.step).toMatchObject({ step: 'sign_up', secret: { phoneCodeHash: HASH, termsId: TERMS_ID } });
    expect(JSON.stringify(project(next))).not.toContain('tos-1');
  });
  it('recovery remembers the password step it came from', () => {
    const requesting = flowOf({ ...states.password, busy: 'request_recovery' });
    const next = transition(requesting, sampleEvents.recovery_code_sent, NOW);
    expect(next.step).toMatchObject({ step: 'password_recovery', secret: { hint: 'the usual', hasRecovery: true } });
  });
  it('a flood wait is kept with the number it held back; a transport failure means offline', () => {
    const flooded = transition(flowOf(states.phoneSending), { type: 'failed', error: err('FLOOD_WAIT', { retryAt: NOW + 5000 }) }, NOW);
    expect(flooded.flood).toEqual({ error: { code: 'FLOOD_WAIT', retryAt: NOW + 5000 }, phone: PHONE });
    const down = transition(flowOf(states.phoneSending), { type: 'failed', error: err('NETWORK') }, NOW);
    expect(project(down)).toMatchObject({ step: 'phone', error: err('NETWORK'), offline: { since: NOW, nextAttemptAt: null } });
  });
  it('"Wrong number?" during a flood wait shows the wait on the phone step', () => {
    const flood = { error: { code: 'FLOOD_WAIT' as const, retryAt: NOW + 5000 }, phone: PHONE };
    expect(project(transition(flowOf(states.codeCancelling, { flood }), { type: 'code_cancelled' }, NOW))).toEqual({
      step: 'phone',
      phone: PHONE,
      busy: null,
      error: flood.error,
    });
  });
  it('offline: the probe is scheduled with back-off, runs, and the connection comes back', () => {
    let s = transition(flowOf(states.codeIdle), { type: 'connection_lost' }, NOW);
    s = transition(s, { type: 'probe_scheduled', at: NOW + 1000 }, NOW);
    expect(s.offline).toEqual({ since: NOW, nextAttemptAt: NOW + 1000, attempt: 1 });
    expect(project(s).offline).toEqual({ since: NOW, nextAttemptAt: NOW + 1000 });
    s = transition(s, { type: 'probe_started' }, NOW + 1000);
    expect(project(s).offline).toEqual({ since: NOW, nextAttemptAt: null });
    s = transition(s, { type: 'connection_up' }, NOW + 1100);
    expect(project(s)).toEqual(states.codeIdle);
  });
});

describe('transition: two-step password and recovery', () => {
  it('checking shows progress and clears the error', () => {
    const withError: LoginState = { ...states.password, error: err('PASSWORD_HASH_INVALID') };
    expect(T(withError, { type: 'password_check_started' })).toEqual(states.passwordChecking);
  });
  it('PASSWORD_HASH_INVALID keeps the password step with the message', () => {
    expect(T(states.passwordChecking, { type: 'failed', error: err('PASSWORD_HASH_INVALID') })).toEqual({
      ...states.password,
      error: err('PASSWORD_HASH_INVALID'),
    });
  });
  it('PHONE_PASSWORD_FLOOD keeps the step with its deadline', () => {
    expect(T(states.passwordChecking, { type: 'failed', error: err('PHONE_PASSWORD_FLOOD', { retryAt: NOW + 1000 }) })).toEqual({
      ...states.password,
      error: { code: 'PHONE_PASSWORD_FLOOD', retryAt: NOW + 1000 },
    });
  });
  it('the right password signs in', () => {
    expect(T(states.passwordChecking, sampleEvents.signed_in)).toMatchObject({ step: 'signed_in', sessions: null });
  });
  it('"Forgot password?": progress, then the recovery step with the email pattern', () => {
    const requesting = T(states.password, { type: 'recovery_request_started' });
    expect(requesting).toEqual({ ...states.password, busy: 'request_recovery' });
    expect(T(requesting, sampleEvents.recovery_code_sent)).toEqual({
      step: 'password_recovery',
      phone: PHONE,
      emailPattern: 'g***@example.com',
      busy: null,
      error: null,
    });
  });
  it('PASSWORD_RECOVERY_NA: the password step stays and stops offering recovery', () => {
    const requesting = T(states.password, { type: 'recovery_request_started' });
    expect(T(requesting, { type: 'failed', error: err('PASSWORD_RECOVERY_NA') })).toEqual({
      ...states.password,
      hasRecovery: false,
      error: err('PASSWORD_RECOVERY_NA'),
    });
  });
  it('a wrong or expired recovery code keeps the recovery step with the error', () => {
    for (const code of ['CODE_INVALID', 'PASSWORD_RECOVERY_EXPIRED'] as const) {
      expect(T(states.recovering, { type: 'failed', error: err(code) })).toEqual({ ...states.recovery, error: err(code) });
    }
  });
  it('the right recovery code signs in', () => {
    expect(T(states.recovering, sampleEvents.signed_in)).toMatchObject({ step: 'signed_in' });
  });
  it('back from recovery: the password step as it was', () => {
    expect(T(states.recovery, sampleEvents.recovery_cancelled)).toEqual(states.password);
  });
  it('after a QR scan the password step has no number', () => {
    expect(T(states.qrSigningIn, { type: 'password_needed', phone: null, hint: '', hasRecovery: false })).toEqual({
      step: 'password',
      phone: null,
      hint: '',
      hasRecovery: false,
      busy: null,
      error: null,
    });
  });
  it('back to the number from a password step without one: the empty phone step', () => {
    const noPhone: LoginState = { ...states.password, phone: null };
    expect(T(noPhone, { type: 'code_cancelled' })).toEqual({ step: 'phone', phone: '', busy: null, error: null });
  });
});

describe('transition: QR login', () => {
  it('from the phone step: the qr step, loading its first token', () => {
    expect(T(states.phoneIdle, { type: 'qr_started' })).toEqual(states.qrLoading);
  });
  it('the token arrives: shown with its expiry', () => {
    expect(T(states.qrLoading, sampleEvents.qr_token)).toEqual({
      step: 'qr',
      loginUrl: 'tg://login?token=xyz',
      expiresAt: NOW + 30_000,
      busy: null,
      error: null,
    });
  });
  it('a refreshed token replaces the shown one', () => {
    expect(T(states.qrShown, sampleEvents.qr_token)).toMatchObject({ loginUrl: 'tg://login?token=xyz', busy: null });
  });
  it('a failed refresh keeps the old code (shown as expired) with the error', () => {
    expect(T(states.qrShown, { type: 'failed', error: err('NETWORK') })).toEqual({ ...states.qrShown, error: err('NETWORK') });
  });
  it('scanned: progress, then signed in', () => {
    const scanned = T(states.qrShown, { type: 'qr_scanned' });
    expect(scanned).toEqual(states.qrSigningIn);
    expect(T(scanned, sampleEvents.signed_in)).toMatchObject({ step: 'signed_in' });
  });
  it('"get a new code" from the qr step keeps showing the old one while loading', () => {
    expect(T(states.qrShown, { type: 'qr_started' })).toEqual({ ...states.qrShown, busy: 'qr_token' });
  });
  it('back to the number', () => {
    expect(T(states.qrShown, { type: 'code_cancelled' })).toEqual({ step: 'phone', phone: '', busy: null, error: null });
  });
});

describe('transition: sign-up', () => {
  it('progress, then signed in', () => {
    const up = T(states.signUp, { type: 'sign_up_started' });
    expect(up).toEqual({ ...states.signUp, busy: 'sign_up' });
    expect(T(up, sampleEvents.signed_in)).toMatchObject({ step: 'signed_in' });
  });
  for (const code of ['PHONE_NUMBER_APP_SIGNUP_FORBIDDEN', 'FIRSTNAME_INVALID', 'LASTNAME_INVALID', 'NAME_FORMAT'] as const) {
    it(`${code} keeps the sign-up step with the error`, () => {
      expect(T(states.signingUp, { type: 'failed', error: err(code) })).toEqual({ ...states.signingUp, busy: null, error: err(code) });
    });
  }
  it('back to the number keeps it', () => {
    expect(T(states.signUp, { type: 'code_cancelled' })).toEqual({ step: 'phone', phone: PHONE, busy: null, error: null });
  });
});

describe('transition: login email set-up', () => {
  it('setUpEmailRequired after sending: ask for the address', () => {
    expect(T(states.phoneSending, sampleEvents.email_setup_required)).toEqual(states.emailAsk);
  });
  it('the email code went out: its pattern and length', () => {
    expect(T(states.emailSending, sampleEvents.email_code_sent)).toEqual(states.emailCode);
  });
  it('verified: the login code step (emailed)', () => {
    const sent: SentCode = { phoneCodeHash: HASH, delivery: { kind: 'email', emailPattern: 'a***@example.com' }, length: 5, next: null, timeoutSec: null };
    expect(T(states.emailVerifying, { type: 'code_sent', phone: PHONE, sentCode: sent })).toMatchObject({
      step: 'code',
      delivery: { kind: 'email', emailPattern: 'a***@example.com' },
    });
  });
  it('errors stay on the step', () => {
    expect(T(states.emailSending, { type: 'failed', error: err('EMAIL_INVALID') })).toEqual({ ...states.emailAsk, error: err('EMAIL_INVALID') });
  });
});

describe('transition: active sessions and session health while signed in', () => {
  const list: ActiveSession[] = [
    { hash: '0', current: true, device: 'Gramdesk', platform: 'linux', app: 'Gramdesk 0.1.0', official: false, ip: null, country: null, createdAt: NOW, activeAt: NOW },
  ];
  it('loading, then the list', () => {
    const loading = T(states.signedIn, { type: 'sessions_loading' });
    expect(loading).toEqual(states.loadingSessions);
    expect(T(loading, { type: 'sessions_loaded', sessions: list })).toEqual({ ...states.signedIn, sessions: list });
  });
  it('ending one: progress, then the new list', () => {
    const ending = T(states.signedIn, { type: 'session_end_started' });
    expect(ending).toEqual({ ...states.signedIn, busy: 'end_session' });
    expect(T(ending, { type: 'sessions_loaded', sessions: list })).toEqual({ ...states.signedIn, sessions: list });
  });
  it('FRESH_RESET_AUTHORISATION_FORBIDDEN stays signed in with the message', () => {
    expect(T(states.endingSession, { type: 'failed', error: err('FRESH_RESET_AUTHORISATION_FORBIDDEN') })).toEqual({
      ...states.endingSession,
      busy: null,
      error: err('FRESH_RESET_AUTHORISATION_FORBIDDEN'),
    });
  });
  it('the session ended elsewhere: the phone step says why', () => {
    expect(T(states.loadingSessions, sampleEvents.signed_out)).toEqual({ step: 'phone', phone: '', busy: null, error: err('SESSION_REVOKED') });
  });
});

describe('external pages', () => {
  it('only https://fragment.com pages may be opened', () => {
    expect(isAllowedExternalUrl('https://fragment.com/number/15550100/code')).toBe(true);
    for (const bad of [
      'http://fragment.com/',
      'https://fragment.com.evil.example/',
      'https://evil.example/?fragment.com',
      'https://user@fragment.com/',
      'https://fragment.com:8443/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect({ bad, ok: isAllowedExternalUrl(bad) }).toEqual({ bad, ok: false });
    }
  });
});
