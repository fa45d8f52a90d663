import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../src/seed/index.js';
import { testDatabaseKinds } from '../support/databases.js';
import { type Edges, startTestHub, type TestHub } from '../support/hub.js';
import { subgraphGql } from './subgraph.js';

/** Each entity type's references of one `_entities` call, with the fields a gateway asks for. */
const entities = `query($r: [_Any!]!) {
  _entities(representations: $r) {
    ... on Resident { id name age household { address } community { name } }
    ... on Household { id address size }
  }
}`;

/** Statements that load rows of `table` by a list of ids (the loaders' `WHERE id IN (…)`). */
const loads = (sql: string[], table: string) =>
  sql.filter((s) =>
    new RegExp(`FROM "public"\\."${table}" AS "t0" WHERE "t0"\\."id" IN \\(`).test(s),
  ).length;

/** Entity references arrive in batches: one statement per batch and type, not one per reference. */
describe.each(testDatabaseKinds())('federation reference batches (%s)', (kind) => {
  let t: TestHub;
  let residents: string[];
  let households: string[];
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => {
      await seedDatabase(hub.prisma, { residents: 300, seed: 7 });
    });
    const page = await t.gql<{
      residents: Edges<{ id: string }>;
      households: Edges<{ id: string }>;
    }>(
      '{ residents(first: 60) { edges { node { id } } } households(first: 30) { edges { node { id } } } }',
    );
    residents = page.data!.residents.edges.map((e) => e.node.id);
    households = page.data!.households.edges.map((e) => e.node.id);
  });
  afterAll(() => t?.close());

  async function batch(residentCount: number, householdCount: number) {
    const r = [
      ...residents.slice(0, residentCount).map((id) => ({ __typename: 'Resident', id })),
      ...households.slice(0, householdCount).map((id) => ({ __typename: 'Household', id })),
    ];
    let answered = 0;
    const sql = await t.countStatements(async () => {
      const res = await subgraphGql(t, entities, { r });
      expect(res.errors).toBeUndefined();
      answered = res.data!._entities.filter((e: unknown) => e !== null).length;
    });
    return { answered, sql };
  }

  it('loads 60 residents and 30 households in as many statements as 1 and 1', async () => {
    await batch(1, 1); // the caller's section and grants are cached from then on
    const small = await batch(1, 1);
    const large = await batch(60, 30);
    expect(small.answered).toBe(2);
    expect(large.answered).toBe(90);
    expect(loads(large.sql, 'resident')).toBe(1);
    expect(loads(large.sql, 'household')).toBe(1);
    expect(large.sql.length).toBe(small.sql.length);
    console.info(
      `[federation] statements for 1+1 references: ${small.sql.length}, for 60+30: ${large.sql.length}` +
        ` (resident batch: ${loads(large.sql, 'resident')}, household batch: ${loads(large.sql, 'household')})`,
    );
  });
});
