import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageOn, today } from '../../src/modules/resident/age.js';
import { seedDatabase } from '../../src/seed/index.js';
import { testDatabaseKinds } from '../support/databases.js';
import { type Caller, startTestHub, type TestHub, codeOf } from '../support/hub.js';
import { callerFor } from './callers.js';
import { expectedProtected, K, releasedRows } from './disclosure-oracle.js';
import type { ReportRow } from './dataset-rows.js';

const bandOf = (age: number) =>
  age < 18
    ? '0-17'
    : age < 35
      ? '18-34'
      : age < 60
        ? '35-59'
        : age < 70
          ? '60-69'
          : age < 80
            ? '70-79'
            : '80+';

interface Person {
  id: number;
  key: number;
  communityId: number;
  community: string;
  band: string;
  age: number;
  gender: string;
  status: string;
  residenceType: string;
  householdId: number | null;
  tags: string[];
}

const query = `query($i: ReportInput!) { report(input: $i) { columns { key label } rows { values totals suppressed } suppressedCells suppressionK perturbed } }`;
/** What `query` selects. */
interface Reported {
  report: {
    columns: Array<{ key: string; label: string }>;
    rows: ReportRow[];
    suppressedCells: number;
    suppressionK: number;
    perturbed: boolean;
  };
}

/** Expected report computed in JS from rows read with Prisma: the independent computation. */
function expected(people: Person[], key: (p: Person) => string) {
  const groups = new Map<string, Person[]>();
  for (const p of people) groups.set(key(p), [...(groups.get(key(p)) ?? []), p]);
  return groups;
}

describe.each(testDatabaseKinds())('report over residents (%s)', (kind) => {
  let t: TestHub;
  let people: Person[];
  const callers: Record<string, Caller> = {};
  beforeAll(async () => {
    t = await startTestHub(
      kind,
      async (hub) => void (await seedDatabase(hub.prisma, { residents: 300, seed: 7 })),
    );
    const on = today();
    const rows = await t.hub.prisma.resident.findMany({
      include: { community: true, tags: { include: { tag: true } } },
    });
    const keys = new Map(
      (
        await t.hub.prisma.$queryRaw<
          Array<{ id: number; cell_key: number }>
        >`SELECT id, cell_key FROM resident`
      ).map((r) => [r.id, r.cell_key]),
    );
    people = rows.map((r) => ({
      id: r.id,
      key: keys.get(r.id)!,
      communityId: r.communityId,
      community: r.community.name,
      age: ageOn(r.birthDate, on),
      band: bandOf(ageOn(r.birthDate, on)),
      gender: r.gender,
      status: r.status,
      residenceType: r.residenceType,
      householdId: r.householdId,
      tags: r.tags.map((x) => x.tag.code),
    }));
    const age = ['Resident.age'];
    callers.health = await callerFor(t, 'health', 'RESIDENTS', [...age, 'Tag.LOW_INCOME']);
    callers.population = await callerFor(t, 'population', 'RESIDENTS', [...age, 'Tag.LOW_INCOME']);
    callers.veterans = await callerFor(t, 'veterans', 'RESIDENTS', age);
    const c = await t.hub.prisma.community.findUniqueOrThrow({
      where: { id: people[0]!.communityId },
    });
    callers.committee = await callerFor(t, `committee:${c.code}`, 'RESIDENTS');
  }, 120_000);
  afterAll(() => t?.close());

  it('matches an independent computation, with exact counts for a FULL caller', async () => {
    const res = await t.gql<Reported>(
      query,
      {
        i: {
          dataset: 'RESIDENTS',
          dimensions: ['COMMUNITY', 'AGE_BAND'],
          measures: ['COUNT', 'AVG_AGE', 'MIN_AGE', 'MAX_AGE', 'HOUSEHOLDS'],
        },
      },
      callers.health,
    );
    expect(res.errors).toBeUndefined();
    const report = res.data!.report;
    expect(report.columns.map((c: { key: string }) => c.key)).toEqual([
      'COMMUNITY',
      'AGE_BAND',
      'COUNT',
      'AVG_AGE',
      'MIN_AGE',
      'MAX_AGE',
      'HOUSEHOLDS',
    ]);
    expect(report.suppressedCells).toBe(0);
    expect(report.suppressionK).toBeNull();
    const groups = expected(people, (p) => `${p.communityId}|${p.band}`);
    expect(report.rows).toHaveLength(groups.size);
    const got = new Map<string, unknown[]>(
      report.rows.map((r: { values: unknown[] }) => [
        `${r.values[0]}|${r.values[1]}`,
        r.values.slice(2),
      ]),
    );
    for (const g of groups.values()) {
      const ages = g.map((p) => p.age);
      expect(got.get(`${g[0]!.community}|${g[0]!.band}`)).toEqual([
        g.length,
        Math.round((ages.reduce((a, b) => a + b, 0) / g.length) * 10) / 10,
        Math.min(...ages),
        Math.max(...ages),
        new Set(g.filter((p) => p.householdId !== null).map((p) => p.householdId)).size,
      ]);
    }
  });

  it('filters on several dimensions and computes totals with GROUPING SETS', async () => {
    const i = {
      dataset: 'RESIDENTS',
      dimensions: ['GENDER', 'STATUS'],
      measures: ['COUNT'],
      totals: true,
      filter: {
        residenceTypes: ['REGISTERED', 'NON_LOCAL'],
        ageBands: ['AGE_60_69', 'AGE_70_79', 'AGE_80_PLUS'],
      },
    };
    const res = await t.gql<Reported>(query, { i }, callers.health);
    expect(res.errors).toBeUndefined();
    const kept = people.filter((p) => p.residenceType !== 'REGISTERED_AWAY' && p.age >= 60);
    const rows = res.data!.report.rows as Array<{ values: unknown[]; totals: boolean[] }>;
    for (const row of rows) {
      const [gender, status] = row.values;
      const n = kept.filter(
        (p) => (row.totals[0] || p.gender === gender) && (row.totals[1] || p.status === status),
      ).length;
      expect(row.values[2], JSON.stringify(row)).toBe(n);
    }
    expect(rows.at(-1)).toEqual({
      values: [null, null, kept.length],
      totals: [true, true],
      suppressed: false,
    });
  });

  it('counts each tag a resident holds under a TAG dimension, protected when a tag is held only at AGGREGATE', async () => {
    const tagRows = people.flatMap((p) => p.tags.map((tag) => ({ p, tag })));
    const exact = await t.gql<Reported>(
      query,
      { i: { dataset: 'RESIDENTS', dimensions: ['TAG'], measures: ['COUNT'] } },
      callers.committee,
    );
    const own = tagRows.filter((x) => x.p.communityId === people[0]!.communityId);
    expect(exact.data!.report.perturbed).toBe(false);
    expect(exact.data!.report.rows.map((r: { values: unknown[] }) => r.values)).toEqual(
      [
        ...expected(
          own.map((x) => x.p),
          () => '',
        ).keys(),
      ].length === 0
        ? []
        : [...new Set(own.map((x) => x.tag))]
            .sort()
            .map((tag) => [tag, own.filter((x) => x.tag === tag).length]),
    );
    const res = await t.gql<Reported>(
      query,
      { i: { dataset: 'RESIDENTS', dimensions: ['TAG'], measures: ['COUNT'] } },
      callers.health,
    );
    expect(res.errors).toBeUndefined();
    // health holds LOW_INCOME at AGGREGATE only: the report is protected.
    expect(res.data!.report).toMatchObject({ suppressionK: K, perturbed: true });
    const want = expectedProtected(tagRows, {
      dims: [(x) => x.tag],
      attributes: [true],
      size: (xs) => xs.map((x) => x.p),
      measures: [{ count: (xs) => xs.map((x) => x.p) }],
      totals: false,
    });
    expect(releasedRows(res.data!.report.rows, 1)).toEqual(want);
    expect(want.size).toBeGreaterThan(1);
  });

  it('refuses a field the section holds no grant on, naming it, and needs a purpose', async () => {
    const none = await t.gql<Reported>(
      query,
      {
        i: {
          dataset: 'RESIDENTS',
          dimensions: ['COMMUNITY'],
          measures: ['COUNT'],
          filter: { tags: ['LOW_INCOME'] },
        },
      },
      callers.veterans,
    );
    expect(codeOf(none)).toBe('FORBIDDEN');
    expect(none.errors?.[0]?.message).toContain('Tag.LOW_INCOME');
    const noPurpose = await t.gql<Reported>(
      query,
      { i: { dataset: 'RESIDENTS', dimensions: ['COMMUNITY'], measures: ['COUNT'] } },
      { section: 'health' },
    );
    expect(codeOf(noPurpose)).toBe('PURPOSE_REQUIRED');
    const aggregate = await t.gql<Reported>(
      query,
      {
        i: {
          dataset: 'RESIDENTS',
          dimensions: ['AGE_BAND'],
          measures: ['COUNT'],
          filter: { tags: ['LOW_INCOME'] },
        },
      },
      callers.population,
    );
    expect(aggregate.errors).toBeUndefined();
    expect(aggregate.data!.report.suppressionK).toBe(5);
    const event = await t.hub.prisma.auditEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(event).toMatchObject({ sectionCode: 'population', outcome: 'OK', residentIds: [] });
    expect(event.fields).toEqual(['Report.RESIDENTS', 'Resident.age', 'Tag.LOW_INCOME']);
  });

  it('keeps a committee to its own community', async () => {
    const res = await t.gql<Reported>(
      query,
      { i: { dataset: 'RESIDENTS', dimensions: ['COMMUNITY'], measures: ['COUNT'] } },
      callers.committee,
    );
    expect(res.errors).toBeUndefined();
    const own = people.filter((p) => p.communityId === people[0]!.communityId);
    expect(res.data!.report.rows).toEqual([
      { values: [own[0]!.community, own.length], totals: [false], suppressed: false },
    ]);
  });

  it('protects an AGGREGATE caller: perturbed counts, small and dominant cells withheld, totals cells of their own', async () => {
    const i = {
      dataset: 'RESIDENTS',
      dimensions: ['COMMUNITY', 'AGE_BAND'],
      measures: ['COUNT', 'AVG_AGE', 'DISTINCT_RESIDENTS'],
      totals: true,
    };
    const res = await t.gql<Reported>(query, { i }, callers.population);
    expect(res.errors).toBeUndefined();
    const mean = (g: Person[]) =>
      Math.round((g.reduce((a, p) => a + p.age, 0) / g.length) * 10) / 10;
    const want = expectedProtected(people, {
      dims: [(p) => p.community, (p) => p.band],
      attributes: [false, true],
      size: (g) => g,
      measures: [{ count: (g) => g }, { mean }, { count: (g) => g }],
      totals: true,
    });
    expect(releasedRows(res.data!.report.rows, 2)).toEqual(want);
    // Some cells are withheld, and the released figures are not all exact.
    const truth = expected(people, (p) => `${p.community}|${p.band}`);
    expect(want.size).toBeLessThan(truth.size + 1);
    expect(
      [...want].some(
        ([key, [count]]) => key.includes('*') === false && count !== truth.get(key)?.length,
      ),
    ).toBe(true);
    // Repeating the query gives the same figures: averaging repeats tells nothing new.
    expect((await t.gql<Reported>(query, { i }, callers.population)).data!.report).toEqual(
      res.data!.report,
    );
  });

  it("refuses MIN_AGE and MAX_AGE (one person's exact age) when the report is protected", async () => {
    for (const m of ['MIN_AGE', 'MAX_AGE']) {
      const res = await t.gql<Reported>(
        query,
        { i: { dataset: 'RESIDENTS', dimensions: ['COMMUNITY'], measures: ['COUNT', m] } },
        callers.population,
      );
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'DISCLOSURE' });
      expect(res.errors?.[0]?.message).toContain(`measures.${m}`);
    }
  });
});
