/**
 * Chinese resident identity card numbers (GB 11643-1999, 公民身份号码), 18 characters:
 *
 *   AAAAAA YYYYMMDD SSS C
 *   area   birth    seq check
 *
 * - area: the 6-digit administrative division code (GB/T 2260) where the number was issued;
 * - birth: the date of birth;
 * - seq: a 3-digit sequence; odd for men, even for women;
 * - check: ISO 7064 MOD 11-2 over the first 17 digits, `X` standing for 10.
 *
 * Messages never echo the value: it is personal data and may end up in logs.
 */

export type IdGender = 'MALE' | 'FEMALE';

export type ParsedIdNumber =
  | {
      ok: true;
      /** The number as stored: upper-case `X`. */
      idNumber: string;
      areaCode: string;
      /** Date of birth at UTC midnight. */
      birthDate: Date;
      gender: IdGender;
    }
  | { ok: false; reason: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const DAY_MS = 86_400_000;
/** China Standard Time has been UTC+8 all year round since 1992. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const EARLIEST_BIRTH = Date.UTC(1900, 0, 1);

/** The check character for the first 17 digits of an ID number (ISO 7064 MOD 11-2). */
export function idCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idCheckDigit needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS.charAt(sum % 11);
}

/**
 * Validates an 18-character ID number and reads what it encodes. A lower-case `x` is
 * accepted and normalised. The birth date must be a real calendar date, not before 1900
 * and not after today in China (`today` defaults to now; pass it for reproducible results).
 */
export function parseIdNumber(value: string, today: Date = new Date()): ParsedIdNumber {
  if (typeof value !== 'string' || value.length !== 18) {
    return { ok: false, reason: 'An ID number must be 18 characters long.' };
  }
  const idNumber = value.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(idNumber)) {
    return { ok: false, reason: 'An ID number must be 17 digits followed by a digit or X.' };
  }
  const year = Number(idNumber.slice(6, 10));
  const month = Number(idNumber.slice(10, 12));
  const day = Number(idNumber.slice(12, 14));
  const birth = Date.UTC(year, month - 1, day);
  const check = new Date(birth);
  if (
    month < 1 ||
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day
  ) {
    return { ok: false, reason: 'The ID number does not contain a valid birth date.' };
  }
  if (birth < EARLIEST_BIRTH) {
    return { ok: false, reason: 'The birth date in the ID number is before 1900.' };
  }
  const todayInChina = Math.floor((today.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS;
  if (birth > todayInChina) {
    return { ok: false, reason: 'The birth date in the ID number is in the future.' };
  }
  if (idCheckDigit(idNumber.slice(0, 17)) !== idNumber.charAt(17)) {
    return { ok: false, reason: 'The check digit of the ID number does not match.' };
  }
  const sequence = Number(idNumber.slice(14, 17));
  return {
    ok: true,
    idNumber,
    areaCode: idNumber.slice(0, 6),
    birthDate: new Date(birth),
    gender: sequence % 2 === 1 ? 'MALE' : 'FEMALE',
  };
}

/** Whether `value` is a valid ID number (see {@link parseIdNumber}). */
export function isValidIdNumber(value: string, today?: Date): boolean {
  return parseIdNumber(value, today).ok;
}

/**
 * Builds a valid ID number. `sequence` (0..999) also encodes gender: odd for men, even for
 * women. The birth date is read in UTC (pass UTC midnight).
 */
export function formatIdNumber(areaCode: string, birthDate: Date, sequence: number): string {
  if (!/^\d{6}$/.test(areaCode)) throw new RangeError('areaCode must be 6 digits');
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError('sequence must be an integer from 0 to 999');
  }
  const time = birthDate.getTime();
  if (Number.isNaN(time)) throw new RangeError('birthDate is not a valid date');
  const year = birthDate.getUTCFullYear();
  if (year < 1000 || year > 9999) throw new RangeError('birthDate year must have four digits');
  const yyyymmdd =
    String(year) +
    String(birthDate.getUTCMonth() + 1).padStart(2, '0') +
    String(birthDate.getUTCDate()).padStart(2, '0');
  const first17 = areaCode + yyyymmdd + String(sequence).padStart(3, '0');
  return first17 + idCheckDigit(first17);
}
