import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { startTestHub, type TestHub, codeOf } from '../support/hub.js';
import { gid } from '../support/ids.js';
import {
  idNumberOf,
  insertScenario,
  type ScenarioIds,
  sections,
  tasks,
} from '../support/scenario.js';
import { attest, strangerId, useTestKeys } from './support.js';

/**
 * Every claim on a subject for whom it holds, one for whom it does not, and an ID that is not on
 * record (or outside the caller's jurisdiction, which must look exactly the same).
 */
describe.each(testDatabaseKinds())('attestation claims (%s)', (kind) => {
  let t: TestHub;
  let ids: ScenarioIds;
  beforeAll(async () => {
    await useTestKeys();
    t = await startTestHub(kind, async (hub) => {
      ids = await insertScenario(hub.prisma);
      await hub.prisma.resident.update({
        where: { id: ids.residents.zhouLei },
        data: { status: 'DECEASED' },
      });
    });
  });
  afterAll(() => t?.close());

  const answer = async (
    claim: string,
    idNumber: string,
    argument?: string,
    caller?: { section: string; purpose: string },
  ) => {
    const res = await attest(t, { claim, idNumber, argument }, caller);
    expect(res.errors, `${claim}`).toBeUndefined();
    return res.data!.attest.answer;
  };

  it('RESIDES_IN_COMMUNITY: TRUE, FALSE, and FALSE for an ID not on record', async () => {
    const c1 = gid('Community', ids.communities.c1);
    expect(await answer('RESIDES_IN_COMMUNITY', idNumberOf('zhangWei'), c1)).toBe('TRUE');
    expect(await answer('RESIDES_IN_COMMUNITY', idNumberOf('chenJing'), c1)).toBe('FALSE');
    expect(await answer('RESIDES_IN_COMMUNITY', strangerId, c1)).toBe('FALSE');
    // A deceased resident no longer resides anywhere.
    expect(
      await answer(
        'RESIDES_IN_COMMUNITY',
        idNumberOf('zhouLei'),
        gid('Community', ids.communities.c2),
      ),
    ).toBe('FALSE');
  });

  it('HOUSEHOLD_MEMBER: TRUE, FALSE, FALSE for an ID not on record', async () => {
    const h1 = gid('Household', ids.households.h1);
    expect(await answer('HOUSEHOLD_MEMBER', idNumberOf('liFang'), h1)).toBe('TRUE');
    expect(await answer('HOUSEHOLD_MEMBER', idNumberOf('wangXiuying'), h1)).toBe('FALSE');
    expect(await answer('HOUSEHOLD_MEMBER', strangerId, h1)).toBe('FALSE');
  });

  it('HAS_TAG: TRUE, FALSE, FALSE for an ID not on record', async () => {
    expect(await answer('HAS_TAG', idNumberOf('wangXiuying'), 'ELDERLY_ALONE')).toBe('TRUE');
    expect(await answer('HAS_TAG', idNumberOf('zhangWei'), 'ELDERLY_ALONE')).toBe('FALSE');
    expect(await answer('HAS_TAG', strangerId, 'ELDERLY_ALONE')).toBe('FALSE');
  });

  it('LIVES_ALONE: TRUE, FALSE, UNKNOWN for an ID not on record', async () => {
    expect(await answer('LIVES_ALONE', idNumberOf('wangXiuying'))).toBe('TRUE');
    expect(await answer('LIVES_ALONE', idNumberOf('zhangWei'))).toBe('FALSE');
    expect(await answer('LIVES_ALONE', strangerId)).toBe('UNKNOWN');
    // After the household's other member died, chenJing's household still counts zhouXiaoming.
    expect(await answer('LIVES_ALONE', idNumberOf('chenJing'))).toBe('FALSE');
  });

  it('ALIVE: TRUE, FALSE for a deceased resident, UNKNOWN for an ID not on record', async () => {
    expect(await answer('ALIVE', idNumberOf('zhangWei'))).toBe('TRUE');
    expect(await answer('ALIVE', idNumberOf('zhouLei'))).toBe('FALSE');
    expect(await answer('ALIVE', strangerId)).toBe('UNKNOWN');
  });

  it('answers about a resident outside the jurisdiction exactly as about an ID not on record', async () => {
    const committee = { section: sections.c1, purpose: tasks.population };
    const c1 = gid('Community', ids.communities.c1);
    for (const [claim, argument] of [
      ['RESIDES_IN_COMMUNITY', c1],
      ['LIVES_ALONE', undefined],
      ['ALIVE', undefined],
      ['HAS_TAG', 'ELDERLY_ALONE'],
    ] as const) {
      const outside = await answer(claim, idNumberOf('chenJing'), argument, committee);
      expect(outside, claim).toBe(await answer(claim, strangerId, argument, committee));
    }
    // A community outside the jurisdiction is not found, whoever the subject is.
    const c2 = await attest(
      t,
      {
        claim: 'RESIDES_IN_COMMUNITY',
        idNumber: idNumberOf('chenJing'),
        argument: gid('Community', ids.communities.c2),
      },
      committee,
    );
    expect(codeOf(c2)).toBe('NOT_FOUND');
  });

  it('answers for a period: the claim must hold from asOf up to now', async () => {
    const c1 = gid('Community', ids.communities.c1);
    const res = (asOf: string) =>
      attest(t, {
        claim: 'RESIDES_IN_COMMUNITY',
        idNumber: idNumberOf('zhangWei'),
        argument: c1,
        asOf,
      });
    expect((await res('2015-01-01T00:00:00Z')).data!.attest).toMatchObject({
      answer: 'TRUE',
      asOf: '2015-01-01T00:00:00.000Z',
    });
    expect((await res('2009-01-01T00:00:00Z')).data!.attest.answer).toBe('FALSE'); // moved in 2010
    expect((await res('2099-01-01T00:00:00Z')).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.asOf',
    });
  });

  it('refuses bad input without echoing it', async () => {
    const bad = await attest(t, { claim: 'ALIVE', idNumber: '310106199001010011' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.subject.idNumber',
    });
    expect(JSON.stringify(bad.errors)).not.toContain('310106199001010011');
    const extra = await attest(t, { claim: 'ALIVE', idNumber: strangerId, argument: 'x' });
    expect(extra.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.argument',
    });
    const missing = await attest(t, { claim: 'HAS_TAG', idNumber: strangerId });
    expect(missing.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.argument',
    });
  });
});
