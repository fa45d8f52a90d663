import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendAuditEvent,
  auditEventHash,
  type AuditEventInput,
  genesisHash,
  linkAuditEvents,
  verifyAuditChain,
} from '../../src/modules/audit/chain.js';
import { openHub, type Hub } from '../../src/db/open.js';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/databases.js';
import { tasks } from '../support/scenario.js';
import { linkerTag, settleAuditLinker } from '../../src/modules/audit/linker.js';

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

  /** The stored event once the linker has chained it. */
  async function chained(id: bigint) {
    await linkAuditEvents(hub.prisma);
    const e = await hub.prisma.auditEvent.findUniqueOrThrow({ where: { id } });
    if (e.seq === null || e.prevHash === null || e.hash === null) throw new Error('not linked');
    return { ...e, seq: e.seq, prevHash: e.prevHash, hash: e.hash };
  }
  /** Links what is waiting, then walks the chain (as `audit verify` does). */
  async function verified(batchSize?: number) {
    await linkAuditEvents(hub.prisma);
    return verifyAuditChain(hub.prisma, batchSize);
  }
  const unlinked = { seq: null, prevHash: null, hash: null };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    hub = await openHub(database.target);
  });
  afterAll(async () => {
    await hub?.close();
    await database?.drop();
  });

  it('verifies an empty chain', async () => {
    expect(await verifyAuditChain(hub.prisma)).toEqual({ ok: true, events: 0, unlinked: 0 });
  });

  it('commits appended events at once and links them from the genesis hash, normalising what it stores', async () => {
    const first = await appendAuditEvent(
      hub.prisma,
      event({ at: new Date('2026-11-27T08:09:10.123Z') }),
    );
    // Durable when the append settles; its place and hashes come from the linker.
    expect(first).toMatchObject(unlinked);
    const second = await appendAuditEvent(
      hub.prisma,
      event({
        fields: ['Resident.phone', 'Household.address', 'Resident.phone'],
        residentIds: [9, 3, 9],
        purpose: null,
        operationName: null,
      }),
    );
    const [a, b] = [await chained(first.id), await chained(second.id)];
    expect([a.seq, b.seq]).toEqual([1n, 2n]);
    expect(a.prevHash).toBe(genesisHash);
    expect(b.prevHash).toBe(a.hash);
    expect(b.fields).toEqual(['Household.address', 'Resident.phone']);
    expect(b.residentIds).toEqual([3, 9]);
    // The hash survives the database round trip (TIMESTAMP(3), arrays, nulls).
    expect(a.at.toISOString()).toBe('2026-11-27T08:09:10.123Z');
    expect(auditEventHash(a)).toBe(a.hash);
    expect(auditEventHash(b)).toBe(b.hash);
    expect(await verified()).toEqual({ ok: true, events: 2, unlinked: 0 });
  });

  it('counts events that wait for the linker, and links every one of them in one call', async () => {
    // The earlier tests' appends started background link runs; one still waiting for its delay
    // (longer on a loaded machine) would link these events too.
    await settleAuditLinker();
    // As inside an import's transaction: the append does not start the linker itself.
    const waiting = await Promise.all([
      appendAuditEvent(hub.prisma, event(), { inTransaction: true }),
      appendAuditEvent(hub.prisma, event(), { inTransaction: true }),
    ]);
    expect(await verifyAuditChain(hub.prisma)).toEqual({ ok: true, events: 2, unlinked: 2 });
    expect(await linkAuditEvents(hub.prisma)).toBe(2);
    expect(await verifyAuditChain(hub.prisma)).toEqual({ ok: true, events: 4, unlinked: 0 });
    expect((await chained(waiting[1]!.id)).seq).toBe(4n);
  });

  it('hashes in the database exactly as verify does in JavaScript, for awkward values', async () => {
    // link_audit_events hashes in SQL; verifyAuditChain re-hashes with auditEventHash. Both must
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
      const stored = await chained(appended.id);
      expect({ ...stored, ...unlinked }).toEqual(appended);
      expect(auditEventHash(stored)).toBe(stored.hash);
    }
    const clipped = await hub.prisma.auditEvent.findFirstOrThrow({ where: { outcome: 'ERROR' } });
    expect(Array.from(clipped.principal)).toHaveLength(96);
    expect(await verified()).toEqual({ ok: true, events: 9, unlinked: 0 });
  });

  it('keeps a valid chain under 20 concurrent appends, inserted in two statements (group commit)', async () => {
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
    expect(statements.filter((text) => text.includes('INSERT INTO "audit_event"'))).toHaveLength(2);
    // No append takes the chain's lock: only the linker does.
    expect(
      statements.filter(
        (text) => /advisory|link_audit_events/.test(text) && !text.startsWith(linkerTag),
      ),
    ).toEqual([]);
    // Each caller gets its own event, in the order it asked, and the chain keeps that order.
    expect(appended.map((e) => e.operationName)).toEqual(appended.map((_, i) => `Op${n - 19 + i}`));
    await linkAuditEvents(hub.prisma);
    const rows = await hub.prisma.auditEvent.findMany({
      where: { id: { in: appended.map((e) => e.id) } },
      orderBy: { seq: 'asc' },
    });
    expect(rows.map((e) => e.operationName)).toEqual(appended.map((e) => e.operationName));
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
      expect(rows[i]!.seq).toBe(rows[i - 1]!.seq! + 1n);
    }
    expect(await verified(7)).toEqual({ ok: true, events: 29, unlinked: 0 });
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
    expect(await verified()).toMatchObject({ ok: true, unlinked: 0 });
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
      expect(await verified()).toEqual({ ok: true, events: 60, unlinked: 0 });
    },
  );

  it.runIf(kind === 'postgres')(
    'links an event that commits after a later-inserted one was linked, after it: none is skipped',
    async () => {
      let late: bigint | undefined;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      // An event inserted first but committed last (a slow transaction), while others are linked.
      const slow = hub.prisma.$transaction(async (tx) => {
        late = (await appendAuditEvent(tx as typeof hub.prisma, event(), { inTransaction: true }))
          .id;
        await held;
      });
      while (late === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
      const early = await appendAuditEvent(hub.prisma, event());
      expect(early.id).toBeGreaterThan(late);
      const linkedEarly = await chained(early.id);
      release();
      await slow;
      const linkedLate = await chained(late);
      expect(linkedLate.seq).toBe(linkedEarly.seq + 1n);
      expect(linkedLate.prevHash).toBe(linkedEarly.hash);
      expect(await verified()).toEqual({ ok: true, events: 62, unlinked: 0 });
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
    // Linking happens once: a linked event cannot be given another place or hash, even by the owner.
    await expect(
      sql(`UPDATE audit_event SET seq = seq + 1000 WHERE id = (SELECT min(id) FROM audit_event)`),
    ).rejects.toThrow(/append-only/);
    // The hub role inserts contents only, never a place or a hash of its choosing.
    await expect(
      hub.prisma.$executeRawUnsafe(
        `INSERT INTO audit_event (principal, section_code, operation_hash, fields, resident_ids, outcome, seq, prev_hash, hash)
         VALUES ('x', 'x', repeat('a', 64), '{}', '{}', 'OK', 999999, repeat('0', 64), repeat('f', 64))`,
      ),
    ).rejects.toThrow(/permission denied/);
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
    expect((await verified()).ok).toBe(true);
  });

  it('names a changed event as the first broken link', async () => {
    const rows = await hub.prisma.auditEvent.findMany({
      orderBy: { seq: 'asc' },
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
        auditEventHash({ ...original, prevHash: original.prevHash!, fields: target.fields }),
        target.id,
      );
    });
    expect((await verifyAuditChain(hub.prisma)).ok).toBe(true);
  });

  it('notices a deleted event in the middle of the chain', async () => {
    const rows = await hub.prisma.auditEvent.findMany({
      orderBy: { seq: 'asc' },
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
      orderBy: { seq: 'asc' },
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
