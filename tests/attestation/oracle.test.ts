import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatIdNumber } from '../../src/modules/resident/id-number.js';
import { testDatabaseKinds } from '../support/databases.js';
import { startTestHub, type TestHub, codeOf } from '../support/hub.js';
import { idNumberOf, insertScenario } from '../support/scenario.js';
import { attest, useTestKeys } from './support.js';

const verify = `query($r: String!, $id: String) { verifyAttestation(reference: $r, idNumber: $id) { status subjectMatches } }`;
interface Verified {
  verifyAttestation: { status: string; subjectMatches: boolean | null };
}

/** Candidate ID numbers a holder of zhangWei's receipt might try: born 1950, other days. */
const candidates = Array.from({ length: 8 }, (_, i) =>
  formatIdNumber('310106', new Date(Date.UTC(1950, 0, 1 + i)), 11),
);

/** verifyAttestation with an ID number is an oracle on ID numbers: audited and counted. */
describe.each(testDatabaseKinds())('verifyAttestation as an oracle (%s)', (kind) => {
  let t: TestHub;
  beforeAll(async () => {
    await useTestKeys();
    t = await startTestHub(kind, async (hub) => void (await insertScenario(hub.prisma)));
  });
  afterAll(() => t?.close());
  afterEach(() => void delete process.env.ONETABLE_ATTEST_CHECK_IDS_PER_HOUR);

  const receipt = async () =>
    (await attest(t, { claim: 'ALIVE', idNumber: idNumberOf('zhangWei') })).data!.attest
      .reference as string;
  const check = (reference: string, id: string, user: string) =>
    t.gql<Verified>(verify, { r: reference, id }, { section: 'health', user });

  it('lets at most 3 distinct ID numbers ever be tried against one receipt (default), by anyone', async () => {
    const reference = await receipt();
    // Bound asserted: ONETABLE_ATTEST_CHECK_IDS_PER_REFERENCE = 3. Before, every candidate was answered.
    for (const [i, id] of candidates.slice(0, 3).entries()) {
      expect(
        (await check(reference, id, `verifier-${i}`)).data!.verifyAttestation.subjectMatches,
      ).toBe(false);
    }
    const refused = await check(reference, idNumberOf('zhangWei'), 'verifier-3');
    expect(refused.status).toBe(429);
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    expect(JSON.stringify(refused)).not.toContain('true');
    // A number already tried is not a new one; without an ID number the receipt still verifies.
    expect(
      (await check(reference, candidates[0]!, 'verifier-9')).data!.verifyAttestation.subjectMatches,
    ).toBe(false);
    expect(
      (await t.gql<Verified>(verify, { r: reference }, { section: 'health' })).data!
        .verifyAttestation,
    ).toEqual({ status: 'VALID', subjectMatches: null });
  });

  it('counts distinct ID numbers per principal per hour across receipts', async () => {
    process.env.ONETABLE_ATTEST_CHECK_IDS_PER_HOUR = '2';
    const [a, b] = [await receipt(), await receipt()];
    expect((await check(a, candidates[3]!, 'prober')).errors).toBeUndefined();
    expect((await check(b, candidates[4]!, 'prober')).errors).toBeUndefined();
    const refused = await check(b, candidates[5]!, 'prober');
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect((refused.errors?.[0]?.extensions as { retryAfter?: number }).retryAfter).toBeGreaterThan(
      3500,
    );
    expect((await check(b, candidates[4]!, 'prober')).errors).toBeUndefined();
    // The table holds digests only.
    expect(
      JSON.stringify(
        await t.hub.prisma.attestationCheck.findMany({
          select: { triedDigest: true, principal: true },
        }),
      ),
    ).not.toContain(candidates[3]);
  });

  it('audits every check with an ID number, naming the resident when on record', async () => {
    const reference = await receipt();
    const resident = await t.hub.prisma.resident.findUniqueOrThrow({
      where: { idNumber: idNumberOf('zhangWei') },
    });
    expect(
      (await check(reference, idNumberOf('zhangWei'), 'auditee')).data!.verifyAttestation
        .subjectMatches,
    ).toBe(true);
    const event = await t.hub.prisma.auditEvent.findFirstOrThrow({
      where: { principal: 'token:auditee' },
      orderBy: { id: 'desc' },
    });
    expect(event.fields).toContain('AttestationVerification.subjectMatches');
    expect(event.residentIds).toEqual([resident.id]);
    // Refused checks are audited too; a check without an ID number is not personal.
    process.env.ONETABLE_ATTEST_CHECK_IDS_PER_HOUR = '1';
    await check(reference, candidates[6]!, 'auditee');
    expect(await t.hub.prisma.auditEvent.count({ where: { principal: 'token:auditee' } })).toBe(2);
  });
});
