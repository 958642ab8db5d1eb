// The words: every code main can send has a sentence that isn't the code itself, every channel a
// button label, and countdowns read as a clock.
import { describe, expect, it } from 'vitest';
import type { CallErrorCode } from '../../common/contract';
import type { CodeDelivery, FlowErrorCode, NextChannel } from '../../common/login-state';
import {
  callErrorMessage,
  deliveryMessage,
  flowErrorMessage,
  formatCountdown,
  nextChannelLabel,
  translatedFlowErrorCodes,
} from '../../renderer/src/i18n/en';

const flowCodes: FlowErrorCode[] = [
  'PHONE_NUMBER_INVALID', 'PHONE_NUMBER_BANNED', 'PHONE_NUMBER_FLOOD', 'PHONE_NUMBER_UNOCCUPIED',
  'PHONE_CODE_EMPTY', 'PHONE_CODE_INVALID', 'PHONE_CODE_EXPIRED', 'PHONE_CODE_HASH_EMPTY',
  'SEND_CODE_UNAVAILABLE', 'FLOOD_WAIT', 'API_ID_INVALID', 'PHONE_FORMAT', 'CODE_FORMAT', 'NETWORK',
  'TIMEOUT', 'SERVER', 'KEYCHAIN_WRITE_FAILED', 'LOGOUT_SERVER_FAILED', 'UNKNOWN',
];
const callCodes: CallErrorCode[] = ['UNKNOWN_INTENT', 'BAD_ARGUMENTS', 'BAD_SENDER', 'NOT_NOW', 'BUSY', 'INTERNAL', 'URL_NOT_ALLOWED'];

describe('error messages', () => {
  it('covers at least the codes of the sign-in flow', () => {
    expect(translatedFlowErrorCodes).toEqual(expect.arrayContaining(flowCodes));
  });

  it.each(translatedFlowErrorCodes)('%s reads as a sentence, not as the code', (code) => {
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
