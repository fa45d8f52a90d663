import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { type Caller, startTestHub, type TestHub } from '../support/hub.js';
import { callerFor } from './callers.js';
import { type DatasetRows, distinct, groupBy, readDatasets, rowsByKey } from './dataset-rows.js';
import { type Reported, reportQuery, seedReports } from './fixtures.js';

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe.each(testDatabaseKinds())(
  'report datasets against an independent computation (%s)',
  (kind) => {
    let t: TestHub;
    let d: DatasetRows;
    let health: Record<string, Caller>;
    const run = async (i: Record<string, unknown>, caller: Caller) => {
      const res = await t.gql<Reported>(reportQuery, { i }, caller);
      expect(res.errors).toBeUndefined();
      return res.data!.report;
    };
    beforeAll(async () => {
      t = await startTestHub(kind, seedReports());
      d = await readDatasets(t);
      health = {};
      for (const dataset of ['RESIDENTS', 'HOUSEHOLDS', 'SERVICE_RECORDS'])
        health[dataset] = await callerFor(t, 'health', dataset, ['Resident.age']);
      health.HOTLINE_CASES = await callerFor(t, 'population', 'HOTLINE_CASES');
    }, 180_000);
    afterAll(() => t?.close());

    it('RESIDENTS by district and by household size', async () => {
      const byDistrict = await run(
        {
          dataset: 'RESIDENTS',
          dimensions: ['DISTRICT'],
          measures: ['COUNT', 'DISTINCT_RESIDENTS'],
        },
        health.RESIDENTS!,
      );
      expect(byDistrict.rows.map((r) => r.values.slice(1))).toEqual([
        [d.people.length, d.people.length],
      ]);
      const i = {
        dataset: 'RESIDENTS',
        dimensions: ['HOUSEHOLD_SIZE'],
        measures: ['COUNT', 'HOUSEHOLDS'],
        filter: { householdSizes: ['SIZE_1', 'SIZE_3', 'SIZE_5_PLUS'] },
      };
      const report = await run(i, health.RESIDENTS!);
      expect(report.columns.map((c) => c.label)).toEqual([
        '户人数 Household size',
        '人数 Residents',
        '户数 Households',
      ]);
      const groups = groupBy(
        d.people.filter((p) => ['1', '3', '5+'].includes(p.size ?? '')),
        (p) => p.size!,
      );
      expect(report.rows.map((r) => r.values)).toEqual(
        [...groups]
          .sort()
          .map(([size, g]) => [size, g.length, distinct(g.map((p) => p.householdId))]),
      );
    });

    it('HOUSEHOLDS by community and size, and households with a member aged 80+', async () => {
      const report = await run(
        {
          dataset: 'HOUSEHOLDS',
          dimensions: ['COMMUNITY', 'HOUSEHOLD_SIZE'],
          measures: ['COUNT', 'DISTINCT_RESIDENTS', 'AVG_HOUSEHOLD_SIZE'],
        },
        health.HOUSEHOLDS!,
      );
      expect(report.suppressionK).toBeNull();
      const groups = groupBy(d.homes, (h) => `${h.community}|${h.size}`);
      const got = rowsByKey(report.rows, 2);
      expect(got.size).toBe(groups.size);
      for (const [key, g] of groups) {
        const members = sum(g.map((h) => h.members));
        expect(got.get(key), key).toEqual([g.length, members, round(members / g.length, 2)]);
      }
      const old = await run(
        {
          dataset: 'HOUSEHOLDS',
          dimensions: ['HOUSEHOLD_SIZE'],
          measures: ['COUNT'],
          totals: true,
          filter: { ageBands: ['AGE_80_PLUS'] },
        },
        health.HOUSEHOLDS!,
      );
      const kept = d.homes.filter((h) => h.bands.includes('80+'));
      expect(kept.length).toBeGreaterThan(0);
      expect(old.rows.at(-1)!.values).toEqual([null, kept.length]);
      for (const [size, g] of groupBy(kept, (h) => h.size))
        expect(rowsByKey(old.rows, 1).get(size)).toEqual([g.length]);
    });

    it('SERVICE_RECORDS by kind and month within a date range', async () => {
      const days = d.visits.map((v) => v.day).sort();
      const from = days[Math.floor(days.length / 4)]!;
      const to = days[Math.floor((days.length * 3) / 4)]!;
      const i = {
        dataset: 'SERVICE_RECORDS',
        dimensions: ['SERVICE_KIND', 'MONTH'],
        measures: ['COUNT', 'DISTINCT_RESIDENTS', 'HOUSEHOLDS'],
        filter: { from, to },
      };
      const report = await run(i, health.SERVICE_RECORDS!);
      const kept = d.visits.filter((v) => v.day >= from && v.day <= to);
      const groups = groupBy(kept, (v) => `${v.kind}|${v.month}`);
      const got = rowsByKey(report.rows, 2);
      expect(got.size).toBe(groups.size);
      for (const [key, g] of groups) {
        expect(got.get(key), key).toEqual([
          g.length,
          distinct(g.map((v) => v.person.id)),
          distinct(g.map((v) => v.person.householdId)),
        ]);
      }
    });

    it('SERVICE_RECORDS by community and day', async () => {
      const report = await run(
        { dataset: 'SERVICE_RECORDS', dimensions: ['COMMUNITY', 'DAY'], measures: ['COUNT'] },
        health.SERVICE_RECORDS!,
      );
      const groups = groupBy(d.visits, (v) => `${v.community}|${v.day}`);
      expect(rowsByKey(report.rows, 2)).toEqual(
        new Map([...groups].map(([key, g]) => [key, [g.length]])),
      );
    });

    it('SERVICE_RECORDS by age band and gender of the person served, for some kinds and months', async () => {
      const months = [...new Set(d.visits.map((v) => v.month))].sort().slice(-3);
      const i = {
        dataset: 'SERVICE_RECORDS',
        dimensions: ['AGE_BAND', 'GENDER'],
        measures: ['COUNT', 'DISTINCT_RESIDENTS'],
        filter: { months, serviceKinds: ['HOME_VISIT', 'SUBSIDY'] },
      };
      const report = await run(i, health.SERVICE_RECORDS!);
      const kept = d.visits.filter(
        (v) => months.includes(v.month) && ['HOME_VISIT', 'SUBSIDY'].includes(v.kind),
      );
      const groups = groupBy(kept, (v) => `${v.person.band}|${v.person.gender}`);
      expect(rowsByKey(report.rows, 2)).toEqual(
        new Map(
          [...groups].map(([key, g]) => [key, [g.length, distinct(g.map((v) => v.person.id))]]),
        ),
      );
    });

    it('HOTLINE_CASES by category and committee role with totals, and by month and status', async () => {
      const report = await run(
        {
          dataset: 'HOTLINE_CASES',
          dimensions: ['HOTLINE_CATEGORY', 'COMMITTEE_ROLE'],
          measures: ['COUNT'],
          totals: true,
        },
        health.HOTLINE_CASES!,
      );
      expect(report.suppressionK).toBeNull();
      for (const r of report.rows) {
        const n = d.cases.filter(
          (c) =>
            (r.totals[0] || c.category === r.values[0]) && (r.totals[1] || c.role === r.values[1]),
        ).length;
        expect(r.values[2], JSON.stringify(r)).toBe(n);
      }
      expect(report.rows.at(-1)!.values).toEqual([null, null, d.cases.length]);
      const month = d.cases[0]!.month;
      const i = {
        dataset: 'HOTLINE_CASES',
        dimensions: ['MONTH', 'HOTLINE_STATUS'],
        measures: ['COUNT'],
        filter: { months: [month], hotlineStatuses: ['OPEN', 'CLOSED'] },
      };
      const byMonth = await run(i, health.HOTLINE_CASES!);
      const kept = d.cases.filter(
        (c) => c.month === month && ['OPEN', 'CLOSED'].includes(c.status),
      );
      expect(rowsByKey(byMonth.rows, 2)).toEqual(
        new Map(
          [...groupBy(kept, (c) => `${c.month}|${c.status}`)].map(([k, g]) => [k, [g.length]]),
        ),
      );
    });
  },
);
