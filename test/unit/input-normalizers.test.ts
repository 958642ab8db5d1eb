// The one rule per input (phone, code, names) that the renderer applies for feedback and main
// applies as the check: what a person types or pastes, and what comes out.
import { describe, expect, it } from 'vitest';
import {
  codeDigits,
  NAME_MAX_LENGTH,
  normalizeCode,
  normalizeName,
  normalizePhone,
  normalizeSignUpNames,
} from '../../common/input-normalizers';

describe('normalizePhone', () => {
  it.each([
    ['+15550100', '+15550100'],
    ['+1 555 0100', '+15550100'],
    [' +1 (555) 010-0 ', '+15550100'],
    [' +1 (555) 010-0100 ', '+15550100100'],
    ['+44 20 7946 0958', '+442079460958'],
    ['+44.20.7946.0958', '+442079460958'],
    ['+1.555.0100', '+15550100'],
    ['0044 20 7946 0958', '+442079460958'],
    ['+1\u00a0555\u00a00100', '+15550100'],
    ['+123456789012345', '+123456789012345'],
  ])('accepts what a person pastes: %j as %j', (input, want) => {
    expect(normalizePhone(input)).toBe(want);
  });

  it.each(['', '5550100', '15550100', 'call me maybe', '+0 555 0100', '+0123456789', '+1555', '+1555010', '+1234567890123456', '+1 555 O100', '+1555a0100', '++15550100'])(
    'refuses %j: not an E.164 number',
    (input) => {
      expect(normalizePhone(input)).toBeNull();
    },
  );

  it('is idempotent: what it accepts, it accepts again unchanged (the renderer sends it, main checks it)', () => {
    for (const input of ['+1 555 0100', '0044 20 7946 0958', '+1 (555) 0100', '+44.20.7946.0958']) {
      const once = normalizePhone(input);
      expect(once, input).not.toBeNull();
      expect(normalizePhone(once!), input).toBe(once);
    }
  });
});

describe('normalizeCode', () => {
  it('numeric codes: digits only, of the expected length', () => {
    expect(normalizeCode('12345', 5)).toBe('12345');
    expect(normalizeCode(' 12-345 ', 5)).toBe('12345');
    expect(normalizeCode('1234', 5)).toBeNull();
    expect(normalizeCode('123456', 5)).toBeNull();
    expect(normalizeCode('abc', 5)).toBeNull();
    expect(normalizeCode('', 0)).toBeNull();
    expect(normalizeCode('1234567', 0)).toBe('1234567');
    expect(normalizeCode('12-345', 5, 'sms')).toBe('12345');
  });
  it('SMS word and phrase codes are words: trimmed, inner spaces collapsed, never stripped to digits', () => {
    expect(normalizeCode('  amber ', 0, 'sms_word')).toBe('amber');
    expect(normalizeCode('amber  birch\tcobalt', 0, 'sms_phrase')).toBe('amber birch cobalt');
    expect(normalizeCode('   ', 0, 'sms_phrase')).toBeNull();
  });
  it('an SMS word / phrase must start with the beginning the server gave', () => {
    expect(normalizeCode('amber birch', 0, 'sms_phrase', 'amber')).toBe('amber birch');
    expect(normalizeCode('Amber birch', 0, 'sms_phrase', 'amber')).toBe('Amber birch');
    expect(normalizeCode('birch amber', 0, 'sms_phrase', 'amber')).toBeNull();
    expect(normalizeCode('cobalt', 0, 'sms_word', 'co')).toBe('cobalt');
    expect(normalizeCode('amber', 0, 'sms_word', 'co')).toBeNull();
    expect(normalizeCode('amber', 0, 'sms_word', null)).toBe('amber');
  });
  it('missed-call codes are the last digits, of the given length', () => {
    expect(normalizeCode('0100', 4, 'missed_call')).toBe('0100');
    expect(normalizeCode('+1 555 0100', 4, 'missed_call')).toBeNull();
  });
  it('codeDigits keeps only digits, as a paste of "12 - 345" should', () => {
    expect(codeDigits('12 - 345')).toBe('12345');
    expect(codeDigits('Code: 54321.')).toBe('54321');
    expect(codeDigits('abc')).toBe('');
  });
});

describe('names', () => {
  it('are trimmed with inner runs of spaces collapsed', () => {
    expect(normalizeName('  Ada   Lovelace ')).toBe('Ada Lovelace');
    expect(normalizeSignUpNames(' Ada ', '  ')).toEqual({ firstName: 'Ada', lastName: '' });
  });
  it('need a first name, and neither may be longer than auth.signUp takes', () => {
    expect(normalizeSignUpNames('   ', 'Lovelace')).toBeNull();
    expect(normalizeSignUpNames('A'.repeat(NAME_MAX_LENGTH), 'B'.repeat(NAME_MAX_LENGTH))).not.toBeNull();
    expect(normalizeSignUpNames('A'.repeat(NAME_MAX_LENGTH + 1), '')).toBeNull();
    expect(normalizeSignUpNames('Ada', 'B'.repeat(NAME_MAX_LENGTH + 1))).toBeNull();
  });
});
