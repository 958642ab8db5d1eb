// The words: every code main can send has a sentence that isn't the code itself, every channel a
// button label, and countdowns read as a clock.
import { describe, expect, it } from 'vitest';
import type { CallErrorCode } from '../../common/contract';
import type { ActiveSession, CodeDelivery, FlowErrorCode, NextChannel } from '../../common/login-state';
import en from '../../renderer/src/i18n/en';
import { formatCountdown } from '../../renderer/src/i18n/format';
import * as words from '../../renderer/src/i18n/messages';
import { sessionApp, sessionLocation, type ErrorContext } from '../../renderer/src/i18n/messages';
import { createTranslator } from '../../renderer/src/i18n/translator';

// The English words through the same functions the screens call.
const tr = createTranslator('en', en);
const flowErrorMessage = (code: FlowErrorCode, context?: ErrorContext) => words.flowErrorMessage(tr, code, context);
const callErrorMessage = (code: CallErrorCode) => words.callErrorMessage(tr, code);
const deliveryMessage = (delivery: CodeDelivery, phone: string, length: number) =>
  words.deliveryMessage(tr, delivery, phone, length);
const nextChannelLabel = (next: NextChannel) => words.nextChannelLabel(tr, next);
const codeFieldLabel = (delivery: CodeDelivery, length: number) => words.codeFieldLabel(tr, delivery, length);
const sessionLastActive = (activeAt: number, now: number) => words.sessionLastActive(tr, activeAt, now);

// Every FlowErrorCode of the contract, written out: a Record makes a code added to the contract
// a compile error here until it is listed (and so checked for a sentence below).
const everyFlowCode: Record<FlowErrorCode, true> = {
  PHONE_NUMBER_INVALID: true, PHONE_NUMBER_BANNED: true, PHONE_NUMBER_FLOOD: true, PHONE_NUMBER_UNOCCUPIED: true,
  PHONE_CODE_EMPTY: true, PHONE_CODE_INVALID: true, PHONE_CODE_EXPIRED: true, PHONE_CODE_HASH_EMPTY: true,
  SEND_CODE_UNAVAILABLE: true, FLOOD_WAIT: true, API_ID_INVALID: true,
  PASSWORD_HASH_INVALID: true, PHONE_PASSWORD_FLOOD: true, PASSWORD_RECOVERY_NA: true, PASSWORD_RECOVERY_EXPIRED: true,
  CODE_INVALID: true, SRP_ID_INVALID: true,
  AUTH_TOKEN_EXPIRED: true, AUTH_TOKEN_INVALID: true, AUTH_TOKEN_ALREADY_ACCEPTED: true,
  PHONE_NUMBER_APP_SIGNUP_FORBIDDEN: true, PHONE_NUMBER_OCCUPIED: true, FIRSTNAME_INVALID: true, LASTNAME_INVALID: true,
  EMAIL_INVALID: true, EMAIL_VERIFICATION_INVALID: true, CODE_EXPIRED: true,
  AUTH_KEY_UNREGISTERED: true, SESSION_REVOKED: true, SESSION_EXPIRED: true, USER_DEACTIVATED: true,
  AUTH_KEY_DUPLICATED: true,
  FRESH_RESET_AUTHORISATION_FORBIDDEN: true, HASH_INVALID: true,
  PASSWORD_FORMAT: true, NAME_FORMAT: true, EMAIL_FORMAT: true, OFFLINE: true,
  PHONE_FORMAT: true, CODE_FORMAT: true, NETWORK: true, TIMEOUT: true, SERVER: true, KEYCHAIN_WRITE_FAILED: true,
  LOGOUT_SERVER_FAILED: true, UNKNOWN: true,
};
const flowCodes = Object.keys(everyFlowCode) as FlowErrorCode[];
const callCodes: CallErrorCode[] = ['UNKNOWN_INTENT', 'BAD_ARGUMENTS', 'BAD_SENDER', 'NOT_NOW', 'BUSY', 'INTERNAL', 'URL_NOT_ALLOWED'];

describe('error messages', () => {
  it('tells why a stored session was wiped, for every reason the server gives', () => {
    expect(flowErrorMessage('SESSION_REVOKED')).toContain('ended from another device');
    expect(flowErrorMessage('AUTH_KEY_UNREGISTERED')).toContain('signed out');
    expect(flowErrorMessage('SESSION_EXPIRED')).toContain('expired');
    expect(flowErrorMessage('USER_DEACTIVATED')).toContain('deleted or deactivated');
    expect(flowErrorMessage('AUTH_KEY_DUPLICATED')).toContain('two places at once');
  });

  it('explains the sign-up refusal and the no-recovery case with what the person can do', () => {
    expect(flowErrorMessage('PHONE_NUMBER_APP_SIGNUP_FORBIDDEN')).toContain('official Telegram app');
    expect(flowErrorMessage('PASSWORD_RECOVERY_NA')).toContain('no recovery email');
    expect(flowErrorMessage('FRESH_RESET_AUTHORISATION_FORBIDDEN')).toContain('less than a day old');
  });

  it.each(flowCodes)('%s reads as a sentence, not as the code', (code) => {
    const message = flowErrorMessage(code, { codeLength: 5 });
    expect(message).not.toContain(code);
    expect(message).toMatch(/^[A-Z].{15,}[.)]$/s);
  });

  it.each(callCodes)('call error %s reads as a sentence', (code) => {
    const message = callErrorMessage(code);
    expect(message).not.toContain(code);
    expect(message).toMatch(/^[A-Z].{15,}\.$/s);
  });

  it('CODE_FORMAT names the expected length when it is known', () => {
    expect(flowErrorMessage('CODE_FORMAT', { codeLength: 5 })).toContain('5 digits');
    expect(flowErrorMessage('CODE_FORMAT', { codeLength: 0 })).not.toMatch(/\d/);
  });

  it('CODE_FORMAT for an SMS word or phrase names its beginning, not digits', () => {
    const word = flowErrorMessage('CODE_FORMAT', { codeLength: 0, delivery: { kind: 'sms_word', beginning: 'g' } });
    expect(word).toBe('The word from the SMS starts with “g”. Check it and type it again.');
    const phrase = flowErrorMessage('CODE_FORMAT', { delivery: { kind: 'sms_phrase', beginning: null } });
    expect(phrase).toBe('Enter the phrase from the SMS.');
  });
});

describe('where the code went', () => {
  it('says it in words, with the number formatted', () => {
    expect(deliveryMessage({ kind: 'app' }, '+15550100', 5)).toContain(
      'We sent the code to your Telegram app on another device',
    );
    expect(deliveryMessage({ kind: 'sms' }, '+15550100', 5)).toBe('We sent the code by SMS to +1 555 0100.');
    expect(deliveryMessage({ kind: 'call' }, '+15550100', 5)).toContain('We’ll call you at +1 555 0100');
    expect(deliveryMessage({ kind: 'missed_call', prefix: '+4420' }, '+15550100', 4)).toContain('last 4 digits');
    expect(deliveryMessage({ kind: 'email', emailPattern: 'a***e@e***.com' }, '+15550100', 5)).toContain(
      'a***e@e***.com',
    );
  });

  it('has a sentence for every delivery kind', () => {
    const kinds: CodeDelivery[] = [
      { kind: 'app' }, { kind: 'sms' }, { kind: 'call' }, { kind: 'flash_call', pattern: '4420*******' },
      { kind: 'missed_call', prefix: '+4420' }, { kind: 'email', emailPattern: 'x' }, { kind: 'setup_email_required' },
      { kind: 'fragment_sms', url: 'https://fragment.com/numbers' }, { kind: 'firebase_sms' },
      { kind: 'sms_word', beginning: 'a' }, { kind: 'sms_phrase', beginning: null },
    ];
    for (const delivery of kinds) expect(deliveryMessage(delivery, '+15550100', 5).length).toBeGreaterThan(20);
  });

  it('names each next-channel button after what it does', () => {
    const labels: Record<NextChannel, string> = {
      sms: 'Send the code by SMS',
      call: 'Call me instead',
      flash_call: 'Verify with a short call',
      missed_call: 'Verify with a missed call',
      fragment_sms: 'Send the code through Fragment',
    };
    for (const [next, label] of Object.entries(labels)) expect(nextChannelLabel(next as NextChannel)).toBe(label);
  });
});

describe('the code field says exactly what to type', () => {
  it('per delivery kind', () => {
    expect(codeFieldLabel({ kind: 'app' }, 5)).toBe('5-digit code');
    expect(codeFieldLabel({ kind: 'sms' }, 0)).toBe('Code');
    expect(codeFieldLabel({ kind: 'missed_call', prefix: '+4420123' }, 4)).toBe('Last 4 digits of the number that called you');
    expect(codeFieldLabel({ kind: 'flash_call', pattern: '4420*******' }, 0)).toBe('The number that called you');
    expect(codeFieldLabel({ kind: 'email', emailPattern: 'a***@e.com' }, 6)).toBe('6-digit code from the email');
    expect(codeFieldLabel({ kind: 'sms_word', beginning: null }, 0)).toBe('Word from the SMS');
    expect(codeFieldLabel({ kind: 'sms_phrase', beginning: 'a' }, 0)).toBe('Phrase from the SMS');
  });

  it('a missed call asks for the last N digits of the calling number, with its start', () => {
    const text = deliveryMessage({ kind: 'missed_call', prefix: '+4420123' }, '+15550100', 4);
    expect(text).toContain('+4420123');
    expect(text).toContain('enter the last 4 digits of the number that called you');
  });
});

describe('active sessions', () => {
  const session: ActiveSession = {
    hash: '42', current: false, device: 'Pixel 8', platform: 'Android', app: 'Telegram Android 11.2', official: true,
    ip: '203.0.113.5', country: 'Germany', createdAt: 0, activeAt: 0,
  };
  const now = Date.UTC(2026, 10, 25, 12, 0, 0);

  it('reads the last activity like a person would say it', () => {
    expect(sessionLastActive(now - 30_000, now)).toBe('Active now');
    expect(sessionLastActive(now - 5 * 60_000, now)).toBe('Active 5 min ago');
    expect(sessionLastActive(now - 3 * 3_600_000, now)).toBe('Active 3 h ago');
    expect(sessionLastActive(Date.UTC(2026, 10, 12, 9, 0, 0), now)).toBe('Last active 12 Nov 2026');
  });

  it('joins what is known of the app and the place, and leaves out what is not', () => {
    expect(sessionApp(session)).toBe('Telegram Android 11.2 · Android');
    expect(sessionApp({ ...session, platform: '' })).toBe('Telegram Android 11.2');
    expect(sessionLocation(session)).toBe('203.0.113.5 · Germany');
    expect(sessionLocation({ ...session, ip: null })).toBe('Germany');
    expect(sessionLocation({ ...session, ip: null, country: ' ' })).toBeNull();
  });
});

describe('offline banner', () => {
  it('says when the next attempt runs, or that one is running', () => {
    expect(tr.t('offline.retryIn', { time: tr.countdown(4000) })).toBe('Reconnecting by itself in 0:04.');
    expect(tr.t('offline.retryNow')).toBe('Reconnecting now…');
    expect(tr.t('offline.statement')).toContain('Nothing you entered is lost');
  });
});

describe('formatCountdown', () => {
  it('shows minutes and seconds, hours when needed, rounding up and never below zero', () => {
    expect(formatCountdown(30_000)).toBe('0:30');
    expect(formatCountdown(29_001)).toBe('0:30');
    expect(formatCountdown(75_000)).toBe('1:15');
    expect(formatCountdown(86_400_000)).toBe('24:00:00');
    expect(formatCountdown(3_723_000)).toBe('1:02:03');
    expect(formatCountdown(-5_000)).toBe('0:00');
  });
});
