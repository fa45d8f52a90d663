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

/**
 * Statements whose rows are those of `table`, whatever they join: the root of Prisma's statement
 * is the only table aliased "t0" (a batch's relations and counts are lateral joins beneath it).
 */
const loads = (sql: string[], table: string) =>
  sql.filter((s) => s.includes(`FROM "public"."${table}" AS "t0"`)).length;

/**
 * Entity references arrive in batches: one statement per batch and type, not one per reference,
 * and not a second one per type for the fields asked of it (relations, counts).
 */
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
    let rows: any[] = [];
    const sql = await t.countStatements(async () => {
      const res = await subgraphGql(t, entities, { r });
      expect(res.errors).toBeUndefined();
      rows = res.data!._entities;
      answered = rows.filter((e: unknown) => e !== null).length;
    });
    return { answered, rows, sql };
  }

  it('loads 60 residents and 30 households in as many statements as 1 and 1', async () => {
    await batch(1, 1); // the caller's section and grants are cached from then on
    const small = await batch(1, 1);
    const large = await batch(60, 30);
    expect(small.answered).toBe(2);
    expect(large.answered).toBe(90);
    // The relations and counts came with the batch: every field asked for has its value.
    for (const row of large.rows.slice(0, 60))
      expect(row.community.name).toEqual(expect.any(String));
    for (const row of large.rows.slice(60)) expect(row.size).toBeGreaterThan(0);
    expect(loads(large.sql, 'resident')).toBe(1);
    expect(loads(large.sql, 'household')).toBe(1);
    expect(large.sql.length).toBe(small.sql.length);
    // Besides the two batches, only the audit append: no access lookup, no second load per type.
    expect(large.sql.filter((s) => !s.includes('INSERT INTO "audit_event"'))).toHaveLength(2);
    console.info(
      `[federation] statements for 1+1 references: ${small.sql.length}, for 60+30: ${large.sql.length}` +
        ` (resident batch: ${loads(large.sql, 'resident')}, household batch: ${loads(large.sql, 'household')})`,
    );
  });
});
