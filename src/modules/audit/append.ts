import type { PrismaClient } from '../../db/client.js';
import type { AuditEvent } from '../../generated/prisma/client.js';
import type { AuditEventInput } from './chain.js';
import { auditAppend, auditAppendEvents } from '../../telemetry/metrics.js';

/**
 * Appends audit events to the hash chain by group commit: one statement, the database function
 * `append_audit_events` (migration audit_group_commit), takes the chain's advisory lock once,
 * reads the head, hashes and inserts a batch in order, and commits once. An event goes out at
 * once when no batch is in flight; events arriving meanwhile wait for it and go out together as
 * the next batch. So one request alone pays what it paid before, and concurrent requests share a
 * commit's flush instead of queuing on the lock one flush each. Each caller's promise settles
 * when its own batch has committed: no personal read is answered before its event is durable. A
 * failed batch fails every request in it.
 *
 * Values are normalised here to what the columns store (lengths clipped, arrays de-duplicated and
 * sorted, time truncated to ms) so the hash survives the round trip; `verifyAuditChain` recomputes
 * every hash in JavaScript.
 */
const maxBatch = 256;

/** Clips to `max` characters (code points, as VARCHAR(n) counts them; never half a surrogate pair). */
const clip = (value: string, max: number) =>
  value.length > max ? Array.from(value).slice(0, max).join('') : value;
const clipOrNull = (value: string | null, max: number) =>
  value === null ? null : clip(value, max);

type Normalised = Omit<AuditEvent, 'id' | 'at' | 'prevHash' | 'hash'> & { at: string | null };
interface Pending {
  event: Normalised;
  resolve: (event: AuditEvent) => void;
  reject: (error: unknown) => void;
}
interface Row {
  event_ord: bigint;
  event_id: bigint;
  event_at: Date;
  event_prev_hash: string;
  event_hash: string;
}

function normalise(event: AuditEventInput): Normalised {
  const residentIds = [...new Set(event.residentIds)].sort((a, b) => a - b);
  for (const id of residentIds) {
    if (!Number.isInteger(id) || id < -2147483648 || id > 2147483647)
      throw new RangeError('residentIds must be 32-bit integers');
  }
  if (!/^[0-9a-f]{64}$/.test(event.operationHash))
    throw new RangeError('operationHash must be 64 lowercase hex digits');
  return {
    // Without `at` the database stamps the event under the lock, so `at` never decreases along the chain.
    at: event.at ? event.at.toISOString() : null,
    principal: clip(event.principal, 96),
    sectionCode: clip(event.sectionCode, 48),
    purpose: clipOrNull(event.purpose, 16),
    operationName: clipOrNull(event.operationName, 128),
    operationHash: event.operationHash,
    fields: [...new Set(event.fields)].sort(),
    residentIds,
    outcome: event.outcome,
  };
}

class Appender {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly db: PrismaClient) {}

  append(event: Normalised): Promise<AuditEvent> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, maxBatch);
        const timer = auditAppend.startTimer();
        try {
          const rows = await this.db.$queryRaw<
            Row[]
          >`SELECT * FROM append_audit_events(${JSON.stringify(batch.map((p) => p.event))}::jsonb)`;
          if (rows.length !== batch.length)
            throw new Error(
              `append_audit_events returned ${rows.length} rows for ${batch.length} events`,
            );
          timer();
          auditAppendEvents.inc(rows.length);
          for (const row of rows) {
            const pending = batch[Number(row.event_ord) - 1]!;
            const { at: _at, ...data } = pending.event;
            pending.resolve({
              id: row.event_id,
              at: row.event_at,
              ...data,
              prevHash: row.event_prev_hash,
              hash: row.event_hash,
            });
          }
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

const appenders = new WeakMap<PrismaClient, Appender>();

/** Appends one event; it shares a statement and a commit with the events of concurrent requests. */
export function appendAuditEvent(db: PrismaClient, event: AuditEventInput): Promise<AuditEvent> {
  let appender = appenders.get(db);
  if (!appender) appenders.set(db, (appender = new Appender(db)));
  try {
    return appender.append(normalise(event));
  } catch (error) {
    return Promise.reject(error);
  }
}
