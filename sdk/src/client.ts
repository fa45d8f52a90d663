import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type DocumentNode, getOperationAST, print } from 'graphql';
import { clientError, type ErrorDetail, OneTableError, toErrorCode } from './errors.js';
import {
  type Connection,
  nodesOf,
  type PagedVariables,
  type PageOptions,
  pagesOf,
} from './paginate.js';

export interface ClientOptions {
  /** The hub's GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** A hub token or API key, sent as `Authorization: Bearer …`; a function is asked before every request. */
  token: string | (() => string | Promise<string>);
  /** Task code sent as `X-Purpose` (needed to read personal fields); each request may override it. */
  purpose?: string;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** Give up on a request after this many milliseconds (default 30 000). */
  timeoutMs?: number;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

export interface RequestOptions {
  /** Task code for this request instead of the client's (null: send none). */
  purpose?: string | null;
  signal?: AbortSignal;
}

/**
 * A GraphQL answer with data: complete, or partial next to field errors. GraphQL's null
 * propagation keeps partial data true to the types (a failed field is null only where it may be).
 */
export interface Result<TData> {
  data: TData;
  errors: readonly ErrorDetail[];
  status: number;
  /** The server's x-request-id, to quote when reporting a problem. */
  requestId: string | undefined;
}

/** Variables may be left out when the operation has no required ones. */
export type VariablesArgs<V> =
  Record<string, never> extends V
    ? [variables?: V, options?: RequestOptions]
    : [variables: V, options?: RequestOptions];

export interface OneTableClient {
  readonly url: string;
  /** Runs an operation; any error (even next to partial data) throws a OneTableError. */
  request<TData, V>(
    document: TypedDocumentNode<TData, V>,
    ...args: VariablesArgs<V>
  ): Promise<TData>;
  /**
   * Runs an operation and returns partial data with its field errors (e.g. FORBIDDEN on a field the
   * section has no grant on) instead of throwing; throws only when no data came at all.
   */
  execute<TData, V>(
    document: TypedDocumentNode<TData, V>,
    ...args: VariablesArgs<V>
  ): Promise<Result<TData>>;
  /** Every page of a connection, following `pageInfo.endCursor` until `hasNextPage` is false. */
  pages<TData, V extends PagedVariables, C extends Connection<unknown>>(
    document: TypedDocumentNode<TData, V>,
    variables: Omit<V, 'after'>,
    select: (data: TData) => C,
    options?: PageOptions,
  ): AsyncGenerator<C, void, undefined>;
  /** Every node of a connection, over all its pages. */
  paginate<TData, V extends PagedVariables, N>(
    document: TypedDocumentNode<TData, V>,
    variables: Omit<V, 'after'>,
    select: (data: TData) => Connection<N>,
    options?: PageOptions,
  ): AsyncGenerator<N, void, undefined>;
  /** The same client with another default purpose. */
  withPurpose(purpose: string | undefined): OneTableClient;
}

const printed = new WeakMap<object, { query: string; operationName: string | undefined }>();

function source(document: DocumentNode) {
  let entry = printed.get(document);
  if (!entry) {
    entry = { query: print(document), operationName: getOperationAST(document)?.name?.value };
    printed.set(document, entry);
  }
  return entry;
}

interface WireError {
  message?: unknown;
  path?: unknown;
  extensions?: { code?: unknown; field?: unknown };
}

function detail(error: WireError): ErrorDetail {
  const serverCode = typeof error.extensions?.code === 'string' ? error.extensions.code : undefined;
  return {
    code: toErrorCode(serverCode),
    serverCode,
    message: typeof error.message === 'string' ? error.message : 'Unknown error',
    path: Array.isArray(error.path) ? (error.path as Array<string | number>) : undefined,
    field: typeof error.extensions?.field === 'string' ? error.extensions.field : undefined,
  };
}

/** A WAL position (`16/B374D848`) as a pair that compares; undefined when it is not one. */
function position(text: string | null | undefined): [number, number] | undefined {
  const match = text ? /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text) : null;
  return match ? [parseInt(match[1]!, 16), parseInt(match[2]!, 16)] : undefined;
}

/**
 * Read-your-writes behind a load balancer: a write is answered with the primary's WAL position
 * (`X-OneTable-After`), and the client sends the latest one it was given with every later request,
 * so no process answers it from a read replica that has not replayed its writes yet.
 */
class SeenPosition {
  value: string | undefined;
  update(text: string | null) {
    const next = position(text);
    const now = position(this.value);
    if (next && (!now || next[0] > now[0] || (next[0] === now[0] && next[1] > now[1])))
      this.value = text!;
  }
}

/** A client for the hub: `createClient({ url, token, purpose })`. */
export function createClient(options: ClientOptions): OneTableClient {
  return clientWith(options, new SeenPosition());
}

/** A client sharing `seen` with the clients it derives (`withPurpose`). */
function clientWith(options: ClientOptions, seen: SeenPosition): OneTableClient {
  const doFetch = options.fetch ?? globalThis.fetch;

  async function execute<TData, V>(
    document: TypedDocumentNode<TData, V>,
    variables?: V,
    perRequest: RequestOptions = {},
  ): Promise<Result<TData>> {
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    const purpose = perRequest.purpose === undefined ? options.purpose : perRequest.purpose;
    const headers: Record<string, string> = {
      ...options.headers,
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      authorization: `Bearer ${token}`,
      ...(purpose ? { 'x-purpose': purpose } : {}),
      ...(seen.value ? { 'x-onetable-after': seen.value } : {}),
    };
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
    const signal = perRequest.signal ? AbortSignal.any([perRequest.signal, timeout]) : timeout;
    const body = JSON.stringify({ ...source(document), variables: variables ?? {} });
    let response: Response;
    try {
      response = await doFetch(options.url, { method: 'POST', headers, body, signal });
    } catch (cause) {
      throw clientError('NETWORK_ERROR', `Could not reach ${options.url}`, { cause });
    }
    const requestId = response.headers.get('x-request-id') ?? undefined;
    seen.update(response.headers.get('x-onetable-after'));
    const status = response.status;
    let json: { data?: TData | null; errors?: WireError[] };
    try {
      json = (await response.json()) as typeof json;
    } catch (cause) {
      throw clientError(
        'BAD_RESPONSE',
        `The server answered HTTP ${status} without a GraphQL response`,
        { status, cause, requestId },
      );
    }
    const errors = Array.isArray(json.errors) ? json.errors.map(detail) : [];
    if (json.data == null && errors.length === 0) {
      throw clientError(
        'BAD_RESPONSE',
        `The server answered HTTP ${status} with neither data nor errors`,
        { status, requestId },
      );
    }
    // An answer with no data at all (401, 403, a bad query) is an error, whichever method was called.
    if (json.data == null) throw new OneTableError(errors, { status, requestId });
    return { data: json.data, errors, status, requestId };
  }

  async function request<TData, V>(
    document: TypedDocumentNode<TData, V>,
    variables?: V,
    perRequest?: RequestOptions,
  ): Promise<TData> {
    const { data, errors, status, requestId } = await execute(document, variables, perRequest);
    if (errors.length > 0) throw new OneTableError(errors, { data, status, requestId });
    return data;
  }

  function pages<TData, V extends PagedVariables, C extends Connection<unknown>>(
    document: TypedDocumentNode<TData, V>,
    variables: Omit<V, 'after'>,
    select: (data: TData) => C,
    pageOptions?: PageOptions,
  ) {
    return pagesOf((after) => request(document, { ...variables, after } as V), select, pageOptions);
  }

  const client: OneTableClient = {
    url: options.url,
    request: (document, ...[variables, perRequest]) => request(document, variables, perRequest),
    execute: (document, ...[variables, perRequest]) => execute(document, variables, perRequest),
    pages,
    paginate: (document, variables, select, pageOptions) =>
      nodesOf(client.pages(document, variables, select, pageOptions)),
    withPurpose: (purpose) => clientWith({ ...options, purpose }, seen),
  };
  return client;
}
