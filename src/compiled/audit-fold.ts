import type { Context } from '../context.js';
import type { AccessLevel } from '../generated/prisma/enums.js';
import { logger } from '../logger.js';
import { insertedWithRead, normaliseAuditEvent } from '../modules/audit/append.js';
import type { AuditEventInput } from '../modules/audit/chain.js';
import { compiledAuditMismatches } from '../telemetry/metrics.js';
import type { Building } from './answer.js';
import { auditRoots, NotFoldable, readsPerTag, type AuditParts } from './audit.js';
import type { OperationPlan, RootPlan } from './operation.js';

/**
 * The audit append folded into a compiled read: the statement that reads also inserts the
 * request's event (its contents computed in SQL by src/compiled/audit.ts), and commits it before
 * the answer is built. Node computes the event from the answer as before; `checkFolded` compares
 * the two on every request.
 */
export interface Fold {
  sql: string;
  /** What the SQL records; null when the event is appended apart (the audit plugin). */
  parts: AuditParts | null;
}

/** Plans whose answer could not be built after their statement had inserted the event. */
const unfoldable = new WeakSet<OperationPlan>();

/** The statement for `read` (one row of JSON columns), with the event's insert when it can be folded. */
export async function foldAudit(
  plan: OperationPlan,
  ctx: Context,
  read: { sql: string; params: unknown[] },
  roots: Array<{ root: RootPlan; column: string; take: number }>,
  inputs: { levels: Map<string, AccessLevel>; variables: Record<string, unknown> },
  event: AuditEventInput | undefined,
): Promise<Fold> {
  // Reads recorded before the statement (none today) would be missing from the SQL's event.
  if (!event || ctx.audit.touched || unfoldable.has(plan) || roots.length === 0)
    return { sql: read.sql, parts: null };
  let parts: AuditParts;
  try {
    const tagCodes = readsPerTag(plan) ? await ctx.access.readableTagCodes() : [];
    parts = auditRoots(roots, { ...inputs, tagCodes });
  } catch (error) {
    if (error instanceof NotFoldable) return { sql: read.sql, parts: null };
    throw error;
  }
  // Nothing personal to record (Node checks that too): the plain read.
  if (parts.fields.length === 0) return { sql: read.sql, parts };
  const head = normaliseAuditEvent({ ...event, fields: [], residentIds: [] });
  const param = (value: string | null) => `$${read.params.push(value)}::text`;
  const columns = [...new Set(roots.map((r) => r.column))];
  const union = (selects: string[], empty: string) =>
    selects.length === 0 ? `SELECT ${empty} WHERE false` : selects.join(' UNION ALL ');
  // Both materialized: inlined, `j` would cast the JSON again at every reference (measured: 3×).
  const sql =
    `WITH q AS MATERIALIZED (${read.sql}), j AS MATERIALIZED (SELECT ${columns.map((c) => `q.${c}::jsonb AS ${c}`).join(', ')} FROM q), ` +
    `a AS (SELECT ARRAY(SELECT DISTINCT x.f COLLATE "C" FROM (${union(parts.fields, 'NULL::text')}) x(f) ORDER BY 1) AS f, ` +
    `ARRAY(SELECT DISTINCT x.s::int FROM (${union(parts.residents, 'NULL::jsonb')}) x(s) ORDER BY 1) AS i FROM j), ` +
    `e AS (INSERT INTO "audit_event" ("at", "principal", "section_code", "purpose", "operation_name", "operation_hash", "fields", "resident_ids", "outcome") ` +
    `SELECT date_trunc('milliseconds', clock_timestamp() AT TIME ZONE 'UTC'), ${param(head.principal)}, ${param(head.sectionCode)}, ` +
    `${param(head.purpose)}, ${param(head.operationName)}, ${param(head.operationHash)}, a.f, a.i, 'OK' ` +
    `FROM a WHERE cardinality(a.f) > 0 RETURNING "id", "fields", "resident_ids") ` +
    `SELECT q.*, e."id" AS "audit_id", e."fields" AS "audit_fields", e."resident_ids" AS "audit_residents" FROM q LEFT JOIN e ON true`;
  return { sql, parts };
}

/** Whether the statement's row carries the event it inserted. */
const hasEvent = (row: Record<string, unknown> | undefined) =>
  row?.audit_id !== undefined && row.audit_id !== null;

/** After the statement: whether it inserted the event (then the linker is started, as after any append). */
export function insertedEvent(ctx: Context, row: Record<string, unknown> | undefined): boolean {
  if (!hasEvent(row)) return false;
  insertedWithRead(ctx);
  return true;
}

/** The answer could not be built after the event was inserted: graphql-js answers, and appends its own. */
export function unbuilt(plan: OperationPlan, error: unknown): void {
  unfoldable.add(plan);
  logger.warn({ err: (error as Error).name }, 'compiled read fell back after its audit event');
}

/**
 * After the answer: the event inserted must record exactly what building it recorded. Then the
 * audit plugin appends nothing; otherwise the difference (a bug of src/compiled/audit.ts) is
 * logged, counts only, and the plugin appends Node's event as well.
 */
export function checkFolded(
  ctx: Context,
  fold: Fold,
  row: Record<string, unknown> | undefined,
  touches: Building['touches'],
): void {
  if (!fold.parts) return;
  const inserted = hasEvent(row);
  const fields = inserted ? (row!.audit_fields as string[]) : [];
  const residents = inserted ? (row!.audit_residents as number[]) : [];
  const touched = new Set(touches.map(([t, f]) => `${t}.${f}`));
  const ids = new Set(touches.flatMap(([, , subjects]) => subjects));
  const same =
    fields.length === touched.size &&
    fields.every((f) => touched.has(f)) &&
    residents.length === ids.size &&
    residents.every((id) => ids.has(id));
  if (same) {
    ctx.audit.recorded = inserted;
    return;
  }
  compiledAuditMismatches.inc();
  logger.error(
    { fields: fields.length, residents: residents.length, expected: touched.size },
    'compiled read: the audit event in SQL differs from the answer',
  );
}
