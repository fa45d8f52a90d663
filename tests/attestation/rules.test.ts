import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { idNumberOf, insertScenario, tasks } from '../support/scenario.js';
import { attest, useTestKeys } from './support.js';

/** Who may attest what: a purpose of the section, the task's fields, the grants; audit and ledger. */
describe.each(testDatabaseKinds())('attestation rules (%s)', (kind) => {
  let t: TestHub;
  beforeAll(async () => {
    await useTestKeys();
    t = await startTestHub(kind, async (hub) => void (await insertScenario(hub.prisma)));
  });
  afterAll(() => t?.close());

  it('needs a purpose the section owns or assists, matching X-Purpose when sent', async () => {
    const id = idNumberOf('zhangWei');
    const notTheirs = await attest(
      t,
      { claim: 'ALIVE', idNumber: id, purpose: tasks.epidemic },
      { section: 'civil-affairs', purpose: null },
    );
    expect(notTheirs.errors?.[0]?.extensions).toMatchObject({
      code: 'PURPOSE_NOT_ALLOWED',
      rule: 'TASK_LIST',
    });
    const mismatch = await attest(
      t,
      { claim: 'ALIVE', idNumber: id, purpose: tasks.population },
      { section: 'health', purpose: tasks.epidemic },
    );
    expect(mismatch.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.purpose',
    });
    const ok = await attest(
      t,
      { claim: 'ALIVE', idNumber: id, purpose: tasks.epidemic },
      { section: 'health', purpose: tasks.epidemic },
    );
    expect(ok.data?.attest?.answer).toBe('TRUE');
  });

  it('HAS_TAG on a sensitive tag only for sections entitled to it, and within the task fields', async () => {
    const id = idNumberOf('wangXiuying');
    const housing = await attest(
      t,
      { claim: 'HAS_TAG', idNumber: id, argument: 'ELDERLY_ALONE' },
      { section: 'housing', purpose: tasks.population },
    );
    expect(housing.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'GRANT' });
    const civil = await attest(
      t,
      { claim: 'HAS_TAG', idNumber: id, argument: 'ELDERLY_ALONE' },
      { section: 'civil-affairs', purpose: tasks.population },
    );
    expect(civil.data?.attest?.answer).toBe('TRUE');
    // health holds DISABILITY in full, but task T2026-002 does not list Tag.DISABILITY.
    const outside = await attest(
      t,
      { claim: 'HAS_TAG', idNumber: id, argument: 'DISABILITY' },
      { section: 'health', purpose: tasks.epidemic },
    );
    expect(outside.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      rule: 'TASK_FIELDS',
    });
    // A non-sensitive tag needs no grant.
    const veteran = await attest(
      t,
      { claim: 'HAS_TAG', idNumber: id, argument: 'VETERAN' },
      { section: 'housing', purpose: tasks.population },
    );
    expect(veteran.data?.attest?.answer).toBe('FALSE');
  });

  it('needs a grant on where people live for residence claims', async () => {
    const admin = await attest(
      t,
      { claim: 'LIVES_ALONE', idNumber: idNumberOf('wangXiuying') },
      { section: 'auditor', purpose: tasks.population },
    );
    expect(admin.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'GRANT' });
    expect(admin.data?.attest ?? null).toBeNull();
  });

  it('audits every attestation and records it in the burden ledger', async () => {
    const before = await t.hub.prisma.burdenEntry.count({ where: { kind: 'ATTESTATION' } });
    const res = await attest(
      t,
      { claim: 'LIVES_ALONE', idNumber: idNumberOf('wangXiuying') },
      { section: 'civil-affairs', purpose: tasks.population },
    );
    expect(res.errors).toBeUndefined();
    const entries = await t.hub.prisma.burdenEntry.findMany({
      where: { kind: 'ATTESTATION' },
      orderBy: { id: 'desc' },
    });
    expect(entries.length).toBe(before + 1);
    // Not the subject's community: the ledger must not say where an ID number lives (ledger.test.ts).
    expect(entries[0]).toMatchObject({ dataset: 'LIVES_ALONE', communityIds: [] });
    const resident = await t.hub.prisma.resident.findUniqueOrThrow({
      where: { idNumber: idNumberOf('wangXiuying') },
    });
    const event = await t.hub.prisma.auditEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(event).toMatchObject({
      sectionCode: 'civil-affairs',
      purpose: tasks.population,
      outcome: 'OK',
    });
    expect(event.fields).toContain('Attestation.LIVES_ALONE');
    expect(event.residentIds).toEqual([resident.id]);
    // An ID not on record: counted the same way.
    await attest(
      t,
      { claim: 'ALIVE', idNumber: '310106199001010014' },
      { section: 'civil-affairs', purpose: tasks.population },
    );
    expect(
      (await t.hub.prisma.burdenEntry.findFirstOrThrow({ orderBy: { id: 'desc' } })).communityIds,
    ).toEqual([]);
  });
});
