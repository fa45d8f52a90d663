import { Prisma } from '../../generated/prisma/client.js';
import type { ReportFilterSql } from './datasets/common.js';
import { ageBandEdges, ageBands, householdSizeTop, householdSizes } from './registry.js';

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

/** A band's label as SQL text (labels are the registry's constants, never input). */
const label = (value: string) => Prisma.raw(`'${value.replace(/'/g, "''")}'`);

/**
 * Age band of a birth date: compared with bound cut-off dates (cheaper than age() per row);
 * `cutoffs` are the latest birth dates of the ages of ageBandEdges on the report's day.
 */
export function bandSql(birthDate: Prisma.Sql, cutoffs: string[]): Prisma.Sql {
  const arms = cutoffs.map(
    (c, i) => Prisma.sql`WHEN ${birthDate} > ${c}::date THEN ${label(ageBands[i]!.value)}`,
  );
  return Prisma.sql`CASE ${Prisma.join(arms, ' ')} ELSE ${label(ageBands[cutoffs.length]!.value)} END`;
}

const bandFlags = ageBandEdges.map((edge) => Prisma.raw(`under${edge}`));

/** The comparisons of bandSql as columns under18 … under80: born after each cut-off. */
export const bandFlagsSql = (birthDate: Prisma.Sql, cutoffs: string[]) =>
  Prisma.join(
    cutoffs.map((c, i) => Prisma.sql`${birthDate} > ${c}::date AS ${bandFlags[i]!}`),
    ', ',
  );

const lastFlag = bandFlags[bandFlags.length - 1]!;

/**
 * AGE_BAND of rows `r` carrying bandFlagsSql's columns: grouped on the flags, keyed by the band
 * they make (NULL when the flags are, on a total row). The planner counts a boolean as two
 * values but the band CASE as one value per birth date: over 1M residents it expected 100,000
 * groups and sorted the table instead of hashing into the 90 there are.
 */
export const ageBandDimension: GroupExpr = {
  group: Prisma.sql`CASE ${Prisma.join(
    bandFlags.map((flag, i) => Prisma.sql`WHEN r.${flag} THEN ${label(ageBands[i]!.value)}`),
    ' ',
  )}
    WHEN NOT r.${lastFlag} THEN ${label(ageBands[bandFlags.length]!.value)} END`,
  by: bandFlags.map((flag) => Prisma.sql`r.${flag}`),
  shown: itself,
};

/** Household size band of a member count: 1, 2, 3, 4, 5+ (null without a household). */
export const sizeBandSql = (size: Prisma.Sql) =>
  Prisma.sql`CASE WHEN ${size} >= ${Prisma.raw(String(householdSizeTop))} THEN ${label(householdSizes[householdSizeTop - 1]!.value)} ELSE ${size}::text END`;

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
    const ranges = f.months.map(
      ([start, end]) => Prisma.sql`(${at} >= ${start}::timestamp AND ${at} < ${end}::timestamp)`,
    );
    parts.push(
      ranges.length === 0 ? Prisma.sql`FALSE` : Prisma.sql`(${Prisma.join(ranges, ' OR ')})`,
    );
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
 * minimums); a DISTINCT count cannot, and keeps the report on the single-level statement. A count
 * of people, households or records carries `key`: the cell key of the contributors it counts
 * (disclosure/perturbation.ts), read only when the report is protected.
 */
export interface Aggregate {
  whole: Prisma.Sql;
  partials?: Prisma.Sql[];
  combine?: (partials: Prisma.Sql[]) => Prisma.Sql;
  key?: Aggregate;
}

/** Record keys are whole numbers in [0, 2^20) (the cell_key columns); a cell key is their sum modulo 2^20. */
export const cellKeyModulus = 1_048_576;
const modulus = Prisma.raw(String(cellKeyModulus));

/**
 * Cell keys: `sum` of a key column over rows that are each one contributor, or `distinct` when a
 * contributor may be joined to several rows (a resident under several tags): the sum of
 * id × 2^20 + key over distinct ids is, modulo 2^20, the sum of the distinct contributors' keys.
 */
export const cellKeys = {
  sum: (key: Prisma.Sql): Aggregate => ({
    whole: Prisma.sql`(coalesce(sum(${key}), 0) % ${modulus})::int`,
    partials: [Prisma.sql`sum(${key})`],
    combine: ([s]) => Prisma.sql`(coalesce(sum(${s}), 0) % ${modulus})::int`,
  }),
  distinct: (id: Prisma.Sql, key: Prisma.Sql): Aggregate => ({
    whole: Prisma.sql`(coalesce(sum(DISTINCT ${id}::bigint * ${modulus} + ${key}), 0) % ${modulus})::int`,
  }),
};

/** A count with the cell key of what it counts. */
export const keyed = (count: Aggregate, key: Aggregate): Aggregate => ({ ...count, key });

/**
 * The aggregates datasets use. Combined values keep the types of whole ones (int, float8), and
 * over no rows at all (the grand total of an empty report) give what they give: 0 or NULL.
 * AVG divides the exact sum by the count as avg() itself does, so rounding sees the same numeric.
 */
export const aggregates = {
  rows: {
    whole: Prisma.sql`count(*)::int`,
    partials: [Prisma.sql`count(*)`],
    combine: ([c]: Prisma.Sql[]) => Prisma.sql`coalesce(sum(${c}), 0)::int`,
  } as Aggregate,
  sum: (x: Prisma.Sql): Aggregate => ({
    whole: Prisma.sql`coalesce(sum(${x}), 0)::int`,
    partials: [Prisma.sql`sum(${x})`],
    combine: ([s]) => Prisma.sql`coalesce(sum(${s}), 0)::int`,
  }),
  min: (x: Prisma.Sql): Aggregate => ({
    whole: Prisma.sql`min(${x})`,
    partials: [Prisma.sql`min(${x})`],
    combine: ([m]) => Prisma.sql`min(${m})`,
  }),
  max: (x: Prisma.Sql): Aggregate => ({
    whole: Prisma.sql`max(${x})`,
    partials: [Prisma.sql`max(${x})`],
    combine: ([m]) => Prisma.sql`max(${m})`,
  }),
  avg: (x: Prisma.Sql, digits: number): Aggregate => ({
    whole: Prisma.sql`round(avg(${x})::numeric, ${digits}::int)::float8`,
    partials: [Prisma.sql`sum(${x})`, Prisma.sql`count(${x})`],
    combine: ([s, n]) =>
      Prisma.sql`round(sum(${s})::numeric / nullif(sum(${n}), 0), ${digits}::int)::float8`,
  }),
  /** Not decomposable (a DISTINCT count). */
  only: (whole: Prisma.Sql): Aggregate => ({ whole }),
  /** `n` where nothing reads it: NULL at either level. */
  none: {
    whole: Prisma.sql`NULL::int`,
    partials: [],
    combine: () => Prisma.sql`NULL::int`,
  } as Aggregate,
} satisfies Record<string, Aggregate | ((...args: never[]) => Aggregate)>;
