import { modelOf } from './model.js';
import { orderOf, Unsupported, type Select } from './select.js';

const modelTable = (name: string) => modelOf(name)!.table;

/**
 * SQL of a compiled read. Each row comes back as one JSON object of raw column values and nested
 * relations (json_build_object / json_agg): PostgreSQL joins, Node builds the answer with the
 * fields' own resolvers and masks (src/compiled/answer.ts). Every statement runs through the
 * request's scoped client, so row-level security (src/db/scope.ts) limits it as any other read.
 */
const compiledTypes = new Set(['Int', 'String', 'Boolean', 'DateTime', 'Float', 'Json']);

export const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A model's table, qualified as Prisma qualifies it (the hub's tables live in `public`). */
export const tableOf = (table: string) => `"public".${quote(table)}`;

export class Aliases {
  private next = 0;
  take(): string {
    return `t${this.next++}`;
  }
}

/** json_build_object of `select`'s columns and relations for the row aliased `alias`. */
export function objectSql(
  select: Select,
  alias: string,
  aliases: Aliases,
  variables: Record<string, unknown>,
): string {
  const parts: string[] = [];
  for (const field of select.scalars) {
    const column = select.model.columns.get(field)!;
    if (column.kind === 'scalar' && !compiledTypes.has(column.type))
      throw new Unsupported(`column type ${column.type}`);
    parts.push(`'${field}', ${alias}.${quote(column.column)}`);
  }
  for (const [name, { select: nested, order }] of select.relations) {
    const relation = select.model.relations.get(name)!;
    const inner = aliases.take();
    const from = `FROM ${tableOf(nested.model.table)} ${inner} WHERE ${inner}.${quote(relation.targetColumn)} = ${alias}.${quote(relation.selfColumn)}`;
    const object = objectSql(nested, inner, aliases, variables);
    if (relation.isList) {
      const by = order
        .map(
          ([f, dir]) =>
            `${inner}.${quote(nested.model.columns.get(f)!.column)} ${dir.toUpperCase()}`,
        )
        .join(', ');
      parts.push(
        `'${name}', (SELECT coalesce(json_agg(${object} ORDER BY ${by}), '[]'::json) ${from})`,
      );
    } else {
      parts.push(`'${name}', (SELECT ${object} ${from})`);
    }
  }
  const counted = new Set(select.counts);
  for (const [name, page] of select.pages) {
    const made = page.query(page.args(variables));
    if (made.counted) counted.add(name);
    parts.push(`'${name}', ${pageSql(select, alias, name, made.query, aliases, variables)}`);
  }
  if (counted.size > 0) {
    const counts = [...counted].map((name) => {
      const relation = select.model.relations.get(name)!;
      const inner = aliases.take();
      const table = tableOf(modelTable(relation.target));
      return `'${name}', (SELECT count(*)::int FROM ${table} ${inner} WHERE ${inner}.${quote(relation.targetColumn)} = ${alias}.${quote(relation.selfColumn)})`;
    });
    parts.push(`'_count', json_build_object(${counts.join(', ')})`);
  }
  // json_build_object takes at most 100 arguments.
  if (parts.length > 50) throw new Unsupported('too many columns');
  return `json_build_object(${parts.join(', ')})`;
}

/** Equalities of a Prisma `where` on columns only (`{ communityId: 3 }`); anything else falls back. */
export function whereSql(
  select: Select,
  alias: string,
  where: Record<string, unknown>,
  params: unknown[],
): string[] {
  const conditions: string[] = [];
  for (const [field, value] of Object.entries(where)) {
    if (value === undefined) continue;
    const column = select.model.columns.get(field);
    if (!column || (typeof value !== 'number' && typeof value !== 'string'))
      throw new Unsupported(`where ${field}`);
    params.push(value);
    conditions.push(`${alias}.${quote(column.column)} = $${params.length}`);
  }
  return conditions;
}

/** One page of a related connection, in the relation's order: `take` rows (one more than the page). */
function pageSql(
  select: Select,
  alias: string,
  name: string,
  query: Record<string, unknown>,
  aliases: Aliases,
  variables: Record<string, unknown>,
): string {
  const { take, skip, orderBy, ...rest } = query as {
    take?: unknown;
    skip?: unknown;
    orderBy?: unknown;
  };
  if (take === undefined) return `'[]'::json`; // only totalCount asked
  if (Object.keys(rest).length > 0 || skip !== 0 || typeof take !== 'number' || take <= 0)
    throw new Unsupported('page query');
  const relation = select.model.relations.get(name)!;
  const page = select.pages.get(name)!;
  const inner = aliases.take();
  const order = orderOf(page.select.model, { orderBy });
  if (order.length === 0) throw new Unsupported('unordered page');
  const by = order
    .map(
      ([f, dir]) =>
        `${inner}.${quote(page.select.model.columns.get(f)!.column)} ${dir.toUpperCase()}`,
    )
    .join(', ');
  const object = objectSql(page.select, inner, aliases, variables);
  return (
    `(SELECT coalesce(json_agg(s.o ORDER BY s.n), '[]'::json) FROM (SELECT ${object} AS o, row_number() OVER (ORDER BY ${by}) AS n ` +
    `FROM ${tableOf(page.select.model.table)} ${inner} WHERE ${inner}.${quote(relation.targetColumn)} = ${alias}.${quote(relation.selfColumn)} ORDER BY ${by} LIMIT ${take}) s)`
  );
}
