import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors.js';

/** Prisma codes meaning the database could not be reached or dropped the connection. */
const unreachableCodes = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** Driver-adapter error kinds of the same. */
const unreachableKinds = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TransactionAlreadyClosed',
]);
/** node-postgres reports a dropped connection with these messages (no code). */
const droppedConnection =
  /^(Connection terminated|terminating connection|Client has encountered a connection error|connect ECONNREFUSED|read ECONNRESET)/;

/**
 * Whether an error means "the database is not there right now" (restarting, unreachable, dropped
 * our connection), as opposed to a bug or bad data. Looks through `cause` and `originalError`.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  type Cause = { kind?: unknown; originalCode?: unknown; originalMessage?: unknown };
  const e = error as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: Cause } };
    cause?: unknown;
    originalError?: unknown;
    message?: unknown;
    kind?: unknown;
  };
  if (typeof e.code === 'string' && unreachableCodes.has(e.code)) return true;
  const cause = e.meta?.driverAdapterError?.cause;
  const kind = cause?.kind ?? e.kind;
  if (typeof kind === 'string' && unreachableKinds.has(kind)) return true;
  // SQLSTATE 57P0x: the server is shutting down or terminated the backend; 08xxx: connection exceptions.
  for (const code of [e.code, cause?.originalCode]) {
    if (
      typeof code === 'string' &&
      (['ECONNREFUSED', 'ECONNRESET'].includes(code) || /^(57P0[1-3]|08\d{3})$/.test(code))
    )
      return true;
  }
  if (typeof cause?.originalMessage === 'string' && droppedConnection.test(cause.originalMessage))
    return true;
  if (typeof e.message === 'string' && droppedConnection.test(e.message)) return true;
  return (
    isDatabaseUnavailable(e.cause, depth + 1) || isDatabaseUnavailable(e.originalError, depth + 1)
  );
}

export const unavailableMessage = 'The database is unavailable; retry later';

/** SERVICE_UNAVAILABLE, HTTP 503 with Retry-After: for a request refused before it ran. */
export function serviceUnavailable(): GraphQLError {
  return new GraphQLError(unavailableMessage, {
    extensions: {
      code: ErrorCode.SERVICE_UNAVAILABLE,
      http: { status: 503, headers: new HeaderMap([['retry-after', '1']]) },
    },
  });
}
