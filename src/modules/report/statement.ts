import { Prisma } from '../../generated/prisma/client.js';
import type { DatasetQuery, Dimension, Measure } from './datasets/common.js';
import type { Aggregate, GroupExpr } from './sql.js';

/**
 * The one GROUP BY statement every dataset builds from its parts (sql.ts has the fragments). Every
 * value reaches the database as a bound parameter; only fixed fragments are SQL text.
 */
export interface StatementParts {
  /** FROM … JOIN … (without the word FROM). */
  from: Prisma.Sql;
  dimension(d: Dimension): GroupExpr;
  measure(m: Measure): Aggregate;
  /** The `n` column: the size disclosure control compares with k (with its cell key when protected). */
  people: Aggregate;
  where: Prisma.Sql[];
}

const as = (sql: Prisma.Sql, name: string) => Prisma.sql`${sql} AS ${Prisma.raw(name)}`;
const by = (d: GroupExpr) => d.by ?? [d.group];

/**
 * The values of a cell by column name: m0… per measure and n; when the report is protected, also
 * q0… (the cell key of measure i, for the counts that have one) and nk (the cell key of n).
 */
function valuesOf(q: DatasetQuery, p: StatementParts): Array<[string, Aggregate]> {
  const measures = q.measures.map((m) => p.measure(m));
  const values: Array<[string, Aggregate]> = [
    ...measures.map((a, i): [string, Aggregate] => [`m${i}`, a]),
    ['n', p.people],
  ];
  if (!q.protected) return values;
  measures.forEach((a, i) => a.key && values.push([`q${i}`, a.key]));
  if (!p.people.key) throw new Error('a protected report needs the cell key of n');
  return [...values, ['nk', p.people.key]];
}

/**
 * The output columns over group keys `keys` (expressions, or columns of the pre-aggregated rows);
 * `grouped[i]` is one expression dimension i is grouped on, for GROUPING().
 */
function outputColumns(
  dims: GroupExpr[],
  keys: Prisma.Sql[],
  grouped: Prisma.Sql[],
  values: Array<[string, Prisma.Sql]>,
  cube: boolean,
): Prisma.Sql[] {
  return [
    ...dims.map((d, i) => as(d.shown(keys[i]!), `d${i}`)),
    // Without totals no row totals over anything: GROUPING() would only cost a call per group.
    ...grouped.map((g, i) => as(cube ? Prisma.sql`GROUPING(${g})::int` : Prisma.sql`0`, `g${i}`)),
    ...keys.map((k, i) => as(Prisma.sql`${k}::text`, `k${i}`)),
    ...values.map(([name, v]) => as(v, name)),
  ];
}

/** Groups sorted by key; a total row after the detail rows of a NULL key (a resident without a household). */
const orderBy = (keys: Prisma.Sql[], grouped: Prisma.Sql[], cube: boolean) =>
  keys.length === 0
    ? Prisma.empty
    : Prisma.sql`ORDER BY ${Prisma.join(
        keys.map((k, i) =>
          cube
            ? Prisma.sql`${k} NULLS LAST, GROUPING(${grouped[i]!})`
            : Prisma.sql`${k} NULLS LAST`,
        ),
        ', ',
      )}`;

/**
 * One GROUP BY statement (CUBE when totals are asked for, and always for a protected report: its
 * dominance rule reads every line's total). Columns: d0…dn (shown values), g0…gn (1 when the row
 * totals over that dimension), k0…kn (group keys), then valuesOf's m…, n, q…, nk.
 *
 * The rows are grouped by their keys in an inner query and named in the outer one: a name lookup
 * among the grouped columns is a subplan, which keeps PostgreSQL from aggregating in parallel.
 * Totals run CUBE over those grouped rows (some 90 for COMMUNITY × AGE_BAND) when every aggregate
 * is decomposable: CUBE over the table itself sorts every row (1M residents: a MixedAggregate
 * spilling to disk). A DISTINCT count is not, and keeps CUBE over the table.
 */
export function groupStatement(q: DatasetQuery, p: StatementParts): Prisma.Sql {
  const dims = q.dimensions.map((d) => p.dimension(d));
  const named = valuesOf(q, p);
  const values = named.map(([, v]) => v);
  const cube = q.totals || q.protected;
  const where = p.where.length === 0 ? Prisma.sql`TRUE` : Prisma.join(p.where, ' AND ');
  const decomposable = values.every((v) => v.partials && v.combine);
  if (dims.length === 0 || (cube && !decomposable))
    return singleLevel(cube, dims, named, p.from, where);
  // Per key combination: the aggregates themselves, or with totals their partials.
  const inner = values.map((v) => (cube ? v.partials! : [v.whole]));
  const columns = inner.map((list, i) => list.map((_, j) => Prisma.raw(`x.p${i}_${j}`)));
  const keys = dims.map((_, i) => Prisma.raw(`x.c${i}`));
  const select = [
    ...dims.map((d, i) => as(d.group, `c${i}`)),
    ...inner.flatMap((list, i) => list.map((sql, j) => as(sql, `p${i}_${j}`))),
  ];
  const outer = named.map(([name, v], i): [string, Prisma.Sql] => [
    name,
    cube ? v.combine!(columns[i]!) : columns[i]![0]!,
  ]);
  return Prisma.sql`SELECT ${Prisma.join(outputColumns(dims, keys, keys, outer, cube), ', ')}
    FROM (SELECT ${Prisma.join(select, ', ')} FROM ${p.from} WHERE ${where} GROUP BY ${Prisma.join(dims.flatMap(by), ', ')}) x
    ${cube ? Prisma.sql`GROUP BY CUBE (${Prisma.join(keys, ', ')})` : Prisma.empty} ${orderBy(keys, keys, cube)}`;
}

/** Everything in one query level: no dimension at all, or totals over a DISTINCT count. */
function singleLevel(
  cube: boolean,
  dims: GroupExpr[],
  named: Array<[string, Aggregate]>,
  from: Prisma.Sql,
  where: Prisma.Sql,
): Prisma.Sql {
  const keys = dims.map((d) => d.group);
  const grouped = dims.map((d) => by(d)[0]!);
  const groups = Prisma.join(
    dims.map((d) => Prisma.sql`(${Prisma.join(by(d), ', ')})`),
    ', ',
  );
  const values = named.map(([name, v]): [string, Prisma.Sql] => [name, v.whole]);
  return Prisma.sql`SELECT ${Prisma.join(outputColumns(dims, keys, grouped, values, cube), ', ')}
    FROM ${from}
    WHERE ${where} ${dims.length === 0 ? Prisma.empty : cube ? Prisma.sql`GROUP BY CUBE (${groups})` : Prisma.sql`GROUP BY ${groups}`} ${orderBy(keys, grouped, cube && dims.length > 0)}`;
}
