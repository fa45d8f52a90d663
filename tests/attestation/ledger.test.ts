import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { gid } from '../support/ids.js';
import { idNumberOf, insertScenario, type ScenarioIds, tasks } from '../support/scenario.js';
import { attest, strangerId, useTestKeys } from './support.js';

const summary = `{ burdenSummary(from: "2020-01-01", to: "2030-12-31") {
  byCommunity { community { code } counts { attestations } } } }`;
interface Summary {
  burdenSummary: {
    byCommunity: Array<{ community: { code: string }; counts: { attestations: number } }>;
  };
}

/**
 * The burden ledger must not say where an ID number lives: an entry names only what the request
 * itself says (the caller's own committee, the community or household it named), whatever the
 * answer, and never the community the records show for the subject.
 */
describe.each(testDatabaseKinds())('attestation ledger entries (%s)', (kind) => {
  let t: TestHub;
  let ids: ScenarioIds;
  beforeAll(async () => {
    await useTestKeys();
    t = await startTestHub(kind, async (hub) => void (ids = await insertScenario(hub.prisma)));
  });
  afterAll(() => t?.close());

  const civil = { section: 'civil-affairs', purpose: tasks.population };
  /** Attests, then returns the communities of the ledger entry it wrote. */
  const entryOf = async (claim: string, idNumber: string, argument?: string, caller = civil) => {
    const res = await attest(t, { claim, idNumber, argument }, caller);
    expect(res.errors, claim).toBeUndefined();
    const entry = await t.hub.prisma.burdenEntry.findFirstOrThrow({
      where: { kind: 'ATTESTATION' },
      orderBy: { id: 'desc' },
    });
    return { answer: res.data!.attest.answer, communities: entry.communityIds };
  };

  it('a FALSE answer records the community asked about, never the one the subject lives in', async () => {
    // zhangWei lives in c1. Before: the entry named c1, so burdenSummary showed where he lives.
    expect(
      await entryOf(
        'RESIDES_IN_COMMUNITY',
        idNumberOf('zhangWei'),
        gid('Community', ids.communities.c2),
      ),
    ).toEqual({ answer: 'FALSE', communities: [ids.communities.c2] });
    // Household h3 is in c2; the answer is FALSE for zhangWei, the entry names the household's community.
    expect(
      await entryOf(
        'HOUSEHOLD_MEMBER',
        idNumberOf('zhangWei'),
        gid('Household', ids.households.h3),
      ),
    ).toEqual({ answer: 'FALSE', communities: [ids.communities.c2] });
    // The same question about an ID not on record writes the very same entry.
    expect(
      await entryOf('RESIDES_IN_COMMUNITY', strangerId, gid('Community', ids.communities.c2)),
    ).toEqual({ answer: 'FALSE', communities: [ids.communities.c2] });
  });

  it('claims without a place record no community for a street or district section, whatever the answer', async () => {
    expect(await entryOf('LIVES_ALONE', idNumberOf('wangXiuying'))).toEqual({
      answer: 'TRUE',
      communities: [],
    });
    expect(await entryOf('LIVES_ALONE', idNumberOf('zhangWei'))).toEqual({
      answer: 'FALSE',
      communities: [],
    });
    expect(await entryOf('ALIVE', idNumberOf('chenJing'))).toEqual({
      answer: 'TRUE',
      communities: [],
    });
    expect(await entryOf('ALIVE', strangerId)).toEqual({ answer: 'UNKNOWN', communities: [] });
    const street = { section: 'street:310106001', purpose: tasks.population };
    expect(await entryOf('HAS_TAG', idNumberOf('wangXiuying'), 'ELDERLY_ALONE', street)).toEqual({
      answer: 'TRUE',
      communities: [],
    });
  });

  it('a committee records its own community, for any subject', async () => {
    const committee = { section: 'committee:310106001002', purpose: tasks.population };
    expect(await entryOf('ALIVE', idNumberOf('chenJing'), undefined, committee)).toEqual({
      answer: 'TRUE',
      communities: [ids.communities.c2],
    });
    expect(await entryOf('ALIVE', idNumberOf('zhangWei'), undefined, committee)).toEqual({
      answer: 'UNKNOWN',
      communities: [ids.communities.c2],
    });
  });

  it('burdenSummary shows no attestation in the community of a subject asked about elsewhere', async () => {
    const before = await t.gql<Summary>(summary, {}, { section: 'civil-affairs' });
    const c1 = (r: typeof before) =>
      r.data!.burdenSummary.byCommunity.find((x) => x.community.code === '310106001001');
    const count = c1(before)?.counts.attestations ?? 0;
    for (const claim of ['ALIVE', 'LIVES_ALONE'])
      await attest(t, { claim, idNumber: idNumberOf('wangXiuying') }, civil);
    await attest(
      t,
      {
        claim: 'RESIDES_IN_COMMUNITY',
        idNumber: idNumberOf('wangXiuying'),
        argument: gid('Community', ids.communities.c2),
      },
      civil,
    );
    const after = await t.gql<Summary>(summary, {}, { section: 'civil-affairs' });
    expect(after.errors).toBeUndefined();
    expect(c1(after)?.counts.attestations ?? 0).toBe(count);
  });
});
