import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHub, type Hub } from '../../src/db/open.js';
import { inScope } from '../../src/db/scope.js';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/databases.js';
import { insertScenario } from '../support/scenario.js';

/** Tables with a community column that are directories, not a community's rows (their reason). */
const publicTables: Record<string, string> = {
  section: "a committee section's home community: the directory of sections is public",
};

describe.each(testDatabaseKinds())('row scoping at one choke point (%s)', (kind) => {
  let database: TestDatabase;
  let hub: Hub;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    hub = await openHub(database.target);
    await insertScenario(hub.prisma);
  });
  afterAll(async () => {
    await hub?.close();
    await database?.drop();
  });

  it("puts every table that holds a community's rows under forced row-level security with a policy", async () => {
    const tables = await hub.prisma.$queryRaw<
      Array<{ name: string; rls: boolean; forced: boolean; policies: number }>
    >`
      SELECT c.relname AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
             (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind = 'r'
         AND (c.relname = 'community' OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
              AND a.attname IN ('community_id', 'community_ids', 'resident_id') AND NOT a.attisdropped))`;
    const unscoped = tables.filter(
      (t) => !(t.name in publicTables) && !(t.rls && t.forced && t.policies > 0),
    );
    expect(unscoped.map((t) => t.name)).toEqual([]);
    expect(tables.length).toBeGreaterThanOrEqual(7);
  });

  it("runs the hub's statements as a role that is no superuser and owns no table", async () => {
    const [who] = await inScope(
      [],
      () =>
        hub.prisma.$queryRaw<
          Array<{ role: string; superuser: boolean; owns: number; bypass: boolean }>
        >`
        SELECT current_user AS role, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
               (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owns
          FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(who).toEqual({ role: 'onetable_hub', superuser: false, owns: 0, bypass: false });
  });

  it('shows a statement without a scope nothing, one with a scope its communities, and writes nowhere else', async () => {
    const [c1, c2] = (await hub.prisma.community.findMany({ orderBy: { id: 'asc' } })).map(
      (c) => c.id,
    );
    const count = () => hub.prisma.resident.count();
    expect(await count()).toBe(6); // outside any request: the hub itself
    expect(await inScope([], count)).toBe(0);
    expect(await inScope([c1!], count)).toBe(3);
    expect(
      await inScope([c1!], () => hub.prisma.$queryRaw<unknown[]>`SELECT * FROM resident`),
    ).toHaveLength(3);
    const household = await hub.prisma.household.findFirstOrThrow({ where: { communityId: c2! } });
    await expect(
      inScope([c1!], () =>
        hub.prisma.household.create({ data: { address: 'x', communityId: c2! } }),
      ),
    ).rejects.toThrow();
    expect(
      await inScope([c1!], () =>
        hub.prisma.household.updateMany({ where: { id: household.id }, data: { address: 'y' } }),
      ),
    ).toEqual({ count: 0 });
    expect(
      await inScope([c1!], () => hub.prisma.household.deleteMany({ where: { id: household.id } })),
    ).toEqual({ count: 0 });
  });

  it('keeps findUnique calls of different jurisdictions out of one batch', async () => {
    const residents = await hub.prisma.resident.findMany({
      orderBy: { id: 'asc' },
      select: { id: true, communityId: true },
    });
    const [c1] = (await hub.prisma.community.findMany({ orderBy: { id: 'asc' } })).map((c) => c.id);
    // Issued in the same tick, so Prisma would merge them into one statement.
    const found = await Promise.all(
      residents.flatMap((r) => [
        inScope([c1!], () =>
          hub.prisma.resident.findUnique({ where: { id: r.id }, select: { id: true } }),
        ),
        inScope(null, () =>
          hub.prisma.resident.findUnique({ where: { id: r.id }, select: { id: true } }),
        ),
      ]),
    );
    residents.forEach((r, i) => {
      expect(found[2 * i], `resident ${r.id} in c1's scope`).toEqual(
        r.communityId === c1 ? { id: r.id } : null,
      );
      expect(found[2 * i + 1]).toEqual({ id: r.id });
    });
  });
});

describe('the unscoped client', () => {
  it('is used by the access and audit machinery only, never by a module', async () => {
    const root = path.resolve('src');
    const offenders: string[] = [];
    for (const file of await readdir(root, { recursive: true })) {
      if (!file.endsWith('.ts') || file.startsWith('generated')) continue;
      const text = await readFile(path.join(root, file), 'utf8');
      // The audit machinery (the trail, its append and chain) lives in the audit module beside
      // its GraphQL fields; those fields (queries.ts, type.ts) are held to the rule like any module.
      const allowed =
        /^(access|db)\//.test(file) ||
        /^modules\/audit\/(append|chain|checkpoint|key|linker|plugin|trail)\.ts$/.test(file) ||
        file === 'context.ts' ||
        file.startsWith('server/');
      if (!allowed && /\bunscoped\b|\basSystem\b|\binScope\b|asOwner/.test(text))
        offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});
