import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDate } from '../../src/modules/common/scalars.js';
import { testDatabaseKinds } from '../support/databases.js';
import { startTestHub, type TestHub, codeOf } from '../support/hub.js';
import { type ScenarioIds, insertScenario, tasks } from '../support/scenario.js';

const summary = `query($from: Date!, $to: Date!) { burdenSummary(from: $from, to: $to) {
  from to total { reports exports attestations committeeForms }
  bySection { section { code } counts { reports exports attestations committeeForms } }
  byCommunity { community { code } counts { reports exports attestations committeeForms } } } }`;
type Counts = { reports: number; exports: number; attestations: number; committeeForms: number };
interface Summary {
  burdenSummary: {
    from: string;
    to: string;
    total: Counts;
    bySection: Array<{ section: { code: string }; counts: Counts }>;
    byCommunity: Array<{ community: { code: string }; counts: Counts }>;
  };
}

const report = `query { report(input: { dataset: RESIDENTS, dimensions: [GENDER], measures: [COUNT] }) { suppressedCells } }`;

describe.each(testDatabaseKinds())('burden summary (%s)', (kind) => {
  let t: TestHub;
  let ids: ScenarioIds;
  const today = formatDate(new Date());
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => void (ids = await insertScenario(hub.prisma)));
  }, 120_000);
  afterAll(() => t?.close());

  it('counts report runs per section and per community covered, within the dates and the jurisdiction', async () => {
    const committee = { section: 'committee:310106001001', purpose: tasks.population };
    expect((await t.gql(report)).errors).toBeUndefined();
    expect((await t.gql(report)).errors).toBeUndefined();
    expect((await t.gql(report, {}, committee)).errors).toBeUndefined();
    const civil = await t.hub.prisma.section.findUniqueOrThrow({
      where: { code: 'civil-affairs' },
    });
    await t.hub.prisma.burdenEntry.create({
      data: {
        kind: 'ATTESTATION',
        sectionId: civil.id,
        dataset: 'LIVES_ALONE',
        communityIds: [ids.communities.c2],
      },
    });
    await t.hub.prisma.burdenEntry.create({
      data: {
        kind: 'EXPORT',
        sectionId: civil.id,
        dataset: 'RESIDENTS',
        communityIds: [ids.communities.c1],
        at: new Date('2020-01-01T00:00:00Z'),
      },
    });

    const district = await t.gql<Summary>(
      summary,
      { from: today, to: today },
      { section: 'admin' },
    );
    expect(district.errors).toBeUndefined();
    const s = district.data!.burdenSummary;
    expect(s.total).toEqual({ reports: 3, exports: 0, attestations: 1, committeeForms: 5 });
    const bySection = Object.fromEntries(s.bySection.map((r) => [r.section.code, r.counts]));
    expect(bySection).toEqual({
      'street:310106001': { reports: 2, exports: 0, attestations: 0, committeeForms: 4 },
      'committee:310106001001': { reports: 1, exports: 0, attestations: 0, committeeForms: 1 },
      'civil-affairs': { reports: 0, exports: 0, attestations: 1, committeeForms: 0 },
    });
    expect(s.byCommunity).toEqual([
      {
        community: { code: '310106001001' },
        counts: { reports: 3, exports: 0, attestations: 0, committeeForms: 3 },
      },
      {
        community: { code: '310106001002' },
        counts: { reports: 2, exports: 0, attestations: 1, committeeForms: 2 },
      },
    ]);

    const old = await t.gql<Summary>(
      summary,
      { from: '2020-01-01', to: '2020-01-01' },
      { section: 'admin' },
    );
    expect(old.data!.burdenSummary.total).toEqual({
      reports: 0,
      exports: 1,
      attestations: 0,
      committeeForms: 1,
    });

    const own = await t.gql<Summary>(
      summary,
      { from: today, to: today },
      { section: 'committee:310106001002' },
    );
    expect(own.data!.burdenSummary.byCommunity.map((r) => r.community.code)).toEqual([
      '310106001002',
    ]);
    expect(own.data!.burdenSummary.total).toEqual({
      reports: 2,
      exports: 0,
      attestations: 1,
      committeeForms: 4,
    });
  });

  it('refuses an inverted period', async () => {
    const res = await t.gql(summary, { from: today, to: '2020-01-01' }, { section: 'admin' });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
  });
});
