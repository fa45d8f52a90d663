import { badInput } from '../../errors.js';
import { today } from './age.js';
import { parseIdNumber } from './id-number.js';

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const controlChars = /[\u0000-\u001f\u007f]/;

/** A person's name: 1–32 characters, Chinese, Latin or minority-style with a middle dot. */
export function validName(field: string, value: string): string {
  const name = value.trim();
  if (name.length < 1 || name.length > 32) throw badInput(field, 'must be 1 to 32 characters');
  if (controlChars.test(name) || !/^[\p{L}\p{M}·•.\- ]+$/u.test(name)) {
    throw badInput(field, 'may contain only letters, spaces, hyphens and the middle dot ·');
  }
  return name;
}

/** A mainland mobile (11 digits starting 1[3-9]) or a landline like 021-62345678 / 62345678. */
export function validPhone(field: string, value: string | null): string | null {
  if (value === null) return null;
  const phone = value.replace(/[\s]/g, '');
  if (!/^1[3-9]\d{9}$/.test(phone) && !/^(0\d{2,3}-?)?\d{7,8}$/.test(phone)) {
    throw badInput(field, 'must be an 11-digit mobile number or a landline such as 021-62345678');
  }
  return phone;
}

export function validEthnicity(field: string, value: string): string {
  const ethnicity = value.trim();
  if (ethnicity.length < 1 || ethnicity.length > 16 || controlChars.test(ethnicity)) {
    throw badInput(field, 'must be 1 to 16 characters, e.g. 汉族');
  }
  return ethnicity;
}

/** Checks the ID number (GB 11643) and returns what it encodes; the value is never echoed. */
export function validIdNumber(field: string, value: string) {
  const parsed = parseIdNumber(value.trim());
  if (!parsed.ok) throw badInput(field, parsed.reason);
  return {
    idNumber: value.trim().toUpperCase(),
    birthDate: parsed.birthDate,
    gender: parsed.gender,
  };
}

/** A move-in date: not in the future and not before the person was born. */
export function validMoveInDate(field: string, value: Date, birthDate: Date): Date {
  if (value.getTime() > today().getTime()) throw badInput(field, 'must not be in the future');
  if (value.getTime() < birthDate.getTime())
    throw badInput(field, 'must not be before the date of birth');
  return value;
}

/** A free text of at most `max` characters without control characters other than newlines. */
export function validText(field: string, value: string, max: number): string {
  const text = value.trim();
  if (text.length > max) throw badInput(field, `must be at most ${max} characters`);
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(text))
    throw badInput(field, 'must not contain control characters');
  return text;
}
