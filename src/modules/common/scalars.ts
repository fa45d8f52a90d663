import { GraphQLError, Kind } from 'graphql';
import { builder } from '../../builder.js';
import { ErrorCode } from '../../errors.js';

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD` into a UTC-midnight Date, rejecting impossible dates like 2023-02-30. */
export function parseDate(value: string): Date | null {
  const match = datePattern.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid ? date : null;
}

export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function invalid(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
}

builder.scalarType('Date', {
  description: '日期 A calendar date, `YYYY-MM-DD` (no time, no time zone).',
  serialize: (value) => formatDate(value),
  parseValue: (value) => {
    const date = typeof value === 'string' ? parseDate(value) : null;
    if (!date) throw invalid('Date must be a real calendar date written YYYY-MM-DD');
    return date;
  },
  parseLiteral: (ast) => {
    const date = ast.kind === Kind.STRING ? parseDate(ast.value) : null;
    if (!date) throw invalid('Date must be a real calendar date written YYYY-MM-DD');
    return date;
  },
});

function parseDateTime(value: unknown): Date {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw invalid('DateTime must be an ISO 8601 timestamp such as 2026-05-01T09:30:00+08:00');
}

builder.scalarType('DateTime', {
  description: '时间 An instant, ISO 8601 with time zone (answers are in UTC).',
  serialize: (value) => value.toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});
