import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatIdNumber, parseIdNumber } from '../../src/modules/resident/id-number.js';
import { testDatabaseKinds } from '../support/databases.js';
import { startTestHub, type TestHub, codeOf } from '../support/hub.js';
import { gid } from '../support/ids.js';
import { idNumberOf, insertScenario, type ScenarioIds, tasks } from '../support/scenario.js';
import { attest, useTestKeys } from './support.js';

/** Distinct valid ID numbers nobody in the scenario has: what an enumerator would try. */
const guesses = Array.from({ length: 6 }, (_, i) =>
  formatIdNumber('310106', new Date(Date.UTC(1960, 0, 1 + i)), 100 + i),
);

/** Enumeration limits, counted from the attestation table (so they hold across replicas). */
describe.each(testDatabaseKinds())('attestation limits (%s)', (kind) => {
  let t: TestHub;
  let ids: ScenarioIds;
  beforeAll(async () => {
    await useTestKeys();
    t = await startTestHub(kind, async (hub) => void (ids = await insertScenario(hub.prisma)));
  });
  afterAll(() => t?.close());
  afterEach(() => {
    delete process.env.ONETABLE_ATTEST_SUBJECTS_PER_HOUR;
    delete process.env.ONETABLE_ATTEST_PER_SUBJECT_PER_HOUR;
    delete process.env.ONETABLE_ATTEST_SECTION_SUBJECTS_PER_HOUR;
    delete process.env.ONETABLE_ATTEST_PER_ARGUMENT_PER_HOUR;
  });

  const as = (user: string) => ({ section: 'street:310106001', purpose: tasks.population, user });

  it('allows N distinct subjects per hour per principal, then answers RATE_LIMITED with retry-after', async () => {
    process.env.ONETABLE_ATTEST_SUBJECTS_PER_HOUR = '3';
    for (const id of guesses.slice(0, 3))
      expect(
        (await attest(t, { claim: 'ALIVE', idNumber: id }, as('enumerator'))).errors,
      ).toBeUndefined();
    const refused = await attest(t, { claim: 'ALIVE', idNumber: guesses[3]! }, as('enumerator'));
    expect(refused.status).toBe(429);
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    const retryAfter = (refused.errors?.[0]?.extensions as { retryAfter?: number }).retryAfter ?? 0;
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.data?.attest ?? null).toBeNull();
    // A subject already counted this hour is not a new one; another principal has its own count.
    expect(
      (await attest(t, { claim: 'LIVES_ALONE', idNumber: guesses[0]! }, as('enumerator'))).errors,
    ).toBeUndefined();
    expect(
      (await attest(t, { claim: 'ALIVE', idNumber: guesses[3]! }, as('colleague'))).errors,
    ).toBeUndefined();
    expect(await t.hub.prisma.attestation.count({ where: { principal: 'token:enumerator' } })).toBe(
      4,
    );
  });

  it('sends Retry-After as an HTTP header', async () => {
    process.env.ONETABLE_ATTEST_SUBJECTS_PER_HOUR = '1';
    await attest(t, { claim: 'ALIVE', idNumber: guesses[0]! }, as('header-check'));
    const res = await fetch(t.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await t.token(as('header-check'))}`,
        'x-purpose': tasks.population,
      },
      body: JSON.stringify({
        query: 'mutation($i: AttestInput!) { attest(input: $i) { answer } }',
        variables: {
          i: { claim: 'ALIVE', subject: { idNumber: guesses[1] }, purpose: tasks.population },
        },
      }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('counts from the table: an hour later the places are free again', async () => {
    process.env.ONETABLE_ATTEST_SUBJECTS_PER_HOUR = '2';
    for (const id of guesses.slice(0, 2))
      await attest(t, { claim: 'ALIVE', idNumber: id }, as('patient'));
    expect(
      (await attest(t, { claim: 'ALIVE', idNumber: guesses[2]! }, as('patient'))).errors?.[0]
        ?.extensions?.code,
    ).toBe('RATE_LIMITED');
    await t.hub.prisma.attestation.updateMany({
      where: { principal: 'token:patient' },
      data: { issuedAt: new Date(Date.now() - 3_601_000) },
    });
    expect(
      (await attest(t, { claim: 'ALIVE', idNumber: guesses[2]! }, as('patient'))).errors,
    ).toBeUndefined();
  });

  it('limits attestations about one subject, so a person cannot be located by trying every community', async () => {
    process.env.ONETABLE_ATTEST_PER_SUBJECT_PER_HOUR = '2';
    const id = idNumberOf('zhangWei');
    expect(
      (await attest(t, { claim: 'ALIVE', idNumber: id }, as('locator'))).errors,
    ).toBeUndefined();
    expect(
      (await attest(t, { claim: 'LIVES_ALONE', idNumber: id }, as('locator'))).errors,
    ).toBeUndefined();
    expect(
      (await attest(t, { claim: 'ALIVE', idNumber: id }, as('locator'))).errors?.[0]?.extensions
        ?.code,
    ).toBe('RATE_LIMITED');
  });

  it('limits distinct subjects per section across its principals', async () => {
    process.env.ONETABLE_ATTEST_SECTION_SUBJECTS_PER_HOUR = '2';
    const section = (user: string) => ({
      section: 'committee:310106001001',
      purpose: tasks.population,
      user,
    });
    expect(
      (await attest(t, { claim: 'ALIVE', idNumber: guesses[4]! }, section('a'))).errors,
    ).toBeUndefined();
    expect(
      (await attest(t, { claim: 'ALIVE', idNumber: guesses[5]! }, section('b'))).errors,
    ).toBeUndefined();
    expect(
      (await attest(t, { claim: 'ALIVE', idNumber: guesses[0]! }, section('c'))).errors?.[0]
        ?.extensions?.code,
    ).toBe('RATE_LIMITED');
    expect(
      (await attest(t, { claim: 'LIVES_ALONE', idNumber: guesses[4]! }, section('c'))).errors,
    ).toBeUndefined();
  });

  it("limits attestations about one household, so its members' ID numbers cannot be enumerated", async () => {
    // The attack: the former masks showed 310106********022X-style IDs and the birth year, leaving
    // ~33 candidates (every day of the year whose check digit fits); HOUSEHOLD_MEMBER against the
    // household found the one answered TRUE. Candidates for liFang (born 1952, sequence 022), hers last.
    const real = idNumberOf('liFang');
    const candidates: string[] = [];
    for (let day = Date.UTC(1952, 0, 1); day < Date.UTC(1953, 0, 1); day += 86_400_000) {
      const id = formatIdNumber('310106', new Date(day), 22);
      if (id !== real && id.endsWith(real.slice(-4)) && parseIdNumber(id).ok) candidates.push(id);
    }
    candidates.push(real);
    expect(candidates.length).toBeGreaterThan(25);
    // Bound asserted: ONETABLE_ATTEST_PER_ARGUMENT_PER_HOUR defaults to 20 per principal and argument.
    const household = gid('Household', ids.households.h1);
    const prober = { section: 'housing', purpose: tasks.population, user: 'prober' };
    const answers: string[] = [];
    let refusedAt = -1;
    for (const [i, idNumber] of candidates.entries()) {
      const res = await attest(
        t,
        { claim: 'HOUSEHOLD_MEMBER', idNumber, argument: household },
        prober,
      );
      if (res.errors) {
        expect(res.errors[0]?.extensions?.code).toBe('RATE_LIMITED');
        refusedAt = i;
        break;
      }
      answers.push(res.data!.attest.answer);
    }
    expect(refusedAt).toBe(20);
    expect(answers).not.toContain('TRUE');
    // Another household is another argument.
    expect(
      (
        await attest(
          t,
          {
            claim: 'HOUSEHOLD_MEMBER',
            idNumber: real,
            argument: gid('Household', ids.households.h2),
          },
          prober,
        )
      ).errors,
    ).toBeUndefined();
  });

  it('limits attestations about one community per principal (ONETABLE_ATTEST_PER_ARGUMENT_PER_HOUR)', async () => {
    process.env.ONETABLE_ATTEST_PER_ARGUMENT_PER_HOUR = '2';
    const c1 = gid('Community', ids.communities.c1);
    const as2 = {
      section: 'street:310106001',
      purpose: tasks.population,
      user: 'community-prober',
    };
    for (const id of guesses.slice(0, 2))
      expect(
        (await attest(t, { claim: 'RESIDES_IN_COMMUNITY', idNumber: id, argument: c1 }, as2))
          .errors,
      ).toBeUndefined();
    const refused = await attest(
      t,
      { claim: 'RESIDES_IN_COMMUNITY', idNumber: guesses[2]!, argument: c1 },
      as2,
    );
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    expect(
      Number((refused.errors?.[0]?.extensions as { retryAfter?: number }).retryAfter),
    ).toBeGreaterThan(3500);
  });
});
