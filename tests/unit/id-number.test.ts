import { describe, expect, it } from 'vitest';
import {
  formatIdNumber,
  idCheckDigit,
  isValidIdNumber,
  parseIdNumber,
} from '../../src/modules/resident/id-number.js';

const today = new Date('2026-11-01T00:00:00Z');

/** 17 digits plus their correct check character. */
const withCheck = (first17: string) => first17 + idCheckDigit(first17);

function failure(value: string, at = today): string {
  const result = parseIdNumber(value, at);
  if (result.ok) throw new Error('expected the ID number to be rejected');
  return result.reason;
}

describe('idCheckDigit', () => {
  it('computes ISO 7064 MOD 11-2 check characters, X for 10', () => {
    expect(idCheckDigit('11010519491231002')).toBe('X'); // the example of GB 11643-1999
    expect(idCheckDigit('44052418800101001')).toBe('4'); // the standard's other example
    expect(idCheckDigit('31010619800101001')).toBe(withCheck('31010619800101001').slice(-1));
  });

  it('rejects input that is not 17 digits', () => {
    expect(() => idCheckDigit('1101051949123100')).toThrow(RangeError);
    expect(() => idCheckDigit('1101051949123100A')).toThrow(RangeError);
  });
});

describe('parseIdNumber', () => {
  it('reads area, birth date and gender of a valid number', () => {
    const result = parseIdNumber('11010519491231002X', today);
    expect(result).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      areaCode: '110105',
      birthDate: new Date('1949-12-31T00:00:00Z'),
      gender: 'FEMALE',
    });
  });

  it('takes gender from the parity of the sequence', () => {
    const male = parseIdNumber(withCheck('31010619800101001'), today);
    const female = parseIdNumber(withCheck('31010619800101002'), today);
    expect(male.ok && male.gender).toBe('MALE');
    expect(female.ok && female.gender).toBe('FEMALE');
  });

  it('accepts a lower-case x and normalises it', () => {
    const result = parseIdNumber('11010519491231002x', today);
    expect(result.ok).toBe(true);
    expect(result.ok && result.idNumber).toBe('11010519491231002X');
  });

  it('rejects a wrong check digit', () => {
    expect(failure('110105194912310021')).toMatch(/check digit/);
    expect(failure('110105194912310020')).toMatch(/check digit/);
  });

  it('rejects wrong lengths and characters', () => {
    expect(failure('')).toMatch(/18 characters/);
    expect(failure('11010519491231002')).toMatch(/18 characters/);
    expect(failure('11010519491231002X0')).toMatch(/18 characters/);
    expect(failure('A1010519491231002X')).toMatch(/17 digits/);
    expect(failure('1101051949123100X2')).toMatch(/17 digits/);
    expect(failure('11010519491231002 ')).toMatch(/17 digits/);
  });

  it('rejects impossible calendar dates', () => {
    expect(failure(withCheck('31010619490230002'))).toMatch(/valid birth date/); // 30 February
    expect(failure(withCheck('31010619491301002'))).toMatch(/valid birth date/); // month 13
    expect(failure(withCheck('31010619490001002'))).toMatch(/valid birth date/); // month 0
    expect(failure(withCheck('31010619490100002'))).toMatch(/valid birth date/); // day 0
    expect(failure(withCheck('31010600500101002'))).toMatch(/valid birth date/); // year 0050
    expect(failure(withCheck('31010619000229002'))).toMatch(/valid birth date/); // 1900 is no leap year
    expect(parseIdNumber(withCheck('31010620000229002'), today).ok).toBe(true); // 2000 is
  });

  it('rejects birth dates in the future or before 1900', () => {
    expect(failure(withCheck('31010620261102001'))).toMatch(/future/);
    expect(failure(withCheck('31010620300101001'))).toMatch(/future/);
    expect(failure('440524188001010014')).toMatch(/before 1900/);
    expect(parseIdNumber(withCheck('31010620261101001'), today).ok).toBe(true); // born today
  });

  it('judges "today" by the date in China (UTC+8)', () => {
    const lateEveningUtc = new Date('2026-11-01T17:00:00Z'); // already 2 November in Shanghai
    expect(parseIdNumber(withCheck('31010620261102001'), lateEveningUtc).ok).toBe(true);
  });

  it('never echoes the value in its reason', () => {
    const values = [
      '110105194912310021',
      withCheck('31010619490230002'),
      withCheck('31010620300101001'),
      '12345',
      'A1010519491231002X',
    ];
    for (const value of values) {
      const reason = failure(value);
      expect(reason).not.toContain(value);
      expect(reason).not.toMatch(/\d{4,}/);
    }
  });

  it('isValidIdNumber agrees', () => {
    expect(isValidIdNumber('11010519491231002X', today)).toBe(true);
    expect(isValidIdNumber('110105194912310021', today)).toBe(false);
  });
});

describe('formatIdNumber', () => {
  it('builds numbers that parse back to the same facts', () => {
    const birth = new Date(Date.UTC(1956, 6, 8));
    for (const sequence of [0, 1, 2, 457, 998, 999]) {
      const value = formatIdNumber('310106', birth, sequence);
      expect(value).toHaveLength(18);
      expect(value.slice(0, 17)).toBe(`31010619560708${String(sequence).padStart(3, '0')}`);
      const parsed = parseIdNumber(value, today);
      expect(parsed).toMatchObject({
        ok: true,
        areaCode: '310106',
        birthDate: birth,
        gender: sequence % 2 ? 'MALE' : 'FEMALE',
      });
    }
    expect(formatIdNumber('110105', new Date(Date.UTC(1949, 11, 31)), 2)).toBe(
      '11010519491231002X',
    );
  });

  it('rejects bad arguments', () => {
    const birth = new Date(Date.UTC(1980, 0, 1));
    expect(() => formatIdNumber('31010', birth, 1)).toThrow(RangeError);
    expect(() => formatIdNumber('310106', birth, -1)).toThrow(RangeError);
    expect(() => formatIdNumber('310106', birth, 1000)).toThrow(RangeError);
    expect(() => formatIdNumber('310106', birth, 1.5)).toThrow(RangeError);
    expect(() => formatIdNumber('310106', new Date(Number.NaN), 1)).toThrow(RangeError);
  });
});
