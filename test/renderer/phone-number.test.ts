// How the renderer shows phone numbers (what counts as one is test/unit/input-normalizers.test.ts).
import { describe, expect, it } from 'vitest';
import { countryCallingCode, formatPhone } from '../../renderer/src/lib/phone-number';

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
