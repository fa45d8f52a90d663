import { isAppError } from '../../errors.js';
import type {
  Gender,
  RelationToHead,
  ResidenceType,
  ResidentStatus,
  ServiceKind,
} from '../../generated/prisma/enums.js';
import { parseIdNumber } from '../resident/id-number.js';
import { validEthnicity, validName, validPhone, validText } from '../resident/validation.js';
import { cleanCode, cleanText, isoDay, parseLedgerDate, parseLedgerTime } from './clean.js';
import { type FieldName, headings } from './fields.js';
import { genders, relations, residenceTypes, serviceKinds, splitList, statuses } from './values.js';

/** A problem with one line; the message names the heading and the rule, never the value. */
export interface RowError {
  line: number;
  field?: FieldName;
  message: string;
}

/** One line's cells by field, and the errors found while reading them. */
export class Row {
  readonly errors: RowError[] = [];

  constructor(
    readonly line: number,
    private readonly values: Partial<Record<FieldName, string>>,
    private readonly labels: Partial<Record<FieldName, string>> = {},
  ) {}

  fail(field: FieldName | undefined, message: string): undefined {
    this.errors.push({
      line: this.line,
      field,
      message: field ? `${this.labels[field] ?? headings[field][0]}: ${message}` : message,
    });
    return undefined;
  }

  /** The cleaned text of a field; undefined when the column is absent or the cell blank. */
  text(field: FieldName, code = false): string | undefined {
    const raw = this.values[field];
    if (raw === undefined) return undefined;
    const value = code ? cleanCode(raw) : cleanText(raw);
    return value === '' ? undefined : value;
  }

  required(field: FieldName, code = false): string | undefined {
    return this.text(field, code) ?? this.fail(field, 'is required');
  }

  /** Runs one of the hub's own validators (which throw BAD_USER_INPUT) and keeps its reason. */
  check<T>(field: FieldName, validate: () => T): T | undefined {
    try {
      return validate();
    } catch (error) {
      if (!isAppError(error)) throw error;
      return this.fail(field, error.message.replace(/^[^:]*: /, ''));
    }
  }

  choice<T>(field: FieldName, words: Map<string, T>, allowed: string): T | undefined {
    const value = this.text(field);
    if (value === undefined) return undefined;
    return words.get(value.toUpperCase()) ?? this.fail(field, `must be one of ${allowed}`);
  }

  date(field: FieldName): Date | undefined {
    const value = this.text(field);
    if (value === undefined) return undefined;
    return (
      parseLedgerDate(value) ??
      this.fail(field, 'must be a date such as 2026-01-05, 2026/1/5 or 2026年1月5日')
    );
  }

  time(field: FieldName): Date | undefined {
    const value = this.text(field);
    if (value === undefined) return undefined;
    return (
      parseLedgerTime(value) ??
      this.fail(field, 'must be a date such as 2026-01-05 (optionally with a time, 14:30)')
    );
  }
}

/** The ID number with what it encodes, checked against the gender and birth date columns when given. */
export function idNumberOf(row: Row, field: FieldName = 'idNumber') {
  const value = row.required(field, true);
  if (value === undefined) return undefined;
  const parsed = parseIdNumber(value);
  if (!parsed.ok) return row.fail(field, parsed.reason);
  const gender = row.choice('gender', genders, '男, 女');
  if (gender !== undefined && gender !== parsed.gender)
    row.fail('gender', 'does not agree with the ID number');
  const birth = row.date('birthDate');
  if (birth !== undefined && birth.getTime() !== parsed.birthDate.getTime())
    row.fail('birthDate', 'does not agree with the ID number');
  return parsed;
}

/** A resident line; fields absent from the file stay undefined (an update leaves them as they are). */
export interface ResidentLine {
  line: number;
  idNumber: string;
  gender: Gender;
  birthDate: Date;
  name: string;
  ethnicity: string;
  phone?: string;
  address?: string;
  householdNumber?: string;
  relationToHead?: RelationToHead;
  residenceType?: ResidenceType;
  status?: ResidentStatus;
  moveInDate?: Date;
  tags: string[];
}

const today = () => new Date(Math.floor((Date.now() + 8 * 3_600_000) / 86_400_000) * 86_400_000);

export function residentLine(row: Row): ResidentLine | undefined {
  const id = idNumberOf(row);
  const name = row.check('name', () => validName('name', row.required('name') ?? ''));
  const ethnicity = row.check('ethnicity', () =>
    validEthnicity('ethnicity', row.text('ethnicity') ?? ''),
  );
  const phoneText = row.text('phone', true);
  const phone =
    phoneText === undefined
      ? undefined
      : row.check('phone', () => validPhone('phone', phoneText) ?? undefined);
  const address = row.text('address');
  if (address !== undefined && address.length > 128)
    row.fail('address', 'must be at most 128 characters');
  const moveInDate = row.date('moveInDate');
  if (moveInDate && moveInDate > today()) row.fail('moveInDate', 'must not be in the future');
  if (moveInDate && id && moveInDate < id.birthDate)
    row.fail('moveInDate', 'must not be before the date of birth');
  const line: Partial<ResidentLine> = {
    line: row.line,
    ...(id && { idNumber: id.idNumber, gender: id.gender, birthDate: id.birthDate }),
    name,
    ethnicity,
    phone,
    address,
    householdNumber: row.text('householdNumber'),
    relationToHead: row.choice(
      'relationToHead',
      relations,
      '本人, 配偶, 子女, 父母, 孙子女, 祖父母, 兄弟姐妹, 媳婿, 其他',
    ),
    residenceType: row.choice('residenceType', residenceTypes, '户籍, 人户分离, 来沪'),
    status: row.choice('status', statuses, '在住, 迁出, 死亡'),
    moveInDate,
    tags: splitList(row.text('tags') ?? ''),
  };
  return row.errors.length === 0 ? (line as ResidentLine) : undefined;
}

export interface ServiceLine {
  line: number;
  idNumber: string;
  name?: string;
  occurredAt: Date;
  kind: ServiceKind;
  notes: string;
  task?: string;
  recordedBy?: string;
}

export function serviceLine(row: Row): ServiceLine | undefined {
  const idNumber = row.required('idNumber', true);
  const parsed = idNumber === undefined ? undefined : parseIdNumber(idNumber);
  if (parsed && !parsed.ok) row.fail('idNumber', parsed.reason);
  const occurredAt = row.required('occurredAt') === undefined ? undefined : row.time('occurredAt');
  if (occurredAt && occurredAt.getTime() > Date.now() + 5 * 60_000)
    row.fail('occurredAt', 'must not be in the future');
  const notes = row.check('notes', () => validText('notes', row.text('notes') ?? '', 2000));
  const recordedBy = row.text('recordedBy');
  if (recordedBy !== undefined && recordedBy.length > 64)
    row.fail('recordedBy', 'must be at most 64 characters');
  const line = {
    line: row.line,
    idNumber: parsed?.ok ? parsed.idNumber : undefined,
    name: row.text('name'),
    occurredAt,
    kind:
      row.choice('serviceKind', serviceKinds, '走访, 帮扶, 补贴, 服药提醒, 开证明, 其他') ??
      'HOME_VISIT',
    notes: notes ?? '',
    task: row.text('task', true),
    recordedBy,
  };
  return row.errors.length === 0 ? (line as ServiceLine) : undefined;
}

export interface TagLine {
  line: number;
  idNumber: string;
  name?: string;
  tags: string[];
}

export function tagLine(row: Row): TagLine | undefined {
  const idNumber = row.required('idNumber', true);
  const parsed = idNumber === undefined ? undefined : parseIdNumber(idNumber);
  if (parsed && !parsed.ok) row.fail('idNumber', parsed.reason);
  const tags = splitList(row.required('tags') ?? '');
  return row.errors.length === 0 && parsed?.ok
    ? { line: row.line, idNumber: parsed.idNumber, name: row.text('name'), tags }
    : undefined;
}

export interface HouseholdLine {
  line: number;
  address: string;
  householdNumber?: string;
  headIdNumber?: string;
}

export function householdLine(row: Row): HouseholdLine | undefined {
  const address = row.required('address');
  if (address !== undefined && address.length > 128)
    row.fail('address', 'must be at most 128 characters');
  const head = row.text('headIdNumber', true);
  const parsed = head === undefined ? undefined : parseIdNumber(head);
  if (parsed && !parsed.ok) row.fail('headIdNumber', parsed.reason);
  if (row.errors.length > 0 || address === undefined) return undefined;
  return {
    line: row.line,
    address,
    householdNumber: row.text('householdNumber'),
    headIdNumber: parsed?.ok ? parsed.idNumber : undefined,
  };
}

export { isoDay };
