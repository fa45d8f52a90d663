import { Prisma } from '../../../generated/prisma/client.js';
import {
  type Aggregate,
  ageBandDimension,
  aggregates,
  asText,
  bandFlagsSql,
  bandSql,
  cellKeys,
  itself,
  inList,
  keyed,
  sizeBandSql,
  tagFilterSql,
} from '../sql.js';
import { groupStatement } from '../statement.js';
import { placeDimension, placeJoins, placeWhere } from './place.js';
import type { DatasetDefinition, DatasetQuery, Dimension, Measure } from './common.js';

/**
 * RESIDENTS: one row per resident. `n` counts distinct residents (a resident counts once under
 * each tag held, so a TAG dimension counts distinct ids). Age, age band and the band's flags are
 * computed in an inner select, so outer expressions carry no parameters (GROUP BY compares
 * expressions as text).
 */
function residentsSql(today: string, cutoffs: string[]): Prisma.Sql {
  return Prisma.sql`(SELECT id, household_id, community_id, gender, residence_type, status, cell_key,
    date_part('year', age(${today}::date, birth_date))::int AS age,
    ${bandSql(Prisma.sql`birth_date`, cutoffs)} AS band, ${bandFlagsSql(Prisma.sql`birth_date`, cutoffs)} FROM resident)`;
}

/** Members per household, for HOUSEHOLD_SIZE (only joined when used; members share a community). */
function sizesSql(): Prisma.Sql {
  return Prisma.sql`LEFT JOIN (SELECT household_id, count(*)::int AS size FROM resident GROUP BY household_id) hs
    ON hs.household_id = r.household_id`;
}

const householdSize = sizeBandSql(Prisma.sql`hs.size`);

function dimension(d: Dimension) {
  const place = placeDimension(d, Prisma.sql`r.community_id`);
  if (place) return place;
  switch (d) {
    case 'AGE_BAND':
      return ageBandDimension;
    case 'GENDER':
      return { group: Prisma.sql`r.gender`, shown: asText };
    case 'RESIDENCE_TYPE':
      return { group: Prisma.sql`r.residence_type`, shown: asText };
    case 'STATUS':
      return { group: Prisma.sql`r.status`, shown: asText };
    case 'TAG':
      return { group: Prisma.sql`t.code`, shown: asText };
    case 'HOUSEHOLD_SIZE':
      return { group: householdSize, shown: itself };
    default:
      throw new Error(`RESIDENTS has no dimension ${d}`);
  }
}

/**
 * Under a TAG dimension a resident is one row per tag held, so people are counted DISTINCT; that
 * and distinct households cannot be summed over groups and keep totals single-level. Each count
 * carries the cell key of the people (or households) it counts.
 */
const people = (distinct: boolean) =>
  distinct
    ? keyed(
        aggregates.only(Prisma.sql`count(DISTINCT r.id)::int`),
        cellKeys.distinct(Prisma.sql`r.id`, Prisma.sql`r.cell_key`),
      )
    : keyed(aggregates.rows, cellKeys.sum(Prisma.sql`r.cell_key`));

/** Distinct households, keyed by the households' own keys (`hk`, joined only for a protected report). */
const households = keyed(
  aggregates.only(Prisma.sql`count(DISTINCT r.household_id)::int`),
  cellKeys.distinct(Prisma.sql`hk.id`, Prisma.sql`hk.cell_key`),
);

function measure(m: Measure, distinct: boolean): Aggregate {
  const a = Prisma.sql`r.age`;
  switch (m) {
    case 'COUNT':
    case 'DISTINCT_RESIDENTS':
      return people(distinct);
    case 'AVG_AGE':
      return aggregates.avg(a, 1);
    case 'MIN_AGE':
      return aggregates.min(a);
    case 'MAX_AGE':
      return aggregates.max(a);
    case 'HOUSEHOLDS':
      return households;
    default:
      throw new Error(`RESIDENTS has no measure ${m}`);
  }
}

function where(q: DatasetQuery): Prisma.Sql[] {
  const f = q.filter;
  const parts = placeWhere(Prisma.sql`r.community_id`, q);
  if (f.ageBands) parts.push(inList(Prisma.sql`r.band`, f.ageBands));
  if (f.genders) parts.push(inList(Prisma.sql`r.gender::text`, f.genders));
  if (f.residenceTypes) parts.push(inList(Prisma.sql`r.residence_type::text`, f.residenceTypes));
  if (f.statuses) parts.push(inList(Prisma.sql`r.status::text`, f.statuses));
  if (f.householdSizes) parts.push(inList(householdSize, f.householdSizes));
  if (f.tags) parts.push(tagFilterSql(Prisma.sql`r.id`, f.tags));
  return parts;
}

function sql(q: DatasetQuery): Prisma.Sql {
  const byTag = q.dimensions.includes('TAG');
  const tagJoin = byTag
    ? Prisma.sql` JOIN resident_tag rt ON rt.resident_id = r.id JOIN tag t ON t.id = rt.tag_id AND ${inList(Prisma.sql`t.code`, q.tagCodes)}`
    : Prisma.empty;
  const bySize = q.dimensions.includes('HOUSEHOLD_SIZE') || q.filter.householdSizes !== undefined;
  const sizeJoin = bySize ? Prisma.sql` ${sizesSql()}` : Prisma.empty;
  const householdKeys = q.protected && q.measures.includes('HOUSEHOLDS');
  const keyJoin = householdKeys
    ? Prisma.sql` LEFT JOIN household hk ON hk.id = r.household_id`
    : Prisma.empty;
  return groupStatement(q, {
    from: Prisma.sql`${residentsSql(q.today, q.bandCutoffs)} r ${placeJoins(Prisma.sql`r.community_id`, q, false)}${tagJoin}${sizeJoin}${keyJoin}`,
    dimension,
    measure: (m) => measure(m, byTag),
    people: people(byTag),
    where: where(q),
  });
}

export const residents: DatasetDefinition = {
  dataset: 'RESIDENTS',
  countLabel: '人数 Residents',
  dimensions: [
    'DISTRICT',
    'SUBDISTRICT',
    'COMMUNITY',
    'AGE_BAND',
    'GENDER',
    'RESIDENCE_TYPE',
    'STATUS',
    'TAG',
    'HOUSEHOLD_SIZE',
  ],
  measures: ['COUNT', 'DISTINCT_RESIDENTS', 'AVG_AGE', 'MIN_AGE', 'MAX_AGE', 'HOUSEHOLDS'],
  filters: [
    'districts',
    'subdistricts',
    'communities',
    'ageBands',
    'genders',
    'residenceTypes',
    'statuses',
    'tags',
    'householdSizes',
  ],
  counts: 'residents',
  sql,
};
