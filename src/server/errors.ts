import { ApolloServerErrorCode, unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode, isAppError } from '../errors.js';
import { logger } from '../logger.js';
import { isDatabaseUnavailable, unavailableMessage } from './unavailable.js';

/** Codes Apollo itself assigns to request problems; their messages are about the request only. */
const requestCodes = new Set<string>([
  ...Object.values(ApolloServerErrorCode).filter(
    (code) => code !== ApolloServerErrorCode.INTERNAL_SERVER_ERROR,
  ),
  ErrorCode.OPERATION_NOT_TRUSTED,
  ErrorCode.SERVICE_UNAVAILABLE,
]);

/**
 * Error masking: deliberate errors (AppError) and request errors pass through; a database that
 * cannot be reached becomes SERVICE_UNAVAILABLE (retry later); anything else (a bug, a failed
 * statement) becomes INTERNAL_SERVER_ERROR with no message detail — its SQL,
 * stack or values never reach the client. The real error is logged without variables.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const code = formatted.extensions?.code;
  if (isAppError(original)) {
    const { stacktrace: _dropped, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  if (typeof code === 'string' && requestCodes.has(code) && !isUnexpected(original)) {
    const { stacktrace: _dropped, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, message: withoutValues(formatted.message), extensions };
  }
  const invalid = pothosInputMessage(original);
  if (invalid) {
    const { stacktrace: _dropped, ...extensions } = formatted.extensions ?? {};
    return {
      ...formatted,
      message: invalid,
      extensions: { ...extensions, code: ErrorCode.BAD_USER_INPUT },
    };
  }
  // A row required by the query is not there, or not in the caller's jurisdiction (Prisma's
  // findUniqueOrThrow, e.g. node(id) outside it): the same answer as for a row that never existed.
  if ((original as { code?: unknown } | null)?.code === 'P2025') {
    return {
      message: 'Not found',
      path: formatted.path,
      extensions: { code: ErrorCode.NOT_FOUND },
    };
  }
  if (isDatabaseUnavailable(original)) {
    logger.warn({ err: describe(original), path: formatted.path }, 'database unavailable');
    return {
      message: unavailableMessage,
      path: formatted.path,
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
    };
  }
  logger.error({ err: describe(original), path: formatted.path }, 'unexpected error');
  return {
    message: 'Internal server error',
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/**
 * Pothos rejects some arguments itself (a malformed global ID or cursor, a negative `first`),
 * quoting the value. These are the client's mistakes: BAD_USER_INPUT, with the value cut out.
 */
function pothosInputMessage(error: unknown): string | null {
  if (!(error instanceof Error) || error.name !== 'PothosValidationError') return null;
  const message = error.message;
  if (/^Argument "(first|last)" [A-Za-z ",-]+$/.test(message)) return message;
  if (message.startsWith('Invalid global ID')) return 'Invalid global ID';
  if (message.startsWith('Invalid id received')) return 'Invalid ID';
  const type = /^ID: [\s\S]* is not of type: ([A-Za-z, ]+)$/.exec(message);
  if (type) return `ID is not of type: ${type[1]}`;
  if (message.startsWith('Invalid offset cursor') || /cursor/i.test(message))
    return 'Invalid cursor';
  return null;
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

const variablePattern = /^Variable "(\$[A-Za-z_][A-Za-z0-9_]*)" got invalid value ([\s\S]*)$/;

/**
 * graphql-js quotes the client's value in input errors (`Variable "$i" got invalid value
 * "1990-02-30" at "i.moveInDate"; ...`, `Int cannot represent non-integer value: "abc"`). The value
 * may be personal data, so it is cut out; the variable, the path inside it and the reason stay.
 */
export function withoutValues(message: string): string {
  const variable = variablePattern.exec(message);
  if (variable) {
    const name = variable[1]!;
    const rest = variable[2]!;
    // The value is followed by ` at "$name.path"; reason` or `; reason`; the value itself may
    // contain anything, so the last such marker is the one graphql-js wrote.
    const at = rest.lastIndexOf(` at "${name.slice(1)}`);
    let path = '';
    let reason: string;
    if (at >= 0) {
      const close = rest.indexOf('"; ', at + 5);
      path = close >= 0 ? rest.slice(at + 5, close) : '';
      reason = close >= 0 ? rest.slice(close + 3) : '';
    } else {
      const semi = rest.lastIndexOf('; ');
      reason = semi >= 0 ? rest.slice(semi + 2) : '';
    }
    const where = path !== '' && /^[A-Za-z0-9_.[\]]+$/.test(path) ? ` at "${path}"` : '';
    const why = scrubReason(reason);
    return `Variable "${name}" got an invalid value${where}${why ? `; ${why}` : ''}`;
  }
  return scrubReason(message);
}

/**
 * Drops the quoted value from graphql-js reasons: `...value: "abc"`, `..., found "abc".`,
 * `Value "abc" does not exist in "Gender" enum.` (suggestions of schema names stay).
 */
function scrubReason(reason: string): string {
  return reason
    .replace(
      /\bValue "(?:[^"\\]|\\.)*" does not exist in ("[_A-Za-z][_0-9A-Za-z]*" enum)/g,
      'Value does not exist in $1',
    )
    .replace(/(value): [\s\S]*$/, '$1.')
    .replace(/(Expected value of type "[^"]+"), found [\s\S]*$/, '$1.')
    .replace(/(Expected type "[^"]+")\. (?![A-Z][A-Za-z]* must )[\s\S]*$/, '$1.')
    .trim();
}
