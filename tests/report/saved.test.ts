import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { type Caller, startTestHub, type TestHub, codeOf } from '../support/hub.js';
import { callerFor } from './callers.js';
import {
  type Ran,
  type Reported,
  reportCallers,
  reportQuery,
  runQuery,
  type Saved,
  saveMutation,
  seedReports,
} from './fixtures.js';

const input = {
  dataset: 'RESIDENTS',
  dimensions: ['COMMUNITY', 'AGE_BAND'],
  measures: ['COUNT'],
  totals: true,
  filter: { ageBands: ['AGE_60_69', 'AGE_70_79', 'AGE_80_PLUS'], statuses: ['ACTIVE'] },
};

describe.each(testDatabaseKinds())('saved reports (%s)', (kind) => {
  let t: TestHub;
  let callers: Awaited<ReturnType<typeof reportCallers>>;
  let id: string;
  const save = (i: Record<string, unknown>, caller: Caller) =>
    t.gql<Saved>(saveMutation, { i }, caller);
  beforeAll(async () => {
    t = await startTestHub(kind, seedReports());
    callers = await reportCallers(t);
    const res = await save(
      {
        name: ' 老年人口年龄段 ',
        description: '每月',
        report: input,
        sharedWith: ['population', 'health'],
      },
      callers.health,
    );
    expect(res.errors).toBeUndefined();
    id = res.data!.saveReport.id;
  }, 120_000);
  afterAll(() => t?.close());

  it('keeps the input as a client writes it, so it can be sent back to report', async () => {
    const saved = (
      await t.gql<{ savedReport: { input: Record<string, unknown> } }>(
        `query($id: ID!) { savedReport(id: $id) { name description input owner { code } sharedWith { code } } }`,
        { id },
        callers.health,
      )
    ).data!.savedReport;
    expect(saved).toEqual({
      name: '老年人口年龄段',
      description: '每月',
      input,
      owner: { code: 'health' },
      sharedWith: [{ code: 'population' }],
    });
    const direct = await t.gql<Reported>(reportQuery, { i: saved.input }, callers.health);
    const run = await t.gql<Ran>(runQuery, { id }, callers.health);
    expect(run.errors).toBeUndefined();
    expect(run.data!.runReport).toEqual(direct.data!.report);
  });

  it('round-trips dates and dataset filters of a saved report', async () => {
    const report = {
      dataset: 'SERVICE_RECORDS',
      dimensions: ['SERVICE_KIND'],
      measures: ['COUNT'],
      filter: { from: '2025-01-01', to: '2025-12-31', serviceKinds: ['HOME_VISIT'] },
    };
    const caller = await callerFor(t, 'civil-affairs', 'SERVICE_RECORDS');
    const saved = await save({ name: '走访 2025', report }, caller);
    expect(saved.errors).toBeUndefined();
    expect(saved.data!.saveReport.input).toEqual(report);
    const run = await t.gql<Ran>(runQuery, { id: saved.data!.saveReport.id }, caller);
    expect(run.errors).toBeUndefined();
    expect(run.data!.runReport).toEqual(
      (await t.gql<Reported>(reportQuery, { i: report }, caller)).data!.report,
    );
  });

  it("runs with the runner's own grants: a shared section holding only AGGREGATE gets protected figures", async () => {
    const owner = (await t.gql<Ran>(runQuery, { id }, callers.health)).data!.runReport;
    const shared = await t.gql<Ran>(runQuery, { id }, callers.population);
    expect(shared.errors).toBeUndefined();
    expect(owner).toMatchObject({ suppressionK: null, perturbed: false });
    expect(shared.data!.runReport).toMatchObject({ suppressionK: 5, perturbed: true });
    // The same figures as the population section's own report of the same input.
    const input = (
      await t.gql<{ savedReport: { input: Record<string, unknown> } }>(
        `query($id: ID!) { savedReport(id: $id) { input } }`,
        { id },
        callers.population,
      )
    ).data!.savedReport.input;
    expect(shared.data!.runReport).toEqual(
      (await t.gql<Reported>(reportQuery, { i: input }, callers.population)).data!.report,
    );
    expect(shared.data!.runReport.rows.length).toBeLessThan(owner.rows.length);
    const noPurpose = await t.gql<Ran>(runQuery, { id }, { section: 'population' });
    expect(codeOf(noPurpose)).toBe('PURPOSE_REQUIRED');
  });

  it('is invisible to sections it is not shared with, through every entry point', async () => {
    const list = await t.gql<{ savedReports: unknown }>(
      `{ savedReports { id } }`,
      {},
      callers.veterans,
    );
    expect(list.data!.savedReports).toEqual([]);
    for (const query of [`query($id: ID!) { savedReport(id: $id) { id } }`, runQuery]) {
      const res = await t.gql(query, { id }, callers.veterans);
      expect(codeOf(res)).toBe('NOT_FOUND');
    }
    const node = await t.gql<{ node: unknown }>(
      `query($id: ID!) { node(id: $id) { id } }`,
      { id },
      callers.veterans,
    );
    expect(node.data?.node ?? null).toBeNull();
    const shared = await t.gql<{ savedReports: unknown }>(
      `{ savedReports { id owner { code } } }`,
      {},
      callers.population,
    );
    expect(shared.data!.savedReports).toEqual([{ id, owner: { code: 'health' } }]);
  });

  it('lets only the owner share or delete', async () => {
    const share = `mutation($id: ID!, $s: [String!]!) { shareReport(id: $id, sharedWith: $s) { sharedWith { code } } }`;
    const refused = await t.gql(share, { id, s: ['veterans'] }, callers.population);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    const del = `mutation($id: ID!) { deleteReport(id: $id) }`;
    expect(codeOf(await t.gql(del, { id }, callers.population))).toBe('FORBIDDEN');
    const other = (
      await save(
        {
          name: '临时',
          report: { dataset: 'RESIDENTS', dimensions: ['GENDER'], measures: ['COUNT'] },
        },
        callers.health,
      )
    ).data!.saveReport.id;
    expect(
      (
        await t.gql<{ shareReport: { sharedWith: unknown } }>(
          share,
          { id: other, s: ['veterans'] },
          callers.health,
        )
      ).data!.shareReport.sharedWith,
    ).toEqual([{ code: 'veterans' }]);
    expect(
      (await t.gql<{ savedReports: unknown }>(`{ savedReports { id } }`, {}, callers.veterans))
        .data!.savedReports,
    ).toEqual([{ id: other }]);
    expect(
      (await t.gql<{ deleteReport: string }>(del, { id: other }, callers.health)).data!
        .deleteReport,
    ).toBe(other);
    expect(
      (await t.gql<{ savedReports: unknown }>(`{ savedReports { id } }`, {}, callers.veterans))
        .data!.savedReports,
    ).toEqual([]);
  });

  it('refuses bad definitions with BAD_USER_INPUT and writes nothing', async () => {
    const before = await t.hub.prisma.savedReport.count();
    const cases = [
      { name: '', report: input },
      { name: 'x'.repeat(129), report: input },
      { name: 'ok', report: input, sharedWith: ['no-such-section'] },
      { name: 'ok', report: { ...input, dimensions: ['GENDER', 'GENDER'] } },
      { name: 'ok', report: { ...input, filter: { communities: ['not-an-id'] } } },
    ];
    for (const i of cases) {
      const res = await save(i, callers.health);
      expect(codeOf(res), JSON.stringify(i).slice(0, 80)).toBe('BAD_USER_INPUT');
    }
    expect(await t.hub.prisma.savedReport.count()).toBe(before);
  });

  it('records every run in the burden ledger with the saved report', async () => {
    const before = await t.hub.prisma.burdenEntry.count({
      where: { savedReportId: { not: null } },
    });
    await t.gql<Ran>(runQuery, { id }, callers.health);
    const entry = await t.hub.prisma.burdenEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
    const section = await t.hub.prisma.section.findUniqueOrThrow({ where: { code: 'health' } });
    expect(entry).toMatchObject({
      kind: 'REPORT_RUN',
      dataset: 'RESIDENTS',
      sectionId: section.id,
    });
    expect(entry.communityIds.length).toBe(await t.hub.prisma.community.count());
    expect(await t.hub.prisma.burdenEntry.count({ where: { savedReportId: { not: null } } })).toBe(
      before + 1,
    );
  });
});
