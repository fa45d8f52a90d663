/**
 * Cursor pagination over Relay connections: follow `pageInfo.endCursor` while
 * `pageInfo.hasNextPage` is true. The client's `pages()` and `paginate()` use these.
 */

/** What a connection selection must contain to be paged through. */
export interface Connection<N> {
  edges: ReadonlyArray<{ node: N } | null> | null;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Variables of an operation that can be paged: it takes an `after` cursor. */
export interface PagedVariables {
  after?: string | null | undefined;
}

export interface PageOptions {
  /** Stop after this many pages (default: no limit). */
  maxPages?: number;
}

/**
 * Yields the connection of each page: `fetchPage(after)` runs the operation from a cursor
 * (null for the first page), `select` finds the connection in its result.
 */
export async function* pagesOf<TData, C extends Connection<unknown>>(
  fetchPage: (after: string | null) => Promise<TData>,
  select: (data: TData) => C,
  options: PageOptions = {},
): AsyncGenerator<C, void, undefined> {
  const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
  const seen = new Set<string>();
  let after: string | null = null;
  for (let page = 0; page < maxPages; page += 1) {
    const connection = select(await fetchPage(after));
    yield connection;
    const { hasNextPage, endCursor } = connection.pageInfo;
    if (!hasNextPage || endCursor === null) return;
    // A cursor seen before would loop for ever: the connection or the selection is broken.
    if (seen.has(endCursor)) throw new Error(`pagination returned the cursor ${endCursor} twice`);
    seen.add(endCursor);
    after = endCursor;
  }
}

/** Yields the nodes of every page in order. */
export async function* nodesOf<N>(
  pages: AsyncIterable<Connection<N>>,
): AsyncGenerator<N, void, undefined> {
  for await (const connection of pages) {
    for (const edge of connection.edges ?? []) {
      if (edge) yield edge.node;
    }
  }
}
