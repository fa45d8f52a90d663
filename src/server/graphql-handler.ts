import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import type { Context } from '../context.js';
import { ErrorCode } from '../errors.js';
import { logger } from '../logger.js';
import { sendJson } from '../routes.js';
import { defaultLimits, documentTooDeep, jsonTooDeep, type QueryLimits } from './limits.js';
import { requestedSource } from './trusted-operations.js';

/** Decides before Apollo whether a request's operation may run at all (trusted-operations mode). */
export type OperationScreen = (request: { query: unknown; operationName: unknown }) => boolean;

/** Largest request body accepted, in bytes: a GraphQL document with variables, not a file upload. */
export const maxBodyBytes = 1_000_000;

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const simpleContentTypes = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
]);
export const csrfHeaders = ['apollo-require-preflight', 'x-apollo-operation-name'];

/**
 * Apollo's CSRF prevention (csrfPrevention, on by default) refuses a request a browser could send
 * cross-site without a preflight: no content type or a form/text one, and neither of `csrfHeaders`.
 * Checked here first only to tell the client what to send instead; Apollo still checks.
 */
export function csrfRefusal(headers: HeaderMap): ReturnType<typeof errorBody> | null {
  const contentType = headers.get('content-type');
  if (
    contentType !== undefined &&
    !simpleContentTypes.has(contentType.split(';')[0]!.trim().toLowerCase())
  )
    return null;
  if (csrfHeaders.some((name) => (headers.get(name) ?? '') !== '')) return null;
  // Code BAD_REQUEST as Apollo's own refusal (clients switch on it); `rule` tells which check.
  return errorBody(
    ErrorCode.BAD_REQUEST,
    'Refused as a possible cross-site request forgery. Send a POST with `content-type: application/json`, ' +
      'or add the header `apollo-require-preflight: true` (or `x-apollo-operation-name: <operation>`) — ' +
      "for urql's GET queries: fetchOptions { headers: { 'apollo-require-preflight': 'true' } } or preferGetMethod: false. " +
      'In a browser, open /graphql for the IDE.',
    {
      rule: 'CSRF_PREVENTION',
      headers: ['content-type: application/json', ...csrfHeaders.map((name) => `${name}: …`)],
    },
  );
}

function errorBody(
  code: ErrorCode | ApolloServerErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
) {
  return { errors: [{ message, extensions: { code, ...extra } }] };
}

/** The variables of a request: the JSON body's, or the GET parameter's (unparsable ones are Apollo's to refuse). */
function requestedVariables(method: string, body: unknown, search: URLSearchParams): unknown {
  if (method === 'GET') {
    const text = search.get('variables');
    try {
      return text ? JSON.parse(text) : undefined;
    } catch {
      return undefined;
    }
  }
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>).variables
    : undefined;
}

/**
 * An answer over the limit is withheld (a client could not use half of it either): 400
 * RESPONSE_TOO_LARGE, no data. The operation has run by then: a mutation's change is made.
 */
function responseTooLarge(res: ServerResponse, bytes: number, limit: number) {
  logger.warn(
    { requestId: res.getHeader('x-request-id'), bytes, limit },
    'response too large, not sent',
  );
  sendJson(
    res,
    400,
    errorBody(
      ErrorCode.RESPONSE_TOO_LARGE,
      `The response would be ${bytes} bytes, over the limit of ${limit}: ask for fewer rows or fields`,
      { limit: 'responseBytes' },
    ),
  );
}

/**
 * Hands one HTTP request to Apollo Server (its documented integration API) and writes the answer.
 * Body size is capped and JSON is parsed here; everything GraphQL-specific is Apollo's.
 */
export async function handleGraphQL(
  apollo: ApolloServer<Context>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  context: () => Promise<Context>,
  screen?: OperationScreen,
  limits: Pick<QueryLimits, 'maxResponseBytes' | 'maxNesting' | 'maxTokens'> = defaultLimits,
) {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown;
  if (req.method === 'POST') {
    // The unread rest of a refused body stays on the socket, so the connection is closed.
    const tooLarge = () =>
      sendJson(res, 413, errorBody(ErrorCode.BAD_REQUEST, 'Request body too large'), true);
    if (Number(headers.get('content-length') ?? 0) > maxBodyBytes) return tooLarge();
    let text: string;
    try {
      text = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLarge) return tooLarge();
      throw error;
    }
    const contentType = headers.get('content-type') ?? '';
    if (/^application\/(graphql-response\+)?json\b/i.test(contentType)) {
      try {
        body = text === '' ? {} : JSON.parse(text);
      } catch {
        return sendJson(
          res,
          400,
          errorBody(ErrorCode.BAD_REQUEST, 'Request body is not valid JSON'),
        );
      }
    } else {
      body = text;
    }
  }
  // graphql-js parses documents and coerces values recursively: a 3,000-deep literal list would
  // overflow the stack. Nesting is measured without recursion before anything parses.
  const source = requestedSource(req.method ?? 'GET', body, url.searchParams);
  if (typeof source.query === 'string' && documentTooDeep(source.query, limits)) {
    return sendJson(
      res,
      400,
      errorBody(
        ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
        `Document is nested more than ${limits.maxNesting} levels deep`,
        { limit: 'nesting' },
      ),
    );
  }
  if (
    jsonTooDeep(requestedVariables(req.method ?? 'GET', body, url.searchParams), limits.maxNesting)
  ) {
    return sendJson(
      res,
      400,
      errorBody(
        ErrorCode.BAD_USER_INPUT,
        `Variables are nested more than ${limits.maxNesting} levels deep`,
        { limit: 'nesting' },
      ),
    );
  }
  const csrf = csrfRefusal(headers);
  if (csrf) return sendJson(res, 400, csrf);
  if (screen && !screen(source)) {
    return sendJson(
      res,
      400,
      errorBody(
        ErrorCode.OPERATION_NOT_TRUSTED,
        'Only the trusted operations of schema/operations/ are executed by this server',
      ),
    );
  }
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context,
  });
  if (response.body.kind === 'complete') {
    const bytes = Buffer.byteLength(response.body.string);
    if (bytes > limits.maxResponseBytes)
      return responseTooLarge(res, bytes, limits.maxResponseBytes);
  }
  for (const [key, value] of response.headers) res.setHeader(key, value);
  // Answers carry personal data: no cache may keep them. (Apollo's cache-control plugin, which
  // would compute the same for this schema, is disabled: it ran a hook on every resolved field.)
  res.setHeader('cache-control', 'no-store');
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  // An incremental answer has sent its status already: past the limit, the connection is cut.
  let sent = 0;
  for await (const chunk of response.body.asyncIterator) {
    sent += Buffer.byteLength(chunk);
    if (sent > limits.maxResponseBytes) {
      logger.warn(
        { requestId: res.getHeader('x-request-id'), bytes: sent, limit: limits.maxResponseBytes },
        'incremental response too large, cut',
      );
      res.destroy();
      return;
    }
    res.write(chunk);
  }
  res.end();
}
