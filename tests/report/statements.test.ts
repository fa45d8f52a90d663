import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { testDatabaseKinds } from '../support/databases.js';
import { type Caller, startTestHub, type TestHub } from '../support/hub.js';
import { callerFor, committeeOf } from './callers.js';
import { reportQuery, seedReports } from './fixtures.js';

/**
 * SQL statements per report request: the GROUP BY statement, the ledger entry (its coverage
 * computed inside the INSERT) and the audit event, besides authentication and grants. The tag
 * list is read only when a TAG dimension or a tags filter needs it.
 */
describe.each(testDatabaseKinds())('SQL statements per report request (%s)', (kind) => {
  let t: TestHub;
  let civil: Caller;
  const benchReport = {
    dataset: 'RESIDENTS',
    dimensions: ['COMMUNITY', 'AGE_BAND'],
    measures: ['COUNT'],
  };
  const statementsOf = (i: Record<string, unknown>, caller: Caller) =>
    t.countStatements(async () => {
      const res = await t.gql(reportQuery, { i }, caller);
      expect(res.errors).toBeUndefined();
    });
  const tagReads = (sql: string[]) => sql.filter((s) => s.includes('"public"."tag"'));
  const latestCoverage = async () =>
    (await t.hub.prisma.burdenEntry.findFirstOrThrow({ orderBy: { id: 'desc' } })).communityIds;

  beforeAll(async () => {
    t = await startTestHub(kind, seedReports());
    civil = await callerFor(t, 'civil-affairs', 'RESIDENTS', ['Resident.age']);
  }, 180_000);
  afterAll(() => t?.close());

  it('sends the community × age-band report without a tag or community read', async () => {
    await statementsOf(benchReport, civil); // warms the server's caches, as a benchmark's first request does
    const sql = await statementsOf(benchReport, civil);
    expect(tagReads(sql)).toEqual([]);
    expect(sql.filter((s) => /FROM "public"\."community"/.test(s))).toEqual([]);
    expect(sql.filter((s) => s.includes('GROUP BY'))).toHaveLength(1);
    expect(sql.filter((s) => s.includes('INSERT INTO burden_entry'))).toHaveLength(1);
    // Besides what every request of this caller costs (authentication, grants): the report, the ledger, the audit event.
    const baseline = await t.countStatements(() => t.gql('{ __typename }', {}, civil));
    console.info(
      `[statements] report request: ${sql.length}, of which every request: ${baseline.length}`,
    );
    expect(sql.length - baseline.length).toBeLessThanOrEqual(3);
    const all = await t.hub.prisma.community.findMany({
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    expect(await latestCoverage()).toEqual(all.map((c) => c.id));
  });

  it('reads the tag list once for a tags filter or a TAG dimension', async () => {
    expect(
      tagReads(await statementsOf({ ...benchReport, filter: { tags: ['VETERAN'] } }, civil)),
    ).toHaveLength(1);
    expect(
      tagReads(await statementsOf({ ...benchReport, dimensions: ['TAG'] }, civil)),
    ).toHaveLength(1);
  });

  it('records the coverage of the jurisdiction narrowed by the filters', async () => {
    const communities = await t.hub.prisma.community.findMany({ orderBy: { id: 'asc' }, take: 3 });
    const ids = communities.map((c) => encodeGlobalID('Community', String(c.id)));
    await statementsOf({ ...benchReport, filter: { communities: [ids[2], ids[0]] } }, civil);
    expect(await latestCoverage()).toEqual([communities[0]!.id, communities[2]!.id]);
    const committee = await committeeOf(t);
    const own = await callerFor(t, committee.section, 'RESIDENTS');
    await statementsOf(
      { dataset: 'RESIDENTS', dimensions: ['COMMUNITY'], measures: ['COUNT'] },
      own,
    );
    expect(await latestCoverage()).toEqual([committee.communityId]);
    const other = communities.find((c) => c.id !== committee.communityId)!;
    await statementsOf(
      {
        dataset: 'RESIDENTS',
        dimensions: ['COMMUNITY'],
        measures: ['COUNT'],
        filter: { communities: [encodeGlobalID('Community', String(other.id))] },
      },
      own,
    );
    expect(await latestCoverage()).toEqual([]);
  });
});
