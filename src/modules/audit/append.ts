import type { PrismaClient } from '../../db/client.js';
import type { AuditEvent } from '../../generated/prisma/client.js';
import type { AuditEventInput } from './chain.js';
import { auditAppend, auditAppendEvents, auditEventsInRead } from '../../telemetry/metrics.js';
import { kickAuditLinker } from './linker.js';

/**
 * Appends audit events by group commit, without the chain's lock: one INSERT writes a batch of
 * events and commits once. An event goes out at once when no batch is in flight; events arriving
 * meanwhile wait for it and go out together as the next batch. Each caller's promise settles when
 * its own batch has committed: no personal read is answered before its event is durable. A failed
 * batch fails every request in it. Concurrent inserts (of this and other processes) share
 * PostgreSQL's commit flushes; nothing holds a lock across one.
 *
 * The event is durable but not yet linked when the promise settles: the linker
 * (src/modules/audit/linker.ts), started right after the commit, gives it its place in the hash
 * chain (seq, prevHash, hash). The hub role may insert only the events' contents.
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

type Normalised = Omit<AuditEvent, 'id' | 'at' | 'seq' | 'prevHash' | 'hash'> & {
  at: string | null;
};
interface Pending {
  event: Normalised;
  resolve: (event: AuditEvent) => void;
  reject: (error: unknown) => void;
}
interface Row {
  id: bigint;
  at: Date;
}

/**
 * The batch's INSERT. Rows are inserted in the batch's order, so their ids (one sequence) ascend
 * in that order. Without `at` the event is stamped when inserted (ms, UTC, as the column stores).
 */
const insertSql = `INSERT INTO "audit_event" ("at", "principal", "section_code", "purpose", "operation_name",
    "operation_hash", "fields", "resident_ids", "outcome")
  SELECT coalesce(e."at", date_trunc('milliseconds', clock_timestamp() AT TIME ZONE 'UTC')), e."principal",
    e."sectionCode", e."purpose", e."operationName", e."operationHash", e."fields", e."residentIds",
    e."outcome"::"AuditOutcome"
  FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS ("at" TIMESTAMP(3), "principal" TEXT,
    "sectionCode" TEXT, "purpose" TEXT, "operationName" TEXT, "operationHash" TEXT, "fields" TEXT[],
    "residentIds" INTEGER[], "outcome" TEXT)) WITH ORDINALITY AS e("at", "principal", "sectionCode",
    "purpose", "operationName", "operationHash", "fields", "residentIds", "outcome", "ord")
  ORDER BY e."ord"
  RETURNING "id", "at"`;

export function normaliseAuditEvent(event: AuditEventInput): Normalised {
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

  constructor(
    private readonly db: PrismaClient,
    private readonly link: boolean,
  ) {}

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
          const rows = await this.db.$queryRawUnsafe<Row[]>(
            insertSql,
            JSON.stringify(batch.map((p) => p.event)),
          );
          if (rows.length !== batch.length)
            throw new Error(
              `the audit insert returned ${rows.length} rows for ${batch.length} events`,
            );
          timer();
          auditAppendEvents.inc(rows.length);
          if (this.link) kickAuditLinker(this.db);
          rows.sort((a, b) => (a.id < b.id ? -1 : 1));
          for (const [i, row] of rows.entries()) {
            const pending = batch[i]!;
            const { at: _at, ...data } = pending.event;
            pending.resolve({
              id: row.id,
              at: row.at,
              ...data,
              seq: null,
              prevHash: null,
              hash: null,
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

/** Per client, one appender that starts the linker after each commit and one that does not. */
const appenders = {
  link: new WeakMap<PrismaClient, Appender>(),
  wait: new WeakMap<PrismaClient, Appender>(),
};

/**
 * Appends one event; it shares a statement and a commit with the events of concurrent requests.
 * Inside a transaction (`db` a transaction's client), pass `{ inTransaction: true }`: the event
 * commits with the transaction, and the caller kicks the linker afterwards (kickAuditLinker).
 */
export function appendAuditEvent(
  db: PrismaClient,
  event: AuditEventInput,
  options: { inTransaction?: boolean } = {},
): Promise<AuditEvent> {
  const link = !options.inTransaction;
  const mine = link ? appenders.link : appenders.wait;
  let appender = mine.get(db);
  if (!appender) mine.set(db, (appender = new Appender(db, link)));
  try {
    return appender.append(normaliseAuditEvent(event));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * An event a compiled read inserted in its own statement (src/compiled/audit-fold.ts): counted
 * and linked into the chain like any other.
 */
export function insertedWithRead(ctx: { unscoped: PrismaClient }): void {
  auditAppendEvents.inc();
  auditEventsInRead.inc();
  kickAuditLinker(ctx.unscoped);
}
