import { GraphQLError } from 'graphql';

/** Stable error codes: clients switch on these, never on messages. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  FORBIDDEN: 'FORBIDDEN',
  PURPOSE_REQUIRED: 'PURPOSE_REQUIRED',
  PURPOSE_NOT_ALLOWED: 'PURPOSE_NOT_ALLOWED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  RATE_LIMITED: 'RATE_LIMITED',
  /** The answer was larger than ONETABLE_MAX_RESPONSE_BYTES and was not sent. */
  RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const deliberate = Symbol('onetable.deliberate');

/** An error we raise on purpose: its message and code are safe to show to the caller. */
export class AppError extends GraphQLError {
  readonly [deliberate] = true;

  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export function isAppError(error: unknown): error is AppError {
  return typeof error === 'object' && error !== null && deliberate in error;
}

/** Invalid input. `field` is the input path (e.g. `input.idNumber`); the value is never echoed. */
export function badInput(field: string, message: string): AppError {
  return new AppError(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, { field });
}

/** A missing row, phrased so it does not reveal whether the row exists outside the caller's view. */
export function notFound(what: string): AppError {
  return new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
}

export function conflict(message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError(ErrorCode.CONFLICT, message, extra);
}
