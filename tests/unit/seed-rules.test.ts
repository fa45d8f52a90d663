import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/adapter.js';
import { createPrismaClient, type PrismaClient } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrations.js';
import { parseIdNumber } from '../../src/modules/resident/id-number.js';
import {
  DatabaseNotEmptyError,
  DEFAULT_AS_OF,
  isDatabaseEmpty,
  type SeedSummary,
  seedDatabase,
} from '../../src/seed/index.js';

const RESIDENTS = 1500;
const asOf = DEFAULT_AS_OF;
const TABLES = [
  'district',
  'subdistrict',
  'community',
  'section',
  'tag',
  'task',
  'household',
  'resident',
  'resident_tag',
  'service_record',
  'hotline_case',
];

interface Seeded {
  db: Database;
  prisma: PrismaClient;
  /** Whether the database counted as empty before seeding. */
  wasEmpty: boolean;
  summary: SeedSummary;
  /** Fingerprint of all rows right after seeding. */
  hash: string;
}

/** Everything opened, closed after all tests. */
const open: Pick<Seeded, 'db' | 'prisma'>[] = [];

async function seeded(residents: number, seed: number): Promise<Seeded> {
  const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  const { prisma } = createPrismaClient(db);
  open.push({ db, prisma });
  await applyMigrations(db);
  const wasEmpty = await isDatabaseEmpty(prisma);
  const summary = await seedDatabase(prisma, { residents, seed });
  return { db, prisma, wasEmpty, summary, hash: await fingerprint(prisma) };
}

/**
 * A hash over every row of every seeded table, but for the cell keys of disclosure control: those
 * are random by design (the database draws them), never derived from the seed.
 */
async function fingerprint(prisma: PrismaClient): Promise<string> {
  const hash = createHash('sha256');
  for (const table of TABLES) {
    const [row] = await prisma.$queryRawUnsafe<{ h: string }[]>(
      `SELECT md5(coalesce(string_agg(r, '|' ORDER BY r), '')) AS h FROM (SELECT (to_jsonb(t) - 'cell_key')::text AS r FROM "${table}" t) x`,
    );
    hash.update(`${table}:${row?.h ?? ''}\n`);
  }
  return hash.digest('hex');
}

function ageOn(birth: Date, on: Date): number {
  let age = on.getUTCFullYear() - birth.getUTCFullYear();
  const m = on.getUTCMonth() - birth.getUTCMonth();
  if (m < 0 || (m === 0 && on.getUTCDate() < birth.getUTCDate())) age -= 1;
  return age;
}

/** Runs a query that counts violations of a rule. */
async function violations(prisma: PrismaClient, sql: string): Promise<number> {
  const [row] = await prisma.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM (${sql}) v`,
  );
  return row?.n ?? -1;
}

let main: Seeded;
let twin: Seeded;
let other: Seeded;

beforeAll(async () => {
  [main, twin, other] = await Promise.all([
    seeded(RESIDENTS, 42),
    seeded(RESIDENTS, 42),
    seeded(RESIDENTS, 43),
  ]);
}, 120_000);

afterAll(async () => {
  for (const { prisma, db } of open) {
    await prisma.$disconnect();
    await db.close();
  }
});

describe('seedDatabase', () => {
  it('creates exactly the requested residents and reports per-table counts', async () => {
    const { prisma, summary } = main;
    expect(summary.residents).toBe(RESIDENTS);
    expect(await prisma.resident.count()).toBe(RESIDENTS);
    expect(await prisma.household.count()).toBe(summary.households);
    expect(await prisma.residentTag.count()).toBe(summary.residentTags);
    expect(await prisma.serviceRecord.count()).toBe(summary.serviceRecords);
    expect(await prisma.hotlineCase.count()).toBe(summary.hotlineCases);
    expect(summary.serviceRecords).toBeGreaterThan(0);
    expect(summary.hotlineCases).toBeGreaterThan(0);
  });

  it('gives everyone a valid, unique ID number that agrees with birth date and gender', async () => {
    const residents = await main.prisma.resident.findMany({
      select: { idNumber: true, birthDate: true, gender: true, residenceType: true },
    });
    for (const r of residents) {
      const parsed = parseIdNumber(r.idNumber, asOf);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      expect(parsed.birthDate.getTime()).toBe(r.birthDate.getTime());
      expect(parsed.gender).toBe(r.gender);
      if (r.residenceType !== 'NON_LOCAL') expect(parsed.areaCode).toMatch(/^3101\d\d$/);
    }
    expect(new Set(residents.map((r) => r.idNumber)).size).toBe(residents.length);
    const nonLocalFromElsewhere = residents.filter(
      (r) => r.residenceType === 'NON_LOCAL' && !r.idNumber.startsWith('31'),
    );
    expect(nonLocalFromElsewhere.length).toBeGreaterThan(0);
  });

  it('keeps households, heads and communities consistent', async () => {
    const { prisma } = main;
    expect(
      await violations(
        prisma,
        `SELECT h.id FROM household h LEFT JOIN resident r ON r.id = h.head_id
      WHERE r.id IS NULL OR r.relation_to_head <> 'SELF' OR r.household_id <> h.id`,
      ),
    ).toBe(0);
    expect(
      await violations(
        prisma,
        `SELECT household_id FROM resident GROUP BY household_id
      HAVING count(*) FILTER (WHERE relation_to_head = 'SELF') <> 1`,
      ),
    ).toBe(0);
    expect(
      await violations(
        prisma,
        `SELECT r.id FROM resident r JOIN household h ON h.id = r.household_id
      WHERE r.community_id <> h.community_id`,
      ),
    ).toBe(0);
    expect(
      await violations(
        prisma,
        `SELECT id FROM resident WHERE household_id IS NULL OR relation_to_head IS NULL`,
      ),
    ).toBe(0);
    const sizes = await prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM resident GROUP BY household_id`,
    );
    expect(Math.min(...sizes.map((s) => s.n))).toBe(1);
    expect(Math.max(...sizes.map((s) => s.n))).toBeLessThanOrEqual(6);
    expect(new Set(sizes.map((s) => s.n)).size).toBeGreaterThanOrEqual(5);
  });

  it('keeps dates plausible: move-in after birth, nothing after the as-of date', async () => {
    const { prisma } = main;
    const day = asOf.toISOString().slice(0, 10);
    expect(
      await violations(
        prisma,
        `SELECT id FROM resident WHERE move_in_date < birth_date OR move_in_date > '${day}'
      OR birth_date > '${day}' OR birth_date < '1900-01-01'`,
      ),
    ).toBe(0);
    expect(
      await violations(prisma, `SELECT id FROM service_record WHERE occurred_at >= '${day}'`),
    ).toBe(0);
    expect(
      await violations(
        prisma,
        `SELECT id FROM hotline_case WHERE received_at >= '${day}' OR closed_at >= '${day}'
      OR closed_at < received_at OR (closed_at IS NULL) <> (status <> 'CLOSED')`,
      ),
    ).toBe(0);
    expect(
      await violations(
        prisma,
        `SELECT id FROM resident WHERE phone IS NOT NULL AND phone !~ '^1[3-9][0-9]{9}$'`,
      ),
    ).toBe(0);
  });

  it('tags ELDERLY_ALONE exactly the active residents of 60+ who live alone', async () => {
    const residents = await main.prisma.resident.findMany({
      select: {
        id: true,
        birthDate: true,
        status: true,
        household: { select: { _count: { select: { members: true } } } },
        tags: { select: { tag: { select: { code: true } } } },
      },
    });
    const expected = residents.filter(
      (r) =>
        r.status === 'ACTIVE' &&
        ageOn(r.birthDate, asOf) >= 60 &&
        r.household?._count.members === 1,
    );
    const tagged = residents.filter((r) => r.tags.some((t) => t.tag.code === 'ELDERLY_ALONE'));
    expect(expected.length).toBeGreaterThan(0);
    expect(tagged.map((r) => r.id).sort((a, b) => a - b)).toEqual(
      expected.map((r) => r.id).sort((a, b) => a - b),
    );
  });

  it('links tags through the section that maintains them, with who set them', async () => {
    const { prisma } = main;
    expect(
      await violations(
        prisma,
        `SELECT rt.resident_id FROM resident_tag rt JOIN tag t ON t.id = rt.tag_id
      WHERE rt.section_id IS DISTINCT FROM t.section_id OR rt.set_by = ''`,
      ),
    ).toBe(0);
    expect(
      await violations(
        prisma,
        `SELECT rt.resident_id FROM resident_tag rt JOIN tag t ON t.id = rt.tag_id
      JOIN resident r ON r.id = rt.resident_id WHERE t.code = 'KEY_CARE' AND r.status <> 'ACTIVE'`,
      ),
    ).toBe(0);
    const codes = (await prisma.tag.findMany({ select: { code: true } })).map((t) => t.code).sort();
    expect(codes).toEqual(['DISABILITY', 'ELDERLY_ALONE', 'KEY_CARE', 'LOW_INCOME', 'VETERAN']);
  });

  it('has an ageing population and the expected residence mix', async () => {
    const residents = await main.prisma.resident.findMany({
      select: { birthDate: true, residenceType: true },
    });
    const share = (n: number) => n / residents.length;
    const elderly = share(residents.filter((r) => ageOn(r.birthDate, asOf) >= 60).length);
    expect(elderly).toBeGreaterThan(0.25);
    expect(elderly).toBeLessThan(0.35);
    const registered = share(residents.filter((r) => r.residenceType === 'REGISTERED').length);
    const nonLocal = share(residents.filter((r) => r.residenceType === 'NON_LOCAL').length);
    expect(registered).toBeGreaterThan(0.5);
    expect(registered).toBeLessThan(0.7);
    expect(nonLocal).toBeGreaterThan(0.17);
    expect(nonLocal).toBeLessThan(0.33);
  });

  it('seeds at least 12 communities, some of them villages', async () => {
    const communities = await main.prisma.community.findMany({
      select: { code: true, kind: true, name: true },
    });
    expect(communities.length).toBeGreaterThanOrEqual(12);
    expect(communities.some((c) => c.kind === 'VILLAGE')).toBe(true);
    for (const c of communities) {
      expect(c.name).toMatch(c.kind === 'VILLAGE' ? /^[^村]+村委会$/ : /居委会$/);
    }
    expect(communities.every((c) => /^310106\d{6}$/.test(c.code))).toBe(true);
  });

  it('seeds the year task list with both lists, owned by seeded sections', async () => {
    const tasks = await main.prisma.task.findMany({
      select: { code: true, year: true, list: true, sectionId: true },
    });
    expect(tasks.length).toBeGreaterThanOrEqual(50);
    expect(tasks.some((t) => t.list === 'DUTY')).toBe(true);
    expect(tasks.some((t) => t.list === 'ASSIST')).toBe(true);
    expect(tasks.every((t) => t.year === 2026 && /^T2026-\d{3}$/.test(t.code))).toBe(true);
    expect(await violations(main.prisma, `SELECT id FROM hotline_case WHERE task_id IS NULL`)).toBe(
      0,
    );
  });

  it('seeds exactly the listed section codes', async () => {
    const { prisma } = main;
    const [subdistricts, communities, sections] = await Promise.all([
      prisma.subdistrict.findMany({ select: { code: true } }),
      prisma.community.findMany({ select: { code: true } }),
      prisma.section.findMany({ select: { code: true, level: true } }),
    ]);
    const expected = [
      ...[
        'civil-affairs',
        'health',
        'housing',
        'veterans',
        'disability',
        'population',
        'admin',
        'auditor',
      ].map((code) => `${code}/DISTRICT`),
      ...subdistricts.map((s) => `street:${s.code}/SUBDISTRICT`),
      ...communities.map((c) => `committee:${c.code}/COMMUNITY`),
    ].sort();
    expect(sections.map((s) => `${s.code}/${s.level}`).sort()).toEqual(expected);
  });

  it('leaves id sequences ready for later inserts and refuses to seed twice', async () => {
    const { prisma } = main;
    expect(await isDatabaseEmpty(prisma)).toBe(false);
    await expect(seedDatabase(prisma, { residents: 10, seed: 1 })).rejects.toBeInstanceOf(
      DatabaseNotEmptyError,
    );
    const community = await prisma.community.findFirstOrThrow({ select: { id: true } });
    const household = await prisma.household.create({
      data: { address: '测试路1号', communityId: community.id },
    });
    expect(household.id).toBe(main.summary.households + 1);
    await prisma.household.delete({ where: { id: household.id } });
  });
});

describe('seedDatabase determinism', () => {
  it('gives the same rows for the same seed and different rows for another seed', () => {
    expect([main.wasEmpty, twin.wasEmpty, other.wasEmpty]).toEqual([true, true, true]);
    expect(twin.summary).toEqual(main.summary);
    expect(twin.hash).toBe(main.hash);
    expect(other.hash).not.toBe(main.hash);
  });
});
