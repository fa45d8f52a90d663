import { createHash } from 'node:crypto';
import type { PrismaClient } from '../../db/client.js';
import type { AuditEvent, AuditOutcome } from '../../generated/prisma/client.js';

/** prevHash of the first event. */
export const genesisHash = '0'.repeat(64);

export interface AuditEventInput {
  principal: string;
  sectionCode: string;
  purpose: string | null;
  operationName: string | null;
  /** HMAC-SHA256 (hex) of the query document under the audit key (src/modules/audit/key.ts); never of the variables. */
  operationHash: string;
  fields: readonly string[];
  residentIds: readonly number[];
  outcome: AuditOutcome;
  /** Defaults to the moment the event is inserted (so `at` may step back a few ms along the chain, where concurrent inserts are linked out of their clock order). */
  at?: Date;
}

/** The hashed content of an event: exactly what is stored, nothing the database assigns. */
export type Hashed = Pick<
  AuditEvent,
  | 'at'
  | 'principal'
  | 'sectionCode'
  | 'purpose'
  | 'operationName'
  | 'operationHash'
  | 'fields'
  | 'residentIds'
  | 'outcome'
> & { prevHash: string };

/**
 * SHA-256 over prevHash and a canonical serialisation: a JSON array in a fixed field order,
 * the timestamp as ISO 8601 with milliseconds (the column is TIMESTAMP(3)), the arrays in the
 * order they are stored (append sorts them once; verify hashes what the database holds).
 */
export function auditEventHash(event: Hashed): string {
  const canonical = JSON.stringify([
    event.at.toISOString(),
    event.principal,
    event.sectionCode,
    event.purpose,
    event.operationName,
    event.operationHash,
    event.fields,
    event.residentIds,
    event.outcome,
  ]);
  return createHash('sha256').update(`${event.prevHash}\n${canonical}`).digest('hex');
}

export { appendAuditEvent } from './append.js';

export { linkAuditEvents } from './linker.js';

/** `unlinked`: events committed but not yet in the chain when the walk ended (the linker's queue). */
export type ChainVerdict =
  | { ok: true; events: number; unlinked: number }
  | { ok: false; events: number; brokenAt: string; reason: string };

/**
 * Walks the whole chain in its order (seq), a batch at a time (constant memory for millions of
 * events), recomputing each hash and checking each link and each place (seq 1, 2, 3, … with no
 * gap). `events` counts the events checked, up to and including a broken one. A deleted event
 * breaks the link of the event after it; a deleted *last* event cannot be seen from the chain
 * alone (compare with a signed checkpoint). Events the linker has not reached yet are counted,
 * not checked: call linkAuditEvents first for a complete walk (`audit verify` does).
 */
export async function verifyAuditChain(db: PrismaClient, batchSize = 1000): Promise<ChainVerdict> {
  let prevHash = genesisHash;
  let after = 0n;
  let events = 0;
  for (;;) {
    const batch: AuditEvent[] = await db.auditEvent.findMany({
      where: { seq: { gt: after } },
      orderBy: { seq: 'asc' },
      take: batchSize,
    });
    for (const event of batch) {
      events += 1;
      const brokenAt = event.id.toString();
      if (event.prevHash !== prevHash) {
        const reason =
          prevHash === genesisHash
            ? 'the first event does not start from the genesis hash: earlier events are missing'
            : 'prev_hash does not match the event before it: an event was removed or changed';
        return { ok: false, events, brokenAt, reason };
      }
      if (event.seq !== after + 1n) {
        const reason = `its place is ${event.seq}, not ${after + 1n}: events were removed or inserted`;
        return { ok: false, events, brokenAt, reason };
      }
      if (event.hash === null || auditEventHash({ ...event, prevHash }) !== event.hash) {
        return {
          ok: false,
          events,
          brokenAt,
          reason: 'hash does not match the event contents: the event was changed',
        };
      }
      prevHash = event.hash;
      after = event.seq;
    }
    if (batch.length < batchSize) {
      const unlinked = await db.auditEvent.count({ where: { seq: null } });
      return { ok: true, events, unlinked };
    }
  }
}
