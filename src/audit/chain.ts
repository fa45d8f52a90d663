import { createHash } from 'node:crypto';
import type { PrismaClient } from '../db/client.js';
import type { AuditEvent, AuditOutcome } from '../generated/prisma/client.js';

/** prevHash of the first event. */
export const genesisHash = '0'.repeat(64);

export interface AuditEventInput {
  principal: string;
  sectionCode: string;
  purpose: string | null;
  operationName: string | null;
  /** HMAC-SHA256 (hex) of the query document under the audit key (src/audit/key.ts); never of the variables. */
  operationHash: string;
  fields: readonly string[];
  residentIds: readonly number[];
  outcome: AuditOutcome;
  /** Defaults to the moment the chain lock is held, so `at` never decreases along the chain. */
  at?: Date;
}

/** The hashed content of an event: exactly what is stored, nothing the database assigns. */
type Hashed = Pick<
  AuditEvent,
  'at' | 'principal' | 'sectionCode' | 'purpose' | 'operationName' | 'operationHash' | 'fields' | 'residentIds' | 'outcome' | 'prevHash'
>;

/** Clips to `max` characters (code points, as VARCHAR(n) counts them; never half a surrogate pair). */
const clip = (value: string, max: number) => (value.length > max ? Array.from(value).slice(0, max).join('') : value);
const clipOrNull = (value: string | null, max: number) => (value === null ? null : clip(value, max));

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

/**
 * Appends one event to the hash chain with one statement: the database function
 * `append_audit_event` (migration 20261127233000) takes the chain's advisory lock, reads the head,
 * hashes as auditEventHash does and inserts, so every server process on one PostgreSQL queues on
 * the lock for the length of one INSERT. Values are normalised here to what the columns store
 * (lengths clipped, arrays de-duplicated and sorted, time truncated to ms) so the hash survives
 * the round trip; `verifyAuditChain` recomputes every hash in JavaScript.
 */
export async function appendAuditEvent(db: PrismaClient, event: AuditEventInput): Promise<AuditEvent> {
  const fields = [...new Set(event.fields)].sort();
  const residentIds = [...new Set(event.residentIds)].sort((a, b) => a - b);
  for (const id of residentIds) {
    if (!Number.isInteger(id) || id < -2147483648 || id > 2147483647) throw new RangeError('residentIds must be 32-bit integers');
  }
  if (!/^[0-9a-f]{64}$/.test(event.operationHash)) throw new RangeError('operationHash must be 64 lowercase hex digits');
  const data = {
    principal: clip(event.principal, 96),
    sectionCode: clip(event.sectionCode, 48),
    purpose: clipOrNull(event.purpose, 16),
    operationName: clipOrNull(event.operationName, 128),
    operationHash: event.operationHash,
    fields,
    residentIds,
    outcome: event.outcome,
  };
  // Without `at` the database stamps the event under the lock, so `at` never decreases along the chain.
  const at = event.at ? event.at.toISOString() : null;
  const [row] = await db.$queryRaw<Array<{ event_id: bigint; event_at: Date; event_prev_hash: string; event_hash: string }>>`
    SELECT * FROM append_audit_event(${at}::timestamp(3), ${data.principal}, ${data.sectionCode}, ${data.purpose},
      ${data.operationName}, ${data.operationHash}, ${fields}::text[], ${residentIds}::int[], ${data.outcome})`;
  if (!row) throw new Error('append_audit_event returned no row');
  return { id: row.event_id, at: row.event_at, ...data, prevHash: row.event_prev_hash, hash: row.event_hash };
}

export type ChainVerdict =
  | { ok: true; events: number }
  | { ok: false; events: number; brokenAt: string; reason: string };

/**
 * Walks the whole chain in id order, a batch at a time (constant memory for millions of events),
 * recomputing each hash and checking each link. `events` counts the events checked, up to and
 * including a broken one. A deleted event breaks the link of the event after it; a deleted
 * *last* event cannot be seen from the chain alone (compare with a published head hash).
 */
export async function verifyAuditChain(db: PrismaClient, batchSize = 1000): Promise<ChainVerdict> {
  let prevHash = genesisHash;
  let after: bigint | null = null;
  let events = 0;
  for (;;) {
    const batch: AuditEvent[] = await db.auditEvent.findMany({
      where: after === null ? {} : { id: { gt: after } },
      orderBy: { id: 'asc' },
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
      if (auditEventHash(event) !== event.hash) {
        return { ok: false, events, brokenAt, reason: 'hash does not match the event contents: the event was changed' };
      }
      prevHash = event.hash;
    }
    if (batch.length < batchSize) return { ok: true, events };
    after = batch[batch.length - 1]!.id;
  }
}
