import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageOn, today } from '../../src/modules/resident/age.js';
import { testDatabaseKinds } from '../support/databases.js';
import { type Caller, startTestHub, type TestHub } from '../support/hub.js';
import { callerFor } from './callers.js';
import { type DatasetRows, type Person, type ReportRow, readDatasets } from './dataset-rows.js';
import { type Reported, reportQuery, seedReports } from './fixtures.js';

/**
 * Totals over decomposable measures run CUBE over rows pre-aggregated by the group keys; anything
 * else (a DISTINCT count) keeps the single-level CUBE. Both must give the same report, and both
 * the independent computation's answer, total rows included.
 */
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
/** The people a row covers: every dimension matches, or the row totals over it. */
const covered = <T>(rows: T[], r: ReportRow, value: Array<(x: T) => unknown>) =>
  rows.filter((x) => value.every((v, i) => r.totals[i] || v(x) === r.values[i]));
const twoLevel = /GROUP BY CUBE \(x\.c0/;
const singleLevel = /GROUP BY CUBE \((?!x\.)/;

describe.each(testDatabaseKinds())('report totals over pre-aggregated keys (%s)', (kind) => {
  let t: TestHub;
  let d: DatasetRows;
  let age: Map<number, number>;
  const callers: Record<string, Caller> = {};
  /** Runs a report and returns it with the text of its GROUP BY statement. */
  const run = async (i: Record<string, unknown>, caller: Caller) => {
    let report:
      { rows: ReportRow[]; suppressedCells: number; suppressionK: number | null } | undefined;
    const sql = await t.countStatements(async () => {
      const res = await t.gql<Reported>(reportQuery, { i }, caller);
      expect(res.errors).toBeUndefined();
      report = res.data!.report;
    });
    return { ...report!, sql: sql.find((s) => s.includes('GROUP BY')) ?? '' };
  };
  /** Drops the measures after the first `measures` (the one added to force the single-level path). */
  const firstMeasures = (rows: ReportRow[], dims: number, measures: number) =>
    rows.map((r) => ({ ...r, values: r.values.slice(0, dims + measures) }));

  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => {
      await seedReports()(hub);
      // The seed houses everyone; a few residents without a household give HOUSEHOLD_SIZE a NULL key.
      await hub.prisma
        .$executeRaw`INSERT INTO resident (id_number, name, gender, birth_date, ethnicity, residence_type, status, community_id, move_in_date, updated_at)
        SELECT 'NOHOUSEHOLD' || lpad(id::text, 7, '0'), name, gender, birth_date, ethnicity, residence_type, status, community_id, move_in_date, updated_at
        FROM resident ORDER BY id LIMIT 3`;
    });
    d = await readDatasets(t);
    const on = today();
    age = new Map(
      (await t.hub.prisma.resident.findMany({ select: { id: true, birthDate: true } })).map((r) => [
        r.id,
        ageOn(r.birthDate, on),
      ]),
    );
    for (const dataset of ['RESIDENTS', 'HOUSEHOLDS', 'SERVICE_RECORDS'])
      callers[dataset] = await callerFor(t, 'health', dataset, ['Resident.age']);
    callers.population = await callerFor(t, 'population', 'RESIDENTS', ['Resident.age']);
  }, 180_000);
  afterAll(() => t?.close());

  it('RESIDENTS by community and age band: COUNT, AVG_AGE, MIN_AGE, MAX_AGE, the same on either path', async () => {
    const measures = ['COUNT', 'AVG_AGE', 'MIN_AGE', 'MAX_AGE'];
    const i = {
      dataset: 'RESIDENTS',
      dimensions: ['COMMUNITY', 'AGE_BAND'],
      measures,
      totals: true,
    };
    const pre = await run(i, callers.RESIDENTS!);
    expect(pre.sql).toMatch(twoLevel);
    const dims = [(p: Person) => p.community, (p: Person) => p.band];
    for (const r of pre.rows) {
      const ages = covered(d.people, r, dims).map((p) => age.get(p.id)!);
      expect(r.values.slice(2), JSON.stringify(r)).toEqual([
        ages.length,
        round(sum(ages) / ages.length, 1),
        Math.min(...ages),
        Math.max(...ages),
      ]);
    }
    expect(pre.rows.at(-1)!.totals).toEqual([true, true]);
    // HOUSEHOLDS counts DISTINCT households: not decomposable, so the single-level CUBE.
    const whole = await run({ ...i, measures: [...measures, 'HOUSEHOLDS'] }, callers.RESIDENTS!);
    expect(whole.sql).toMatch(singleLevel);
    expect(firstMeasures(whole.rows, 2, 4)).toEqual(pre.rows);
  });

  it('protects the same cells with the same noise on either path (n is a plain count of residents)', async () => {
    const i = {
      dataset: 'RESIDENTS',
      dimensions: ['COMMUNITY', 'AGE_BAND'],
      measures: ['COUNT', 'AVG_AGE'],
      totals: true,
    };
    const pre = await run(i, callers.population!);
    expect(pre.sql).toMatch(twoLevel);
    expect(pre.suppressionK).toBe(5);
    const whole = await run(
      { ...i, measures: ['COUNT', 'AVG_AGE', 'HOUSEHOLDS'] },
      callers.population!,
    );
    expect(whole.sql).toMatch(singleLevel);
    const shown = (rows: ReportRow[], measures: number) =>
      rows.map((r) => ({ totals: r.totals, values: r.values.slice(0, 2 + measures) }));
    expect(shown(whole.rows, 2)).toEqual(shown(pre.rows, 2));
    // Fewer rows than cells: the small ones are withheld whole, on either path.
    expect(pre.rows.length).toBeLessThan(
      new Set(d.people.map((p) => `${p.community}|${p.band}`)).size,
    );
  });

  it('keeps a NULL key (no household) apart from the total row, in a fixed order', async () => {
    const i = {
      dataset: 'RESIDENTS',
      dimensions: ['HOUSEHOLD_SIZE', 'GENDER'],
      measures: ['COUNT'],
      totals: true,
    };
    const pre = await run(i, callers.RESIDENTS!);
    expect(pre.sql).toMatch(twoLevel);
    expect(pre.rows.filter((r) => !r.totals[0] && r.values[0] === null).length).toBeGreaterThan(0);
    for (const r of pre.rows) {
      expect(r.values[2], JSON.stringify(r)).toBe(
        covered(d.people, r, [(p) => p.size, (p) => p.gender]).length,
      );
    }
    const whole = await run({ ...i, measures: ['COUNT', 'HOUSEHOLDS'] }, callers.RESIDENTS!);
    expect(firstMeasures(whole.rows, 2, 1)).toEqual(pre.rows);
  });

  it('HOUSEHOLDS by community and size: every measure decomposes', async () => {
    const i = {
      dataset: 'HOUSEHOLDS',
      dimensions: ['COMMUNITY', 'HOUSEHOLD_SIZE'],
      measures: ['COUNT', 'DISTINCT_RESIDENTS', 'AVG_HOUSEHOLD_SIZE'],
      totals: true,
    };
    const pre = await run(i, callers.HOUSEHOLDS!);
    expect(pre.sql).toMatch(twoLevel);
    for (const r of pre.rows) {
      const homes = covered(d.homes, r, [(h) => h.community, (h) => h.size]);
      const members = sum(homes.map((h) => h.members));
      expect(r.values.slice(2), JSON.stringify(r)).toEqual([
        homes.length,
        members,
        round(members / homes.length, 2),
      ]);
    }
  });

  it('SERVICE_RECORDS: COUNT pre-aggregates, DISTINCT_RESIDENTS falls back', async () => {
    const i = {
      dataset: 'SERVICE_RECORDS',
      dimensions: ['SERVICE_KIND', 'MONTH'],
      measures: ['COUNT'],
      totals: true,
    };
    const pre = await run(i, callers.SERVICE_RECORDS!);
    expect(pre.sql).toMatch(twoLevel);
    const whole = await run(
      { ...i, measures: ['COUNT', 'DISTINCT_RESIDENTS'] },
      callers.SERVICE_RECORDS!,
    );
    expect(whole.sql).toMatch(singleLevel);
    expect(firstMeasures(whole.rows, 2, 1)).toEqual(pre.rows);
    for (const r of whole.rows) {
      const visits = covered(d.visits, r, [(v) => v.kind, (v) => v.month]);
      expect(r.values.slice(2), JSON.stringify(r)).toEqual([
        visits.length,
        new Set(visits.map((v) => v.person.id)).size,
      ]);
    }
  });

  it('an empty report still has its grand total row, with the same values on either path', async () => {
    const i = {
      dataset: 'RESIDENTS',
      dimensions: ['GENDER', 'STATUS'],
      measures: ['COUNT', 'AVG_AGE', 'MAX_AGE'],
      totals: true,
      filter: { ageBands: [] },
    };
    const pre = await run(i, callers.RESIDENTS!);
    expect(pre.sql).toMatch(twoLevel);
    expect(pre.rows).toEqual([
      { values: [null, null, 0, null, null], totals: [true, true], suppressed: false },
    ]);
    const whole = await run(
      { ...i, measures: ['COUNT', 'AVG_AGE', 'MAX_AGE', 'HOUSEHOLDS'] },
      callers.RESIDENTS!,
    );
    expect(firstMeasures(whole.rows, 2, 3)).toEqual(pre.rows);
  });
});
