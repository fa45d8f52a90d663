import { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';

/**
 * Stable error codes: clients switch on these, never on messages. Apollo's own codes (parse and
 * validation failures, …) are `ApolloServerErrorCode` from `@apollo/server/errors`; the three we
 * share with it are taken from there, not retyped.
 */
export const ErrorCode = {
  BAD_USER_INPUT: ApolloServerErrorCode.BAD_USER_INPUT,
  /** A request the HTTP layer refuses before GraphQL: a body too large, not JSON, a CSRF risk. */
  BAD_REQUEST: ApolloServerErrorCode.BAD_REQUEST,
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  FORBIDDEN: 'FORBIDDEN',
  PURPOSE_REQUIRED: 'PURPOSE_REQUIRED',
  PURPOSE_NOT_ALLOWED: 'PURPOSE_NOT_ALLOWED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  RATE_LIMITED: 'RATE_LIMITED',
  /** The answer was larger than ONETABLE_MAX_RESPONSE_BYTES and was not sent. */
  RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE',
  /** The database cannot be reached: retry later (HTTP 503 when nothing ran yet). */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** Trusted-operations mode: the document is not one of schema/operations/. */
  OPERATION_NOT_TRUSTED: 'OPERATION_NOT_TRUSTED',
  /** A request signed in by the session cookie without the session's CSRF header. */
  CSRF_TOKEN_REQUIRED: 'CSRF_TOKEN_REQUIRED',
  INTERNAL_SERVER_ERROR: ApolloServerErrorCode.INTERNAL_SERVER_ERROR,
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
