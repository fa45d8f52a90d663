import { Prisma } from '../../generated/prisma/client.js';
import type { DatasetQuery, Dimension, Measure, ReportFilterSql } from './datasets/common.js';

/**
 * SQL fragments every dataset shares, and the one GROUP BY statement they all build. Every value
 * reaches the database as a bound parameter (Prisma.sql / Prisma.join); only fixed fragments of
 * these files are SQL text.
 */

/**
 * A dimension: `group` is the group's key (the k column and the sort order), and what rows are
 * grouped on unless `by` lists the expressions it is computed from. Neither may carry a bound
 * parameter, as GROUP BY matches expressions by their text. `shown` turns a group's key into the
 * value the report shows; it runs once per group, after aggregation, so no name lookup or cast
 * is paid per input row.
 */
export interface GroupExpr {
  group: Prisma.Sql;
  /** What rows are grouped on when not `group` itself: expressions `group` is computed from. */
  by?: Prisma.Sql[];
  shown: (key: Prisma.Sql) => Prisma.Sql;
}

export const asText = (key: Prisma.Sql) => Prisma.sql`${key}::text`;
export const itself = (key: Prisma.Sql) => key;

export const inList = (column: Prisma.Sql, values: readonly unknown[]) =>
  values.length === 0 ? Prisma.sql`FALSE` : Prisma.sql`${column} IN (${Prisma.join(values)})`;

/**
 * Age band of a birth date: compared with bound cut-off dates (cheaper than age() per row);
 * `cutoffs` are the latest birth dates of ages 18, 35, 60, 70 and 80 on the report's day.
 */
export function bandSql(birthDate: Prisma.Sql, cutoffs: string[]): Prisma.Sql {
  const [c18, c35, c60, c70, c80] = cutoffs;
  return Prisma.sql`CASE WHEN ${birthDate} > ${c18}::date THEN '0-17' WHEN ${birthDate} > ${c35}::date THEN '18-34'
    WHEN ${birthDate} > ${c60}::date THEN '35-59' WHEN ${birthDate} > ${c70}::date THEN '60-69'
    WHEN ${birthDate} > ${c80}::date THEN '70-79' ELSE '80+' END`;
}

const bandFlags = [Prisma.sql`under18`, Prisma.sql`under35`, Prisma.sql`under60`, Prisma.sql`under70`, Prisma.sql`under80`];

/** The comparisons of bandSql as columns under18 … under80: born after each cut-off. */
export const bandFlagsSql = (birthDate: Prisma.Sql, cutoffs: string[]) =>
  Prisma.join(cutoffs.map((c, i) => Prisma.sql`${birthDate} > ${c}::date AS ${bandFlags[i]!}`), ', ');

/**
 * AGE_BAND of rows `r` carrying bandFlagsSql's columns: grouped on the five flags, keyed by the
 * band they make (NULL when the flags are, on a total row). The planner counts a boolean as two
 * values but the band CASE as one value per birth date: over 1M residents it expected 100,000
 * groups and sorted the table instead of hashing into the 90 there are.
 */
export const ageBandDimension: GroupExpr = {
  group: Prisma.sql`CASE WHEN r.under18 THEN '0-17' WHEN r.under35 THEN '18-34' WHEN r.under60 THEN '35-59'
    WHEN r.under70 THEN '60-69' WHEN r.under80 THEN '70-79' WHEN NOT r.under80 THEN '80+' END`,
  by: bandFlags.map((flag) => Prisma.sql`r.${flag}`),
  shown: itself,
};

/** Household size band of a member count: 1, 2, 3, 4, 5+ (null without a household). */
export const sizeBandSql = (size: Prisma.Sql) => Prisma.sql`CASE WHEN ${size} >= 5 THEN '5+' ELSE ${size}::text END`;

/**
 * Calendar month in China Standard Time (UTC+8, no daylight saving) of a UTC timestamp: grouped
 * on date_trunc (immutable, so an expression statistic could tell the planner how few months
 * there are), shown as YYYY-MM.
 */
export const monthSql = (at: Prisma.Sql): GroupExpr => ({
  group: Prisma.sql`date_trunc('month', ${at} + interval '8 hours')`,
  shown: (key) => Prisma.sql`to_char(${key}, 'YYYY-MM')`,
});

/** Calendar day in China Standard Time of a UTC timestamp, shown as YYYY-MM-DD. */
export const daySql = (at: Prisma.Sql): GroupExpr => ({
  group: Prisma.sql`date_trunc('day', ${at} + interval '8 hours')`,
  shown: (key) => Prisma.sql`to_char(${key}, 'YYYY-MM-DD')`,
});

/** Months and the from/to range on a timestamp column, as ranges an index on it can serve. */
export function timeWhere(at: Prisma.Sql, f: ReportFilterSql): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [];
  if (f.months) {
    const ranges = f.months.map(([start, end]) => Prisma.sql`(${at} >= ${start}::timestamp AND ${at} < ${end}::timestamp)`);
    parts.push(ranges.length === 0 ? Prisma.sql`FALSE` : Prisma.sql`(${Prisma.join(ranges, ' OR ')})`);
  }
  if (f.since) parts.push(Prisma.sql`${at} >= ${f.since}::timestamp`);
  if (f.until) parts.push(Prisma.sql`${at} < ${f.until}::timestamp`);
  return parts;
}

/** Residents holding at least one of the tags (a filter on a resident id column). */
export const tagFilterSql = (residentId: Prisma.Sql, tags: string[]) =>
  Prisma.sql`EXISTS (SELECT 1 FROM resident_tag ft JOIN tag ftt ON ftt.id = ft.tag_id
      WHERE ft.resident_id = ${residentId} AND ${inList(Prisma.sql`ftt.code`, tags)})`;

/**
 * One aggregate of a cell. `partials` and `combine` are given when it can be computed from
 * partial aggregates per key combination (a count is the sum of counts, a minimum the minimum of
 * minimums); a DISTINCT count cannot, and keeps the report on the single-level statement.
 */
export interface Aggregate { whole: Prisma.Sql; partials?: Prisma.Sql[]; combine?: (partials: Prisma.Sql[]) => Prisma.Sql }

/**
 * The aggregates datasets use. Combined values keep the types of whole ones (int, float8), and
 * over no rows at all (the grand total of an empty report) give what they give: 0 or NULL.
 * AVG divides the exact sum by the count as avg() itself does, so rounding sees the same numeric.
 */
export const aggregates = {
  rows: { whole: Prisma.sql`count(*)::int`, partials: [Prisma.sql`count(*)`], combine: ([c]: Prisma.Sql[]) => Prisma.sql`coalesce(sum(${c}), 0)::int` } as Aggregate,
  sum: (x: Prisma.Sql): Aggregate => ({
    whole: Prisma.sql`coalesce(sum(${x}), 0)::int`, partials: [Prisma.sql`sum(${x})`], combine: ([s]) => Prisma.sql`coalesce(sum(${s}), 0)::int`,
  }),
  min: (x: Prisma.Sql): Aggregate => ({ whole: Prisma.sql`min(${x})`, partials: [Prisma.sql`min(${x})`], combine: ([m]) => Prisma.sql`min(${m})` }),
  max: (x: Prisma.Sql): Aggregate => ({ whole: Prisma.sql`max(${x})`, partials: [Prisma.sql`max(${x})`], combine: ([m]) => Prisma.sql`max(${m})` }),
  avg: (x: Prisma.Sql, digits: number): Aggregate => ({
    whole: Prisma.sql`round(avg(${x})::numeric, ${digits}::int)::float8`,
    partials: [Prisma.sql`sum(${x})`, Prisma.sql`count(${x})`],
    combine: ([s, n]) => Prisma.sql`round(sum(${s})::numeric / nullif(sum(${n}), 0), ${digits}::int)::float8`,
  }),
  /** Not decomposable (a DISTINCT count). */
  only: (whole: Prisma.Sql): Aggregate => ({ whole }),
  /** `n` where nothing reads it: NULL at either level. */
  none: { whole: Prisma.sql`NULL::int`, partials: [], combine: () => Prisma.sql`NULL::int` } as Aggregate,
} satisfies Record<string, Aggregate | ((...args: never[]) => Aggregate)>;

export interface StatementParts {
  /** FROM … JOIN … (without the word FROM). */
  from: Prisma.Sql;
  dimension(d: Dimension): GroupExpr;
  measure(m: Measure): Aggregate;
  /** The `n` column: the size small-cell suppression compares with k. */
  people: Aggregate;
  where: Prisma.Sql[];
}

const as = (sql: Prisma.Sql, name: string) => Prisma.sql`${sql} AS ${Prisma.raw(name)}`;
const by = (d: GroupExpr) => d.by ?? [d.group];

/**
 * The output columns over group keys `keys` (expressions, or columns of the pre-aggregated rows);
 * `grouped[i]` is one expression dimension i is grouped on, for GROUPING().
 */
function outputColumns(dims: GroupExpr[], keys: Prisma.Sql[], grouped: Prisma.Sql[], values: Prisma.Sql[], totals: boolean): Prisma.Sql[] {
  return [
    ...dims.map((d, i) => as(d.shown(keys[i]!), `d${i}`)),
    // Without totals no row totals over anything: GROUPING() would only cost a call per group.
    ...grouped.map((g, i) => as(totals ? Prisma.sql`GROUPING(${g})::int` : Prisma.sql`0`, `g${i}`)),
    ...keys.map((k, i) => as(Prisma.sql`${k}::text`, `k${i}`)),
    ...values.map((v, i) => as(v, i < values.length - 1 ? `m${i}` : 'n')),
  ];
}

/** Groups sorted by key; a total row after the detail rows of a NULL key (a resident without a household). */
const orderBy = (keys: Prisma.Sql[], grouped: Prisma.Sql[], totals: boolean) => keys.length === 0 ? Prisma.empty
  : Prisma.sql`ORDER BY ${Prisma.join(keys.map((k, i) => (totals ? Prisma.sql`${k} NULLS LAST, GROUPING(${grouped[i]!})` : Prisma.sql`${k} NULLS LAST`)), ', ')}`;

/**
 * One GROUP BY statement (CUBE when totals are asked for). Columns: d0…dn (shown values), g0…gn
 * (1 when the row totals over that dimension), k0…kn (group keys), m0…mn (measures), n (size).
 *
 * The rows are grouped by their keys in an inner query and named in the outer one: a name lookup
 * among the grouped columns is a subplan, which keeps PostgreSQL from aggregating in parallel.
 * Totals run CUBE over those grouped rows (some 90 for COMMUNITY × AGE_BAND) when every aggregate
 * is decomposable: CUBE over the table itself sorts every row (1M residents: a MixedAggregate
 * spilling to disk). A DISTINCT count is not, and keeps CUBE over the table.
 */
export function groupStatement(q: DatasetQuery, p: StatementParts): Prisma.Sql {
  const dims = q.dimensions.map((d) => p.dimension(d));
  const values = [...q.measures.map((m) => p.measure(m)), p.people];
  const where = p.where.length === 0 ? Prisma.sql`TRUE` : Prisma.join(p.where, ' AND ');
  const decomposable = values.every((v) => v.partials && v.combine);
  if (dims.length === 0 || (q.totals && !decomposable)) return singleLevel(q.totals, dims, values, p.from, where);
  // Per key combination: the aggregates themselves, or with totals their partials.
  const inner = values.map((v) => (q.totals ? v.partials! : [v.whole]));
  const columns = inner.map((list, i) => list.map((_, j) => Prisma.raw(`x.p${i}_${j}`)));
  const keys = dims.map((_, i) => Prisma.raw(`x.c${i}`));
  const select = [...dims.map((d, i) => as(d.group, `c${i}`)), ...inner.flatMap((list, i) => list.map((sql, j) => as(sql, `p${i}_${j}`)))];
  const outer = values.map((v, i) => (q.totals ? v.combine!(columns[i]!) : columns[i]![0]!));
  return Prisma.sql`SELECT ${Prisma.join(outputColumns(dims, keys, keys, outer, q.totals), ', ')}
    FROM (SELECT ${Prisma.join(select, ', ')} FROM ${p.from} WHERE ${where} GROUP BY ${Prisma.join(dims.flatMap(by), ', ')}) x
    ${q.totals ? Prisma.sql`GROUP BY CUBE (${Prisma.join(keys, ', ')})` : Prisma.empty} ${orderBy(keys, keys, q.totals)}`;
}

/** Everything in one query level: no dimension at all, or totals over a DISTINCT count. */
function singleLevel(totals: boolean, dims: GroupExpr[], values: Aggregate[], from: Prisma.Sql, where: Prisma.Sql): Prisma.Sql {
  const keys = dims.map((d) => d.group);
  const grouped = dims.map((d) => by(d)[0]!);
  const cube = Prisma.join(dims.map((d) => Prisma.sql`(${Prisma.join(by(d), ', ')})`), ', ');
  return Prisma.sql`SELECT ${Prisma.join(outputColumns(dims, keys, grouped, values.map((v) => v.whole), totals), ', ')}
    FROM ${from}
    WHERE ${where} ${dims.length === 0 ? Prisma.empty : Prisma.sql`GROUP BY CUBE (${cube})`} ${orderBy(keys, grouped, totals && dims.length > 0)}`;
}
