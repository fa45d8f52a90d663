import { parsePrismaCursor } from '@pothos/plugin-prisma';
import { buildConnection } from './connection.js';
import { getConnectionPageSize } from '@pothos/core';
import { getArgumentValues } from 'graphql/execution/values.js';
import { connectionSizes } from '../builder.js';
import type { Context } from '../context.js';
import { decisionsOf, ruleAllows } from '../access/field-guard.js';
import { rootRules } from '../access/root-rules.js';
import type { AccessLevel } from '../generated/prisma/enums.js';
import { buildObject, hydrate, type Building } from './answer.js';
import type { OperationPlan, RootPlan } from './operation.js';
import { Aliases, objectSql, quote, tableOf, whereSql } from './sql.js';
import { Unsupported } from './select.js';
import { checkFolded, foldAudit, insertedEvent, unbuilt } from './audit-fold.js';
import type { AuditEventInput } from '../modules/audit/chain.js';

/** Rows a page asks for: the page size of the arguments (src/builder.ts' sizes), plus one. */
const pageLimit = (args: Record<string, unknown>) =>
  getConnectionPageSize({ args, ...connectionSizes }).limit;

type Finish = (row: Record<string, unknown>, column: string, b: Building) => unknown;

/**
 * Runs a compiled plan for one request: root rules and field decisions first (any refusal, and
 * the operation goes to graphql-js, which raises it), then one statement for all roots, then the
 * answer. Returns null to fall back.
 *
 * With `event` (who asks, the operation; src/modules/audit/plugin.ts' auditEventOf), the same
 * statement inserts the request's audit event, committed before the answer is built, and checked
 * against the answer's (src/compiled/audit-fold.ts).
 */
export async function executePlan(
  plan: OperationPlan,
  ctx: Context,
  variables: Record<string, unknown>,
  event?: AuditEventInput,
): Promise<Record<string, unknown> | null> {
  for (const root of plan.roots) {
    if (root.kind === 'typename') continue;
    const rule = rootRules.Query[root.field.name];
    if (!rule || !(await ruleAllows(rule, ctx))) return null;
  }
  const levels = new Map<string, AccessLevel>();
  for (const [key, decision] of await decisionsOf(ctx, plan.guarded)) {
    if (decision instanceof Error) return null;
    levels.set(key, decision);
  }
  const params: unknown[] = [];
  const aliases = new Aliases();
  const columns: string[] = [];
  const finishers: Array<[string, string, Finish]> = [];
  const roots: Array<{ root: RootPlan; column: string; take: number }> = [];
  for (const root of plan.roots) {
    if (root.kind === 'typename') {
      finishers.push([root.key, '', () => 'Query']);
      continue;
    }
    const args = getArgumentValues(root.field, root.node, variables) as Record<string, unknown>;
    const column = `r${columns.length}`;
    columns.push(...(await rootSql(root, args, variables, ctx, params, aliases, column)));
    finishers.push([root.key, column, finish(root, args)]);
    roots.push({ root, column, take: root.kind === 'unique' ? 1 : pageLimit(args) });
  }
  const fold = await foldAudit(
    plan,
    ctx,
    { sql: `SELECT ${columns.join(', ')}`, params },
    roots,
    { levels, variables },
    event,
  );
  // `{ __typename }` alone reads nothing.
  const [row] =
    columns.length === 0
      ? [{}]
      : await ctx.prisma.$queryRawUnsafe<Array<Record<string, unknown>>>(fold.sql, ...params);
  const inserted = insertedEvent(ctx, row);
  const touches: Building['touches'] = [];
  // Resolvers that record reads themselves (per-tag fields) record into the plan's list too.
  const recorder = {
    touch: (t: string, f: string, id?: number) =>
      touches.push([t, f, id === undefined ? [] : [id]]),
    touchAll: (t: string, f: string, ids: readonly number[]) => touches.push([t, f, [...ids]]),
  };
  const b: Building = {
    ctx: Object.create(ctx, { audit: { value: recorder } }),
    levels,
    touches,
    variables,
  };
  const data: Record<string, unknown> = {};
  try {
    for (const [key, column, done] of finishers) data[key] = done(row ?? {}, column, b);
  } catch (error) {
    if (inserted) unbuilt(plan, error);
    throw error;
  }
  for (const [typeName, fieldName, subjects] of b.touches)
    ctx.audit.touchAll(typeName, fieldName, subjects);
  checkFolded(ctx, fold, row, b.touches);
  return data;
}

const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);

async function rootSql(
  root: Exclude<RootPlan, { kind: 'typename' }>,
  args: Record<string, unknown>,
  variables: Record<string, unknown>,
  ctx: Context,
  params: unknown[],
  aliases: Aliases,
  column: string,
): Promise<string[]> {
  const select = root.plan.select;
  const table = tableOf(select.model.table);
  const id = quote(select.model.columns.get(select.model.idField)!.column);
  const alias = aliases.take();
  const object = objectSql(select, alias, aliases, variables);
  if (root.kind === 'unique') {
    params.push(root.source.id(args));
    return [
      `(SELECT ${object} FROM ${table} ${alias} WHERE ${alias}.${id} = $${params.length}) AS ${column}`,
    ];
  }
  if (args.last != null || args.before != null) throw new Unsupported('backward pagination');
  const where = whereSql(select, alias, await root.source.where(ctx, args), params);
  const out: string[] = [];
  if (root.entries.some((e) => e.kind === 'totalCount')) {
    const countAlias = aliases.take();
    const countWhere = where.map((w) => w.replaceAll(`${alias}.`, `${countAlias}.`));
    out.push(
      `(SELECT count(*)::int FROM ${table} ${countAlias}${countWhere.length ? ` WHERE ${countWhere.join(' AND ')}` : ''}) AS ${column}_count`,
    );
  }
  const conditions = [...where];
  let offset = '';
  if (args.after != null) {
    // Prisma's cursor: rows from the cursor's row on (none when it is not visible), then skip it.
    params.push(parsePrismaCursor(args.after));
    const c = aliases.take();
    conditions.push(
      `${alias}.${id} >= (SELECT ${c}.${id} FROM ${table} ${c} WHERE ${c}.${id} = $${params.length})`,
    );
    offset = ' OFFSET 1';
  }
  params.push(pageLimit(args));
  out.push(
    `(SELECT coalesce(json_agg(s.o ORDER BY s.k), '[]'::json) FROM (SELECT ${object} AS o, ${alias}.${id} AS k FROM ${table} ${alias}` +
      `${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''} ORDER BY ${alias}.${id} ASC${offset} LIMIT $${params.length}) s) AS ${column}`,
  );
  return out;
}

function finish(
  root: Exclude<RootPlan, { kind: 'typename' }>,
  args: Record<string, unknown>,
): Finish {
  const select = root.plan.select;
  if (root.kind === 'unique') {
    return (row, column, b) => {
      const value = json(row[column]);
      if (value === null || value === undefined) return null;
      hydrate(value, select);
      return buildObject(b, root.plan, value);
    };
  }
  const take = pageLimit(args);
  return (record, column, b) => {
    const rows = json(record[column]) as Array<Record<string, unknown>>;
    for (const r of rows) hydrate(r, select);
    return buildConnection(
      root.entries,
      rows,
      take,
      args.after != null,
      select.model.idField,
      record[`${column}_count`],
      (n) => buildObject(b, root.plan, n),
    );
  };
}
