/** What a test gets back from the hub over HTTP, and how it reads the error code of an answer. */

export interface GraphQLErrorEntry {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

/**
 * The JSON body of a GraphQL answer: `T` types `data`, the fields the query selects. There is no
 * default: each caller names what it selected (`unknown` when it reads only `errors`).
 */
export interface GraphQLBody<T> {
  data?: T | null;
  errors?: GraphQLErrorEntry[];
  extensions?: Record<string, unknown>;
}

/** A GraphQL answer with its HTTP status (TestHub.gql). */
export interface GraphQLResponse<T> extends GraphQLBody<T> {
  status: number;
}

/** The `edges { node { … } }` of a Relay connection as a query selects them (`N`: the node's fields). */
export interface Edges<N> {
  edges: Array<{ node: N }>;
}

/**
 * Any HTTP answer (post, gql by URL): status, headers, raw text and the parsed body, typed `B`
 * by the caller (null at run time when the body is not JSON: `B` = unknown says so).
 */
export interface Answer<B = unknown> {
  status: number;
  headers: Headers;
  text: string;
  body: B;
}

/** A GraphQL answer by URL (gql): the HTTP answer with its JSON body. */
export type GraphQLAnswer<T = unknown> = Answer<GraphQLBody<T>>;

/** The read path that answered (the x-onetable-read-path header: `compiled`; null: graphql-js). */
export function readPath(answer: Answer): string | null {
  return answer.headers.get('x-onetable-read-path');
}

type WithErrors = { errors?: ReadonlyArray<{ extensions?: { code?: unknown } }> | null };

/** The code of an answer's first error (`extensions.code`), for a GraphQL response or an Answer. */
export function codeOf(answer: WithErrors | Answer | null | undefined): string | undefined {
  if (!answer) return undefined;
  const errors =
    'text' in answer && 'headers' in answer
      ? (answer.body as WithErrors | null)?.errors
      : (answer as WithErrors).errors;
  const code = (errors as WithErrors['errors'])?.[0]?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The error code of a rejected promise (UNAUTHENTICATED for every credential failure). */
export async function errorCode(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
  } catch (error) {
    const extensions = (error as { extensions?: { code?: string } }).extensions;
    return extensions?.code ?? `not an AppError: ${String(error)}`;
  }
  return undefined;
}
