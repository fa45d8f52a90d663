import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../src/seed/index.js';
import { testDatabaseKinds } from '../support/databases.js';
import { type Edges, startTestHub, type TestHub } from '../support/hub.js';

/** The page the issue names, plus the household size and each resident's latest service records. */
const page = `query($first: Int!) {
  residents(first: $first) {
    totalCount
    edges { node {
      name age
      community { name subdistrict { name } }
      household { address size head { name } members { name relationToHead } }
      tags { code }
      serviceRecords(first: 2) { totalCount edges { node { kind occurredAt } } }
    } }
  }
}`;

/** Counts SQL statements per request: a page of 50 must cost what a page of 5 costs (no N+1). */
describe.each(testDatabaseKinds())('SQL statements per request (%s)', (kind) => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => {
      await seedDatabase(hub.prisma, { residents: 300, seed: 7 });
    });
  });
  afterAll(() => t?.close());

  async function statementsFor(first: number) {
    let size = 0;
    const sql = await t.countStatements(async () => {
      const res = await t.gql<{ residents: Edges<unknown> }>(page, { first });
      expect(res.errors).toBeUndefined();
      size = res.data!.residents.edges.length;
    });
    return { size, sql };
  }

  it('loads a page of residents with household, members, community, tags and service records in a constant number of statements', async () => {
    await statementsFor(5); // the caller's section and grants are cached from then on (src/access/cache.ts)
    const small = await statementsFor(5);
    const large = await statementsFor(50);
    expect(small.size).toBe(5);
    expect(large.size).toBe(50);
    expect(large.sql.length).toBe(small.sql.length);
    // The page, its count and the audit append (section and grants come from the access cache): a
    // relation loaded twice (two fields selecting it with different arguments) would add a statement here.
    expect(large.sql.length).toBeLessThanOrEqual(3);
    console.info(`[statements] page of 5: ${small.sql.length}, page of 50: ${large.sql.length}`);
  });
});
