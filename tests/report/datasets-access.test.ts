import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { type Caller, startTestHub, type TestHub, codeOf } from '../support/hub.js';
import { callerFor, committeeOf } from './callers.js';
import {
  type DatasetRows,
  distinct,
  groupBy,
  type ReportRow,
  readDatasets,
  type Visit,
} from './dataset-rows.js';
import { expectedProtected, K, releasedRows, type Unit } from './disclosure-oracle.js';
import { reportQuery, seedReports } from './fixtures.js';

type Report = {
  rows: ReportRow[];
  suppressedCells: number;
  suppressionK: number | null;
  perturbed: boolean;
};

describe.each(testDatabaseKinds())(
  'report datasets: permissions, jurisdiction and suppression (%s)',
  (kind) => {
    let t: TestHub;
    let d: DatasetRows;
    let committee: { section: string; communityId: number };
    const ask = (i: Record<string, unknown>, caller: Caller) =>
      t.gql<{ report: Report }>(reportQuery, { i }, caller);
    beforeAll(async () => {
      t = await startTestHub(kind, seedReports());
      d = await readDatasets(t);
      committee = await committeeOf(t);
    }, 180_000);
    afterAll(() => t?.close());

    it('rejects a dimension, measure or filter the dataset does not support, naming it', async () => {
      const population = await callerFor(t, 'population', 'HOTLINE_CASES');
      const cases = [
        [
          { dataset: 'HOTLINE_CASES', dimensions: ['AGE_BAND'], measures: ['COUNT'] },
          'AGE_BAND is not a dimension of HOTLINE_CASES',
        ],
        [
          { dataset: 'HOTLINE_CASES', dimensions: ['COMMUNITY'], measures: ['AVG_AGE'] },
          'AVG_AGE is not a measure of HOTLINE_CASES',
        ],
        [
          {
            dataset: 'RESIDENTS',
            dimensions: ['COMMUNITY'],
            measures: ['COUNT'],
            filter: { serviceKinds: ['SUBSIDY'] },
          },
          'filter.serviceKinds',
        ],
        [
          {
            dataset: 'SERVICE_RECORDS',
            dimensions: ['MONTH'],
            measures: ['COUNT'],
            filter: { months: ['2026-13'] },
          },
          'filter.months',
        ],
      ] as const;
      for (const [i, message] of cases) {
        const res = await ask(i, population);
        expect(codeOf(res), message).toBe('BAD_USER_INPUT');
        expect(JSON.stringify(res.errors)).toContain(message);
      }
    });

    it("refuses a graded field without AGGREGATE, and a dataset outside the purpose's task", async () => {
      const veterans = await callerFor(t, 'veterans', 'SERVICE_RECORDS', ['Resident.age']);
      const i = {
        dataset: 'SERVICE_RECORDS',
        dimensions: ['SERVICE_KIND', 'AGE_BAND'],
        measures: ['COUNT'],
      };
      expect((await ask(i, veterans)).errors).toBeUndefined();
      const section = await t.hub.prisma.section.findUniqueOrThrow({ where: { code: 'veterans' } });
      const grant = {
        sectionId_typeName_fieldName: {
          sectionId: section.id,
          typeName: 'Resident',
          fieldName: 'age',
        },
      };
      await t.hub.prisma.fieldGrant.update({ where: grant, data: { level: 'NONE' } });
      try {
        const refused = await ask(i, veterans);
        expect(codeOf(refused)).toBe('FORBIDDEN');
        expect(refused.errors?.[0]?.message).toContain('dimensions.AGE_BAND');
        expect(refused.errors?.[0]?.message).toContain('Resident.age');
      } finally {
        await t.hub.prisma.fieldGrant.update({ where: grant, data: { level: 'FULL' } });
      }
      const task = await t.hub.prisma.task.findFirstOrThrow({
        where: { section: { code: 'veterans' }, NOT: { datasets: { has: 'HOTLINE_CASES' } } },
      });
      const outside = await ask(
        { dataset: 'HOTLINE_CASES', dimensions: ['COMMUNITY'], measures: ['COUNT'] },
        { section: 'veterans', purpose: task.code },
      );
      expect(codeOf(outside)).toBe('FORBIDDEN');
      expect(outside.errors?.[0]?.message).toContain('HOTLINE_CASES');
    });

    it('keeps a committee to its own community in every dataset', async () => {
      const own = d.people.filter((p) => p.communityId === committee.communityId);
      const expected = {
        HOUSEHOLDS: d.homes.filter((h) => h.communityId === committee.communityId).length,
        SERVICE_RECORDS: d.visits.filter((v) => v.communityId === committee.communityId).length,
        HOTLINE_CASES: d.cases.filter((c) => c.communityId === committee.communityId).length,
      };
      for (const [dataset, count] of Object.entries(expected)) {
        const res = await ask(
          { dataset, dimensions: ['COMMUNITY'], measures: ['COUNT'] },
          await callerFor(t, committee.section, dataset),
        );
        expect(res.errors, dataset).toBeUndefined();
        const rows = res.data!.report.rows;
        expect(rows.length, dataset).toBeLessThanOrEqual(1);
        expect(
          rows.map((r) => r.values),
          dataset,
        ).toEqual(count === 0 ? [] : [[own[0]!.community, count]]);
      }
    });

    it("protects service-record reports: counts perturbed by their contributors' keys, cells serving fewer than k people withheld", async () => {
      const population = await callerFor(t, 'population', 'SERVICE_RECORDS', ['Resident.age']);
      const res = await ask(
        {
          dataset: 'SERVICE_RECORDS',
          dimensions: ['COMMUNITY', 'AGE_BAND'],
          measures: ['COUNT', 'DISTINCT_RESIDENTS'],
          totals: true,
        },
        population,
      );
      expect(res.errors).toBeUndefined();
      const report = res.data!.report;
      expect(report).toMatchObject({ suppressionK: K, perturbed: true });
      const person = (v: Visit): Unit => ({ id: v.person.id, key: v.person.key });
      // The size is people served, not records: a cell of many visits to few people is still small.
      const expected = expectedProtected(d.visits, {
        dims: [(v) => v.community, (v) => v.person.band],
        attributes: [false, true],
        size: (vs) => vs.map(person),
        measures: [
          { count: (vs) => vs.map((v) => ({ id: v.id, key: v.key })) },
          { count: (vs) => vs.map(person) },
        ],
        totals: true,
      });
      expect(releasedRows(report.rows, 2)).toEqual(expected);
      expect(expected.size).toBeGreaterThan(5);
      const sizes = groupBy(d.visits, (v) => `${v.community}|${v.person.band}`);
      expect([...sizes.values()].some((vs) => distinct(vs.map((v) => v.person.id)) < K)).toBe(true);
    });

    it('protects household reports (n counts households); hotline cases are exact', async () => {
      const population = await callerFor(t, 'population', 'HOUSEHOLDS', ['Resident.age']);
      const i = {
        dataset: 'HOUSEHOLDS',
        dimensions: ['COMMUNITY', 'HOUSEHOLD_SIZE'],
        measures: ['COUNT', 'DISTINCT_RESIDENTS'],
        totals: true,
        filter: { ageBands: ['AGE_60_69', 'AGE_70_79', 'AGE_80_PLUS'] },
      };
      const res = await ask(i, population);
      expect(res.errors).toBeUndefined();
      const kept = d.homes.filter((h) =>
        h.bands.some((b) => ['60-69', '70-79', '80+'].includes(b)),
      );
      const expected = expectedProtected(kept, {
        dims: [(h) => h.community, (h) => h.size],
        attributes: [false, true],
        size: (hs) => hs.map((h) => ({ id: h.id, key: h.key })),
        measures: [
          { count: (hs) => hs.map((h) => ({ id: h.id, key: h.key })) },
          { count: (hs) => hs.flatMap((h) => h.memberKeys) },
        ],
        totals: true,
      });
      expect(releasedRows(res.data!.report.rows, 2)).toEqual(expected);
      expect(expected.size).toBeGreaterThan(2);
      const hotline = await ask(
        {
          dataset: 'HOTLINE_CASES',
          dimensions: ['COMMUNITY', 'HOTLINE_CATEGORY'],
          measures: ['COUNT'],
        },
        await callerFor(t, 'population', 'HOTLINE_CASES'),
      );
      expect(hotline.data!.report).toMatchObject({
        suppressionK: null,
        suppressedCells: 0,
        perturbed: false,
      });
    });
  },
);
