// The renderer's phone number rules: what counts as sendable (the same rule main applies) and
// how numbers are shown.
import { describe, expect, it } from 'vitest';
import { codeDigits, countryCallingCode, formatPhone, normalizePhone } from '../../renderer/src/lib/phone-number';
import { normalizePhone as mainNormalizePhone } from '../../main/login/login-flow';

describe('normalizePhone', () => {
  it('accepts what people type between digits and returns E.164', () => {
    expect(normalizePhone('+1 555 0100')).toBe('+15550100');
    expect(normalizePhone(' +1 (555) 010-0100 ')).toBe('+15550100100');
    expect(normalizePhone('+44.20.7946.0958')).toBe('+442079460958');
    expect(normalizePhone('0044 20 7946 0958')).toBe('+442079460958');
  });

  it('rejects numbers without a country code, letters, a leading 0 and wrong lengths', () => {
    for (const bad of ['', '5550100', 'call me maybe', '+0 555 0100', '+1555', '+1234567890123456', '+1 555 O100']) {
      expect(normalizePhone(bad), bad).toBeNull();
    }
  });

  it('never lets through a number that main would refuse', () => {
    for (const input of ['+15550100', '+1 555 0100', '+1234567', '+123456789012345', '+1 (555) 0100', '+0123456789']) {
      const mine = normalizePhone(input);
      if (mine !== null) expect(mainNormalizePhone(mine), input).toBe(mine);
    }
  });
});

describe('formatPhone', () => {
  it('splits the country code and groups the rest without a lone digit at the end', () => {
    expect(formatPhone('+15550100')).toBe('+1 555 0100');
    expect(formatPhone('+15551234567')).toBe('+1 555 123 4567');
    expect(formatPhone('+442079460958')).toBe('+44 207 946 0958');
    expect(formatPhone('+380501234567')).toBe('+380 501 234 567');
    expect(formatPhone('+79161234567')).toBe('+7 916 123 4567');
  });

  it('shows anything that is not a number exactly as it was', () => {
    expect(formatPhone('hello')).toBe('hello');
    expect(formatPhone('')).toBe('');
  });

  it('knows one-, two- and three-digit country codes', () => {
    expect(countryCallingCode('15550100')).toBe('1');
    expect(countryCallingCode('79161234567')).toBe('7');
    expect(countryCallingCode('442079460958')).toBe('44');
    expect(countryCallingCode('380501234567')).toBe('380');
  });
});

describe('codeDigits', () => {
  it('keeps only digits, as a paste of "12 - 345" should', () => {
    expect(codeDigits('12 - 345')).toBe('12345');
    expect(codeDigits('Code: 54321.')).toBe('54321');
    expect(codeDigits('abc')).toBe('');
  });
});
