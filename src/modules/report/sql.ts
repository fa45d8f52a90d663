import { Prisma } from '../../generated/prisma/client.js';

/**
 * SQL of the RESIDENTS dataset. Every value reaches the database as a bound parameter
 * (Prisma.sql / Prisma.join); only fixed fragments of this file are SQL text.
 */
export type Dimension = 'SUBDISTRICT' | 'COMMUNITY' | 'AGE_BAND' | 'GENDER' | 'RESIDENCE_TYPE' | 'STATUS' | 'TAG';
export type Measure = 'COUNT' | 'AVG_AGE' | 'MIN_AGE' | 'MAX_AGE' | 'HOUSEHOLDS';

export interface ResidentFilterSql {
  subdistrictIds?: number[];
  communityIds?: number[];
  ageBands?: string[];
  genders?: string[];
  residenceTypes?: string[];
  statuses?: string[];
  tags?: string[];
}

export interface ResidentReportSql {
  dimensions: Dimension[];
  measures: Measure[];
  filter: ResidentFilterSql;
  /** Jurisdiction: community ids, null for the whole district. */
  scope: number[] | null;
  /** Tag codes a TAG dimension may show. */
  tagCodes: string[];
  totals: boolean;
  /** The day ages are counted on, YYYY-MM-DD. */
  today: string;
  /** Latest birth dates (YYYY-MM-DD) of ages 18, 35, 60, 70, 80 on `today`. */
  bandCutoffs: string[];
}

/**
 * Age and age band are computed in an inner select, so outer expressions carry no parameters. The
 * band compares the birth date with bound cut-off dates (cheaper than age() per row); `bandCutoffs`
 * are the latest birth dates of ages 18, 35, 60, 70 and 80 on `today` (YYYY-MM-DD).
 */
function residentsSql(today: string, cutoffs: string[]): Prisma.Sql {
  const [c18, c35, c60, c70, c80] = cutoffs;
  return Prisma.sql`(SELECT id, household_id, community_id, gender, residence_type, status,
    date_part('year', age(${today}::date, birth_date))::int AS age,
    CASE WHEN birth_date > ${c18}::date THEN '0-17' WHEN birth_date > ${c35}::date THEN '18-34'
    WHEN birth_date > ${c60}::date THEN '35-59' WHEN birth_date > ${c70}::date THEN '60-69'
    WHEN birth_date > ${c80}::date THEN '70-79' ELSE '80+' END AS band FROM resident)`;
}

/** Per dimension: what is grouped on (a stable key) and what is shown. */
function dimensionSql(d: Dimension): { group: Prisma.Sql; shown: Prisma.Sql } {
  switch (d) {
    case 'SUBDISTRICT': return { group: Prisma.sql`s.id`, shown: Prisma.sql`min(s.name)` };
    case 'COMMUNITY': return { group: Prisma.sql`c.id`, shown: Prisma.sql`min(c.name)` };
    case 'AGE_BAND': return { group: Prisma.sql`r.band`, shown: Prisma.sql`min(r.band)` };
    case 'GENDER': return { group: Prisma.sql`r.gender`, shown: Prisma.sql`min(r.gender::text)` };
    case 'RESIDENCE_TYPE': return { group: Prisma.sql`r.residence_type`, shown: Prisma.sql`min(r.residence_type::text)` };
    case 'STATUS': return { group: Prisma.sql`r.status`, shown: Prisma.sql`min(r.status::text)` };
    case 'TAG': return { group: Prisma.sql`t.code`, shown: Prisma.sql`min(t.code)` };
  }
}

function measureSql(m: Measure, distinct: boolean): Prisma.Sql {
  const a = Prisma.sql`r.age`;
  switch (m) {
    case 'COUNT': return distinct ? Prisma.sql`count(DISTINCT r.id)::int` : Prisma.sql`count(*)::int`;
    case 'AVG_AGE': return Prisma.sql`round(avg(${a})::numeric, 1)::float8`;
    case 'MIN_AGE': return Prisma.sql`min(${a})`;
    case 'MAX_AGE': return Prisma.sql`max(${a})`;
    case 'HOUSEHOLDS': return Prisma.sql`count(DISTINCT r.household_id)::int`;
  }
}

const inList = (column: Prisma.Sql, values: readonly unknown[]) =>
  values.length === 0 ? Prisma.sql`FALSE` : Prisma.sql`${column} IN (${Prisma.join(values)})`;

function whereSql(q: ResidentReportSql): Prisma.Sql {
  const f = q.filter;
  const parts: Prisma.Sql[] = [];
  if (q.scope !== null) parts.push(inList(Prisma.sql`r.community_id`, q.scope));
  if (f.subdistrictIds) parts.push(inList(Prisma.sql`c.subdistrict_id`, f.subdistrictIds));
  if (f.communityIds) parts.push(inList(Prisma.sql`r.community_id`, f.communityIds));
  if (f.ageBands) parts.push(inList(Prisma.sql`r.band`, f.ageBands));
  if (f.genders) parts.push(inList(Prisma.sql`r.gender::text`, f.genders));
  if (f.residenceTypes) parts.push(inList(Prisma.sql`r.residence_type::text`, f.residenceTypes));
  if (f.statuses) parts.push(inList(Prisma.sql`r.status::text`, f.statuses));
  if (f.tags) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM resident_tag ft JOIN tag ftt ON ftt.id = ft.tag_id
      WHERE ft.resident_id = r.id AND ${inList(Prisma.sql`ftt.code`, f.tags)})`);
  }
  return parts.length === 0 ? Prisma.sql`TRUE` : Prisma.join(parts, ' AND ');
}

/**
 * One GROUP BY statement (CUBE when totals are asked for). Columns: d0…dn (shown values), k0…kn (group keys), g0…gn
 * (1 when the row totals over that dimension), m0…mn (measures), n (distinct people, for suppression).
 */
export function residentReportSql(q: ResidentReportSql): Prisma.Sql {
  const dims = q.dimensions.map((d) => dimensionSql(d));
  const byTag = q.dimensions.includes('TAG');
  const select: Prisma.Sql[] = [
    ...dims.map((d, i) => Prisma.sql`${d.shown} AS ${Prisma.raw(`d${i}`)}`),
    ...dims.map((d, i) => Prisma.sql`GROUPING(${d.group})::int AS ${Prisma.raw(`g${i}`)}`),
    ...dims.map((d, i) => Prisma.sql`${d.group}::text AS ${Prisma.raw(`k${i}`)}`),
    ...q.measures.map((m, i) => Prisma.sql`${measureSql(m, byTag)} AS ${Prisma.raw(`m${i}`)}`),
    byTag ? Prisma.sql`count(DISTINCT r.id)::int AS n` : Prisma.sql`count(*)::int AS n`,
  ];
  const tagJoin = byTag
    ? Prisma.sql`JOIN resident_tag rt ON rt.resident_id = r.id JOIN tag t ON t.id = rt.tag_id AND ${inList(Prisma.sql`t.code`, q.tagCodes)}`
    : Prisma.empty;
  const keys = Prisma.join(dims.map((d) => d.group), ', ');
  const groupBy = dims.length === 0 ? Prisma.empty : q.totals ? Prisma.sql`GROUP BY CUBE (${keys})` : Prisma.sql`GROUP BY ${keys}`;
  const orderBy = dims.length === 0 ? Prisma.empty
    : Prisma.sql`ORDER BY ${Prisma.join(dims.map((d) => Prisma.sql`${d.group} NULLS LAST`), ', ')}`;
  return Prisma.sql`SELECT ${Prisma.join(select, ', ')}
    FROM ${residentsSql(q.today, q.bandCutoffs)} r JOIN community c ON c.id = r.community_id JOIN subdistrict s ON s.id = c.subdistrict_id ${tagJoin}
    WHERE ${whereSql(q)} ${groupBy} ${orderBy}`;
}
