import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendAuditEvent,
  auditEventHash,
  type AuditEventInput,
  genesisHash,
  verifyAuditChain,
} from '../../src/modules/audit/chain.js';
import { openHub, type Hub } from '../../src/db/open.js';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/databases.js';
import { tasks } from '../support/scenario.js';

let n = 0;
function event(overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  n += 1;
  return {
    principal: `token:clerk${n}`,
    sectionCode: 'civil-affairs',
    purpose: tasks.population,
    operationName: `Op${n}`,
    operationHash: 'a'.repeat(64),
    fields: ['Resident.name', 'Resident.idNumber'],
    residentIds: [n + 2, n],
    outcome: 'OK',
    ...overrides,
  };
}

describe.each(testDatabaseKinds())('audit chain on %s', (kind) => {
  let database: TestDatabase;
  let hub: Hub;
  const sql = (text: string, ...values: unknown[]) => hub.asOwner(text, values);
  /** Runs `change` with the append-only triggers off, as a superuser attacker could. */
  async function tamper(change: () => Promise<unknown>) {
    await sql('ALTER TABLE audit_event DISABLE TRIGGER USER');
    try {
      await change();
    } finally {
      await sql('ALTER TABLE audit_event ENABLE TRIGGER USER');
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    hub = await openHub(database.target);
  });
  afterAll(async () => {
    await hub?.close();
    await database?.drop();
  });

  it('verifies an empty chain', async () => {
    expect(await verifyAuditChain(hub.prisma)).toEqual({ ok: true, events: 0 });
  });

  it('links appended events from the genesis hash and normalises what it stores', async () => {
    const first = await appendAuditEvent(
      hub.prisma,
      event({ at: new Date('2026-11-27T08:09:10.123Z') }),
    );
    expect(first.prevHash).toBe(genesisHash);
    const second = await appendAuditEvent(
      hub.prisma,
      event({
        fields: ['Resident.phone', 'Household.address', 'Resident.phone'],
        residentIds: [9, 3, 9],
        purpose: null,
        operationName: null,
      }),
    );
    expect(second.prevHash).toBe(first.hash);
    const stored = await hub.prisma.auditEvent.findUniqueOrThrow({ where: { id: second.id } });
    expect(stored.fields).toEqual(['Household.address', 'Resident.phone']);
    expect(stored.residentIds).toEqual([3, 9]);
    // The hash survives the database round trip (TIMESTAMP(3), arrays, nulls).
    const reread = await hub.prisma.auditEvent.findUniqueOrThrow({ where: { id: first.id } });
    expect(reread.at.toISOString()).toBe('2026-11-27T08:09:10.123Z');
    expect(auditEventHash(reread)).toBe(first.hash);
    expect(auditEventHash(stored)).toBe(second.hash);
    expect(await verifyAuditChain(hub.prisma)).toEqual({ ok: true, events: 2 });
  });

  it('hashes in the database exactly as verify does in JavaScript, for awkward values', async () => {
    // append_audit_events hashes in SQL; verifyAuditChain re-hashes with auditEventHash. Both must
    // serialise quotes, backslashes, control characters, CJK, astral characters and nulls alike.
    const awkward = [
      event({
        principal: 'token:"quoted" \\back\\slash',
        operationName: 'a\b\f\n\r\t\u0001\u001f\u007f end',
      }),
      event({
        principal: 'apikey:王秀英的钥匙',
        sectionCode: '社区-c1',
        operationName: '😀 emoji \u2028 line separator </script>',
      }),
      event({ fields: [], residentIds: [], purpose: null, operationName: null, outcome: 'DENIED' }),
      event({
        fields: ['Tag.LIVES_ALONE', 'Resident.name'],
        residentIds: [2147483647, -2147483648, 0],
        outcome: 'PARTIAL',
      }),
      event({
        principal: '😀'.repeat(120),
        at: new Date('1999-12-31T23:59:59.999Z'),
        outcome: 'ERROR',
      }),
    ];
    for (const input of awkward) {
      const appended = await appendAuditEvent(hub.prisma, input);
      const stored = await hub.prisma.auditEvent.findUniqueOrThrow({ where: { id: appended.id } });
      expect(stored).toEqual(appended);
      expect(auditEventHash(stored)).toBe(appended.hash);
    }
    const clipped = await hub.prisma.auditEvent.findFirstOrThrow({ where: { outcome: 'ERROR' } });
    expect(Array.from(clipped.principal)).toHaveLength(96);
    expect(await verifyAuditChain(hub.prisma)).toEqual({ ok: true, events: 7 });
  });

  it('keeps a valid chain under 20 concurrent appends, committed in two statements (group commit)', async () => {
    const statements: string[] = [];
    const listener = (text: string) => void statements.push(text);
    hub.statements.add(listener);
    let appended;
    try {
      appended = await Promise.all(
        Array.from({ length: 20 }, () => appendAuditEvent(hub.prisma, event())),
      );
    } finally {
      hub.statements.delete(listener);
    }
    // The first event goes out alone at once; the 19 that arrive while it is in flight share the next statement.
    expect(statements.filter((text) => text.includes('append_audit_events'))).toHaveLength(2);
    // Each caller gets its own event, in the order it asked, linked one to the next.
    expect(appended.map((e) => e.operationName)).toEqual(appended.map((_, i) => `Op${n - 19 + i}`));
    for (let i = 1; i < appended.length; i++)
      expect(appended[i]!.prevHash).toBe(appended[i - 1]!.hash);
    expect(await verifyAuditChain(hub.prisma, 7)).toEqual({ ok: true, events: 27 });
  });

  it('fails every request of a batch whose statement fails, and appends none of them', async () => {
    const before = await hub.prisma.auditEvent.count();
    const bad = { ...event(), outcome: 'NOT_AN_OUTCOME' } as unknown as AuditEventInput;
    const results = await Promise.allSettled([
      appendAuditEvent(hub.prisma, event()),
      appendAuditEvent(hub.prisma, event()),
      appendAuditEvent(hub.prisma, bad),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(await hub.prisma.auditEvent.count()).toBe(before + 1);
    expect(await verifyAuditChain(hub.prisma)).toMatchObject({ ok: true });
  });

  it.runIf(kind === 'postgres')(
    'keeps a valid chain when two server processes append at once',
    async () => {
      const other = await openHub(database.target);
      try {
        const clients = [hub.prisma, other.prisma];
        await Promise.all(
          Array.from({ length: 30 }, (_, i) => appendAuditEvent(clients[i % 2]!, event())),
        );
      } finally {
        await other.close();
      }
      expect(await verifyAuditChain(hub.prisma)).toEqual({ ok: true, events: 58 });
    },
  );

  it('refuses UPDATE, DELETE and TRUNCATE on audit_event: the hub role has no right to, and the owner meets the triggers', async () => {
    const before = await hub.prisma.auditEvent.count();
    await expect(
      hub.prisma.auditEvent.updateMany({ data: { outcome: 'DENIED' } }),
    ).rejects.toThrow();
    await expect(
      hub.prisma.$executeRawUnsafe("UPDATE audit_event SET fields = '{}'"),
    ).rejects.toThrow(/permission denied/);
    await expect(
      sql(`UPDATE audit_event SET fields = '{}' WHERE id = (SELECT min(id) FROM audit_event)`),
    ).rejects.toThrow(/append-only/);
    await expect(hub.prisma.auditEvent.deleteMany({})).rejects.toThrow();
    await expect(hub.prisma.$executeRawUnsafe('DELETE FROM audit_event')).rejects.toThrow(
      /permission denied/,
    );
    await expect(hub.prisma.$executeRawUnsafe('TRUNCATE audit_event')).rejects.toThrow(
      /permission denied/,
    );
    await expect(sql('DELETE FROM audit_event')).rejects.toThrow(/append-only/);
    await expect(sql('TRUNCATE audit_event')).rejects.toThrow(/append-only/);
    expect(await hub.prisma.auditEvent.count()).toBe(before);
    expect((await verifyAuditChain(hub.prisma)).ok).toBe(true);
  });

  it('names a changed event as the first broken link', async () => {
    const rows = await hub.prisma.auditEvent.findMany({
      orderBy: { id: 'asc' },
      select: { id: true, fields: true },
    });
    const target = rows[5]!;
    await tamper(() =>
      sql(`UPDATE audit_event SET fields = ARRAY['Resident.name'] WHERE id = $1`, target.id),
    );
    const verdict = await verifyAuditChain(hub.prisma, 4);
    expect(verdict).toMatchObject({ ok: false, events: 6, brokenAt: target.id.toString() });
    expect(verdict.ok || verdict.reason).toMatch(/hash does not match/);
    // Re-hashing the changed event does not help: the link of the next one breaks.
    await tamper(() =>
      sql(`UPDATE audit_event SET hash = repeat('f', 64) WHERE id = $1`, target.id),
    );
    expect(await verifyAuditChain(hub.prisma)).toMatchObject({
      ok: false,
      brokenAt: target.id.toString(),
    });
    const original = await hub.prisma.auditEvent.findUniqueOrThrow({ where: { id: target.id } });
    await tamper(async () => {
      await sql(
        `UPDATE audit_event SET fields = $1, hash = $2 WHERE id = $3`,
        target.fields,
        auditEventHash({ ...original, fields: target.fields }),
        target.id,
      );
    });
    expect((await verifyAuditChain(hub.prisma)).ok).toBe(true);
  });

  it('notices a deleted event in the middle of the chain', async () => {
    const rows = await hub.prisma.auditEvent.findMany({
      orderBy: { id: 'asc' },
      select: { id: true },
    });
    const total = rows.length;
    await tamper(() => sql('DELETE FROM audit_event WHERE id = $1', rows[10]!.id));
    const verdict = await verifyAuditChain(hub.prisma, 3);
    expect(verdict).toMatchObject({ ok: false, events: 11, brokenAt: rows[11]!.id.toString() });
    expect(verdict.ok || verdict.reason).toMatch(/removed or changed/);
    expect(total).toBeGreaterThan(11);
  });

  it('notices that the first events were deleted', async () => {
    const first = await hub.prisma.auditEvent.findFirstOrThrow({
      orderBy: { id: 'asc' },
      select: { id: true },
    });
    await tamper(() => sql('DELETE FROM audit_event WHERE id = $1', first.id));
    expect(await verifyAuditChain(hub.prisma)).toMatchObject({
      ok: false,
      events: 1,
      reason: expect.stringMatching(/genesis/),
    });
  });
});
