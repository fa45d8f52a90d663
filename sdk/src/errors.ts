/**
 * Errors of the OneTable SDK: one class, OneTableError, whose `code` is a typed union. Codes
 * come from the server's `extensions.code` (the hub's stable codes and GraphQL request codes),
 * or from the SDK itself when no GraphQL answer arrived (NETWORK_ERROR, BAD_RESPONSE).
 */
export const errorCodes = [
  // The hub's own codes (src/errors.ts)
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'PURPOSE_REQUIRED',
  'PURPOSE_NOT_ALLOWED',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'RESPONSE_TOO_LARGE',
  'SERVICE_UNAVAILABLE',
  'OPERATION_NOT_TRUSTED',
  'CSRF_TOKEN_REQUIRED',
  'INTERNAL_SERVER_ERROR',
  // The request itself was wrong (an SDK built for another schema version, a malformed body)
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  // No GraphQL answer: the server was unreachable or timed out, or answered something else
  'NETWORK_ERROR',
  'BAD_RESPONSE',
  // A code this SDK version does not know (see `serverCode`)
  'UNKNOWN',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

const known = new Set<string>(errorCodes);

/** Maps a server's code onto the union; codes this SDK does not know become UNKNOWN. */
export function toErrorCode(code: unknown): ErrorCode {
  return typeof code === 'string' && known.has(code) ? (code as ErrorCode) : 'UNKNOWN';
}

/** One error of a GraphQL answer. */
export interface ErrorDetail {
  code: ErrorCode;
  /** The code exactly as the server sent it (differs from `code` only for UNKNOWN). */
  serverCode: string | undefined;
  message: string;
  /** Where in the result the error happened, e.g. ['resident', 'idNumber']. */
  path: ReadonlyArray<string | number> | undefined;
  /** For BAD_USER_INPUT: the input path, e.g. `input.idNumber`. */
  field: string | undefined;
}

/** A failed request. `code` is the first error's; `errors` holds them all. */
export class OneTableError extends Error {
  override readonly name = 'OneTableError';
  readonly code: ErrorCode;
  readonly errors: readonly ErrorDetail[];
  /** HTTP status of the answer; undefined when none arrived. */
  readonly status: number | undefined;
  /** What data did arrive next to the errors (a partial result), if any. */
  readonly data: unknown;
  /** The server's x-request-id, to quote when reporting a problem. */
  readonly requestId: string | undefined;

  constructor(
    errors: readonly ErrorDetail[],
    details: { status?: number; data?: unknown; requestId?: string; cause?: unknown } = {},
  ) {
    const first = errors[0] ?? {
      code: 'UNKNOWN',
      serverCode: undefined,
      message: 'Unknown error',
      path: undefined,
      field: undefined,
    };
    super(first.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = first.code;
    this.errors = errors.length > 0 ? errors : [first];
    this.status = details.status;
    this.data = details.data;
    this.requestId = details.requestId;
  }

  /** Narrows the code: `if (error.is('CONFLICT')) …`. */
  is<C extends ErrorCode>(code: C): this is OneTableError & { readonly code: C } {
    return this.code === code;
  }

  /** The field input path of the first BAD_USER_INPUT error, if any. */
  get field(): string | undefined {
    return this.errors.find((error) => error.field !== undefined)?.field;
  }
}

/** True for a OneTableError (with the given code, when one is given). */
export function isOneTableError<C extends ErrorCode>(
  error: unknown,
  code?: C,
): error is OneTableError & { readonly code: C } {
  return error instanceof OneTableError && (code === undefined || error.code === code);
}

/** An SDK-side error with no GraphQL answer behind it. */
export function clientError(
  code: 'NETWORK_ERROR' | 'BAD_RESPONSE',
  message: string,
  details: { status?: number; cause?: unknown; requestId?: string } = {},
) {
  return new OneTableError(
    [{ code, serverCode: undefined, message, path: undefined, field: undefined }],
    details,
  );
}
