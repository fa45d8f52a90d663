import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode, isAppError } from '../errors.js';
import { logger } from '../logger.js';

/** Codes Apollo itself assigns to request problems; their messages are about the request only. */
const requestCodes = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * Error masking: deliberate errors (AppError) and request errors pass through; anything else
 * (a database error, a bug) becomes INTERNAL_SERVER_ERROR with no message detail — its SQL,
 * stack or values never reach the client. The real error is logged without variables.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = formatted.extensions?.code;
  if (isAppError(original) || (typeof code === 'string' && requestCodes.has(code) && !isUnexpected(original))) {
    const { stacktrace: _dropped, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  logger.error({ err: describe(original), path: formatted.path }, 'unexpected error');
  return {
    message: 'Internal server error',
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/** A request code on something that is not a GraphQLError (e.g. a thrown TypeError) is still a bug. */
function isUnexpected(error: unknown): boolean {
  return !(error instanceof GraphQLError);
}

/** Error name and Prisma code only: messages may quote SQL or values. */
function describe(error: unknown) {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, code: typeof code === 'string' ? code : undefined };
  }
  return { name: typeof error };
}
