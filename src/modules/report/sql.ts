import { Prisma } from '../../generated/prisma/client.js';
import type { DatasetQuery, Dimension, Measure, ReportFilterSql } from './datasets/common.js';

/**
 * SQL fragments every dataset shares, and the one GROUP BY statement they all build. Every value
 * reaches the database as a bound parameter (Prisma.sql / Prisma.join); only fixed fragments of
 * these files are SQL text.
 */
export interface GroupExpr { group: Prisma.Sql; shown: Prisma.Sql }

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

/** Household size band of a member count: 1, 2, 3, 4, 5+ (null without a household). */
export const sizeBandSql = (size: Prisma.Sql) => Prisma.sql`CASE WHEN ${size} >= 5 THEN '5+' ELSE ${size}::text END`;

/**
 * Calendar month in China Standard Time (UTC+8, no daylight saving) of a UTC timestamp: grouped
 * on date_trunc (immutable, so an expression statistic could tell the planner how few months
 * there are), shown as YYYY-MM.
 */
export function monthSql(at: Prisma.Sql): GroupExpr {
  const group = Prisma.sql`date_trunc('month', ${at} + interval '8 hours')`;
  return { group, shown: Prisma.sql`to_char(${group}, 'YYYY-MM')` };
}

/** Calendar day in China Standard Time of a UTC timestamp, shown as YYYY-MM-DD. */
export function daySql(at: Prisma.Sql): GroupExpr {
  const group = Prisma.sql`date_trunc('day', ${at} + interval '8 hours')`;
  return { group, shown: Prisma.sql`to_char(${group}, 'YYYY-MM-DD')` };
}

/**
 * Joins community `c`, subdistrict `s` and, when a DISTRICT dimension needs its name, district `dt`.
 * With `always` false the joins are left out when no place dimension or place filter needs them
 * (jurisdiction and the communities filter use the row's own community column).
 */
export function placeJoins(communityId: Prisma.Sql, q: DatasetQuery, always = true): Prisma.Sql {
  const needed = always || q.dimensions.some((d) => d === 'DISTRICT' || d === 'SUBDISTRICT')
    || q.filter.districtIds !== undefined || q.filter.subdistrictIds !== undefined;
  if (!needed) return Prisma.empty;
  const district = q.dimensions.includes('DISTRICT') ? Prisma.sql` JOIN district dt ON dt.id = s.district_id` : Prisma.empty;
  return Prisma.sql`JOIN community c ON c.id = ${communityId} JOIN subdistrict s ON s.id = c.subdistrict_id${district}`;
}

/**
 * DISTRICT, SUBDISTRICT and COMMUNITY: grouped on ids, shown by name. COMMUNITY groups on the row's
 * own community column and looks the name up per group, so it needs no join: joining every row to
 * its community before grouping cost a sort of the whole table (2× slower over 1M residents).
 */
export function placeDimension(d: Dimension, communityId: Prisma.Sql): GroupExpr | undefined {
  switch (d) {
    case 'DISTRICT': return { group: Prisma.sql`s.district_id`, shown: Prisma.sql`min(dt.name)` };
    case 'SUBDISTRICT': return { group: Prisma.sql`s.id`, shown: Prisma.sql`min(s.name)` };
    case 'COMMUNITY': return { group: communityId, shown: Prisma.sql`(SELECT name FROM community WHERE id = ${communityId})` };
    default: return undefined;
  }
}

/** Jurisdiction and the place filters, on the row's community column. */
export function placeWhere(communityId: Prisma.Sql, q: DatasetQuery): Prisma.Sql[] {
  const f = q.filter;
  const parts: Prisma.Sql[] = [];
  if (q.scope !== null) parts.push(inList(communityId, q.scope));
  if (f.districtIds) parts.push(inList(Prisma.sql`s.district_id`, f.districtIds));
  if (f.subdistrictIds) parts.push(inList(Prisma.sql`c.subdistrict_id`, f.subdistrictIds));
  if (f.communityIds) parts.push(inList(communityId, f.communityIds));
  return parts;
}

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

export interface StatementParts {
  /** FROM … JOIN … (without the word FROM). */
  from: Prisma.Sql;
  dimension(d: Dimension): GroupExpr;
  measure(m: Measure): Prisma.Sql;
  /** The `n` column: the size small-cell suppression compares with k. */
  people: Prisma.Sql;
  where: Prisma.Sql[];
}

/**
 * One GROUP BY statement (CUBE when totals are asked for). Columns: d0…dn (shown values), g0…gn
 * (1 when the row totals over that dimension), k0…kn (group keys), m0…mn (measures), n (size).
 */
export function groupStatement(q: DatasetQuery, p: StatementParts): Prisma.Sql {
  const dims = q.dimensions.map((d) => p.dimension(d));
  const select: Prisma.Sql[] = [
    ...dims.map((d, i) => Prisma.sql`${d.shown} AS ${Prisma.raw(`d${i}`)}`),
    ...dims.map((d, i) => Prisma.sql`GROUPING(${d.group})::int AS ${Prisma.raw(`g${i}`)}`),
    ...dims.map((d, i) => Prisma.sql`${d.group}::text AS ${Prisma.raw(`k${i}`)}`),
    ...q.measures.map((m, i) => Prisma.sql`${p.measure(m)} AS ${Prisma.raw(`m${i}`)}`),
    Prisma.sql`${p.people} AS n`,
  ];
  const keys = Prisma.join(dims.map((d) => d.group), ', ');
  const groupBy = dims.length === 0 ? Prisma.empty : q.totals ? Prisma.sql`GROUP BY CUBE (${keys})` : Prisma.sql`GROUP BY ${keys}`;
  const orderBy = dims.length === 0 ? Prisma.empty
    : Prisma.sql`ORDER BY ${Prisma.join(dims.map((d) => Prisma.sql`${d.group} NULLS LAST`), ', ')}`;
  const where = p.where.length === 0 ? Prisma.sql`TRUE` : Prisma.join(p.where, ' AND ');
  return Prisma.sql`SELECT ${Prisma.join(select, ', ')}
    FROM ${p.from}
    WHERE ${where} ${groupBy} ${orderBy}`;
}
