import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario } from '../support/scenario.js';

describe.each(testDatabaseKinds())('geography over HTTP (%s)', (kind) => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => {
      await insertScenario(hub.prisma);
    });
  });
  afterAll(() => t?.close());

  it('lists communities with a total count and pages through them by cursor', async () => {
    const first = await t.gql(
      `{ communities(first: 1) { totalCount edges { cursor node { name kind } } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(first.errors).toBeUndefined();
    expect(first.data.communities.totalCount).toBe(2);
    expect(first.data.communities.edges.map((e: any) => e.node.name)).toEqual(['华山居委会']);
    expect(first.data.communities.pageInfo.hasNextPage).toBe(true);
    const next = await t.gql(
      `query($after: String) { communities(first: 5, after: $after) { edges { node { name } } pageInfo { hasNextPage } } }`,
      {
        after: first.data.communities.pageInfo.endCursor,
      },
    );
    expect(next.data.communities.edges.map((e: any) => e.node.name)).toEqual(['新福康里居委会']);
    expect(next.data.communities.pageInfo.hasNextPage).toBe(false);
  });
});
