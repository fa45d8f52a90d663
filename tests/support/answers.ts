/** What a test gets back from the hub over HTTP, and how it reads the error code of an answer. */

export interface GraphQLErrorEntry {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

/** A GraphQL answer with its HTTP status (TestHub.gql): `T` types `data`. */
export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: GraphQLErrorEntry[];
}

/** Any HTTP answer (post/gql by URL): status, headers, raw text and the parsed body (null if not JSON). */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

type WithErrors = { errors?: ReadonlyArray<{ extensions?: { code?: unknown } }> | null };

/** The code of an answer's first error (`extensions.code`), for a GraphQL response or an Answer. */
export function codeOf(answer: WithErrors | Answer | null | undefined): string | undefined {
  if (!answer) return undefined;
  const errors = 'text' in answer && 'headers' in answer ? answer.body?.errors : answer.errors;
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
