import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessCache, accessCacheOf } from '../../src/access/cache.js';
import { seedDatabase } from '../../src/seed/index.js';
import { testDatabaseKinds } from '../support/databases.js';
import { type Edges, startTestHub, type TestHub } from '../support/hub.js';
import { tasks } from '../support/scenario.js';

const caller = { section: 'civil-affairs', purpose: tasks.population };
const byId = `query($id: ID!) { resident(id: $id) { name idNumber } }`;

/**
 * The access cache (src/access/cache.ts): a principal's section, grants and task cost no statement
 * once cached, and a change made anywhere, by any connection, holds from the next request.
 */
describe("the access cache's bound", () => {
  it('keeps at most maxEntries entries, however many purposes a caller invents', async () => {
    const cache = new AccessCache(60_000, 100);
    cache.setLive(true);
    let loads = 0;
    for (let i = 0; i < 1_000; i++) await cache.get(`access:1:X${i}`, async () => ++loads);
    expect(cache.size).toBe(100);
    expect(await cache.get('access:1:X999', async () => -1)).toBe(1_000); // the newest stays
    expect(await cache.get('access:1:X0', async () => -1)).toBe(-1); // the oldest went first
  });
});

describe.each(testDatabaseKinds())('the access cache (%s)', (kind) => {
  let t: TestHub;
  let id: string;
  /** Writes through a connection of its own, as another server process or an operator would. */
  let elsewhere: (sql: string) => Promise<void>;
  let other: pg.Client | undefined;
  beforeAll(async () => {
    t = await startTestHub(
      kind,
      async (hub) => void (await seedDatabase(hub.prisma, { residents: 40, seed: 7 })),
    );
    const first = await t.gql<{ residents: Edges<{ id: string }> }>(
      `{ residents(first: 1) { edges { node { id } } } }`,
      {},
      caller,
    );
    id = first.data!.residents.edges[0]!.node.id;
    const target = t.database.target;
    if (target.kind === 'postgres') {
      other = new pg.Client({ connectionString: target.url });
      await other.connect();
      elsewhere = async (sql) => void (await other!.query(sql));
    } else {
      elsewhere = async (sql) => void (await t.hub.db.pglite!.query(sql));
    }
  }, 120_000);
  afterAll(async () => {
    await other?.end();
    await t?.close();
  });

  const idNumber = async () =>
    (await t.gql<{ resident: { idNumber: string | null } }>(byId, { id }, caller)).data!.resident
      .idNumber;
  const setLevel = (level: string) =>
    elsewhere(`UPDATE field_grant SET level = '${level}' WHERE type_name = 'Resident' AND field_name = 'idNumber'
      AND section_id = (SELECT id FROM section WHERE code = 'civil-affairs')`);

  it("reads a resident by id in two statements once the caller's section and grants are cached: the row and the audit event", async () => {
    await idNumber();
    const sql = await t.countStatements(() => idNumber());
    expect(sql).toHaveLength(2);
    expect(sql[0]).toMatch(/FROM "public"\."resident"/);
    expect(sql[1]).toMatch(/INSERT INTO "audit_event"/);
  });

  it('applies a grant changed by another connection on the next request', async () => {
    expect(await idNumber()).toMatch(/^\d{17}[\dX]$/);
    await setLevel('MASKED');
    try {
      expect(await idNumber()).toMatch(/^\d{6}\*+/);
    } finally {
      await setLevel('FULL');
    }
    expect(await idNumber()).toMatch(/^\d{17}[\dX]$/);
  });

  it.runIf(kind === 'postgres')(
    'caches nothing while its notification connection is down, and again once it is back',
    async () => {
      const cache = accessCacheOf(t.hub.prisma)!;
      expect(cache.enabled).toBe(true);
      await elsewhere(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'`,
      );
      for (let i = 0; i < 50 && cache.enabled; i++) await new Promise((r) => setTimeout(r, 20));
      expect(cache.enabled).toBe(false);
      await setLevel('MASKED'); // its notification is lost: nobody listens
      try {
        expect(await idNumber()).toMatch(/^\d{6}\*+/);
        expect(await t.countStatements(() => idNumber())).toHaveLength(4);
      } finally {
        await setLevel('FULL');
      }
      for (let i = 0; i < 100 && !cache.enabled; i++) await new Promise((r) => setTimeout(r, 50));
      expect(cache.enabled).toBe(true);
      expect(await idNumber()).toMatch(/^\d{17}[\dX]$/);
    },
  );
});
