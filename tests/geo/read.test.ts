import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { type Edges } from '../support/hub.js';
import { moduleHub } from '../support/module-hub.js';

describe.each(testDatabaseKinds())('geography over HTTP (%s)', (kind) => {
  const t = moduleHub(kind);

  it('lists communities with a total count and pages through them by cursor', async () => {
    const first = await t.gql<{
      communities: Edges<{ name: string; kind: string }> & {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    }>(
      `{ communities(first: 1) { totalCount edges { cursor node { name kind } } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(first.errors).toBeUndefined();
    const { communities } = first.data!;
    expect(communities.totalCount).toBe(2);
    expect(communities.edges.map((e) => e.node.name)).toEqual(['华山居委会']);
    expect(communities.pageInfo.hasNextPage).toBe(true);
    const next = await t.gql<{
      communities: Edges<{ name: string }> & { pageInfo: { hasNextPage: boolean } };
    }>(
      `query($after: String) { communities(first: 5, after: $after) { edges { node { name } } pageInfo { hasNextPage } } }`,
      {
        after: communities.pageInfo.endCursor,
      },
    );
    expect(next.data!.communities.edges.map((e) => e.node.name)).toEqual(['新福康里居委会']);
    expect(next.data!.communities.pageInfo.hasNextPage).toBe(false);
  });
});
