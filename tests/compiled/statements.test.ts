import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../src/seed/index.js';
import { testDatabaseKinds } from '../support/databases.js';
import {
  post,
  readPath,
  startTestHub,
  type Caller,
  type GraphQLBody,
  type TestHub,
} from '../support/hub.js';
import { gid } from '../support/ids.js';

/** The benchmark's two documents (bench/scenarios/graphql.ts) as the civil-affairs section sends them. */
const page = `query BenchPage($first: Int!) { residents(first: $first) { edges { node {
  id name idNumber phone birthDate age gender status
  household { address members { name } } community { name } tags { code }
} } } }`;
const resident = `query BenchResident($id: ID!) { resident(id: $id) {
  id name idNumber phone birthDate age gender status community { name }
  serviceRecords(first: 20) { edges { node { kind occurredAt notes recordedBy } } }
} }`;
const caller: Caller = { section: 'civil-affairs', purpose: 'T2026-001' };

/**
 * Statements per request on the compiled read path: the read, then the audit event appended apart
 * (group commit); or, with ONETABLE_AUDIT_IN_READ=on, one statement that reads and inserts it.
 */
const modes = testDatabaseKinds().flatMap((kind) =>
  [false, true].map((inRead) => ({
    kind,
    inRead,
    name: `${kind}, event ${inRead ? 'in the read' : 'apart'}`,
  })),
);
describe.each(modes)('compiled reads: statements per request ($name)', ({ kind, inRead }) => {
  let t: TestHub;
  let firstId = 0;
  beforeAll(async () => {
    t = await startTestHub(
      kind,
      async (hub) => {
        await seedDatabase(hub.prisma, { residents: 120, seed: 3 });
        firstId = (await hub.prisma.resident.findFirstOrThrow({ orderBy: { id: 'asc' } })).id;
      },
      caller,
      { auditInRead: inRead },
    );
  });
  /** The read and its audit event: one statement, or two. */
  const expectReadAndEvent = (sql: string[]) => {
    expect(sql).toHaveLength(inRead ? 1 : 2);
    expect(sql[0]).toContain('"public"."resident"');
    expect(sql.at(-1)).toContain('INSERT INTO "audit_event"');
  };
  afterAll(() => t?.close());

  async function statements(query: string, variables: Record<string, unknown>) {
    await t.gql(query, variables); // warms the access cache and the plan
    let path: string | null = null;
    const sql = await t.countStatements(async () => {
      const answer = await post<GraphQLBody<unknown>>(t.url, { query, variables }, caller);
      path = readPath(answer);
      expect(answer.body.errors).toBeUndefined();
    });
    return { path, sql };
  }

  it('answers a page of 50 residents with household, members, community and tags in one read and its audit event', async () => {
    const { path, sql } = await statements(page, { first: 50 });
    expect(path).toBe('compiled');
    expectReadAndEvent(sql);
    // Only the columns the document asks for (and those the guards need) are read.
    for (const column of ['ethnicity', 'move_in_date', 'relation_to_head', 'description'])
      expect(sql[0], column).not.toContain(`"${column}"`);
  });

  it('reads no personal column the document does not ask for', async () => {
    const { sql } = await statements(
      'query($first: Int!) { residents(first: $first) { edges { node { id gender household { id } } } } }',
      { first: 50 },
    );
    for (const column of ['name', 'id_number', 'phone', 'birth_date', 'address', 'status'])
      expect(sql[0], column).not.toContain(`"${column}"`);
  });

  it('answers a resident with 20 service records in one read and its audit event', async () => {
    const { path, sql } = await statements(resident, { id: gid('Resident', firstId) });
    expect(path).toBe('compiled');
    expectReadAndEvent(sql);
  });
});
