import { Prisma } from '../../../generated/prisma/client.js';
import { bandSql, groupStatement, inList, placeDimension, placeJoins, placeWhere, sizeBandSql, tagFilterSql } from '../sql.js';
import type { DatasetDefinition, DatasetQuery, Dimension, Measure } from './common.js';

/**
 * RESIDENTS: one row per resident. `n` counts distinct residents (a resident counts once under
 * each tag held, so a TAG dimension counts distinct ids). Age and age band are computed in an
 * inner select, so outer expressions carry no parameters (GROUP BY compares expressions as text).
 */
function residentsSql(today: string, cutoffs: string[]): Prisma.Sql {
  return Prisma.sql`(SELECT id, household_id, community_id, gender, residence_type, status,
    date_part('year', age(${today}::date, birth_date))::int AS age,
    ${bandSql(Prisma.sql`birth_date`, cutoffs)} AS band FROM resident)`;
}

/** Members per household, for HOUSEHOLD_SIZE (only joined when used; members share a community). */
function sizesSql(scope: number[] | null): Prisma.Sql {
  const where = scope === null ? Prisma.empty : Prisma.sql`WHERE ${inList(Prisma.sql`community_id`, scope)}`;
  return Prisma.sql`LEFT JOIN (SELECT household_id, count(*)::int AS size FROM resident ${where} GROUP BY household_id) hs
    ON hs.household_id = r.household_id`;
}

const householdSize = sizeBandSql(Prisma.sql`hs.size`);

function dimension(d: Dimension) {
  const place = placeDimension(d, Prisma.sql`r.community_id`);
  if (place) return place;
  switch (d) {
    case 'AGE_BAND': return { group: Prisma.sql`r.band`, shown: Prisma.sql`min(r.band)` };
    case 'GENDER': return { group: Prisma.sql`r.gender`, shown: Prisma.sql`min(r.gender::text)` };
    case 'RESIDENCE_TYPE': return { group: Prisma.sql`r.residence_type`, shown: Prisma.sql`min(r.residence_type::text)` };
    case 'STATUS': return { group: Prisma.sql`r.status`, shown: Prisma.sql`min(r.status::text)` };
    case 'TAG': return { group: Prisma.sql`t.code`, shown: Prisma.sql`min(t.code)` };
    case 'HOUSEHOLD_SIZE': return { group: householdSize, shown: householdSize };
    default: throw new Error(`RESIDENTS has no dimension ${d}`);
  }
}

function measure(m: Measure, distinct: boolean): Prisma.Sql {
  const a = Prisma.sql`r.age`;
  switch (m) {
    case 'COUNT': case 'DISTINCT_RESIDENTS': return distinct ? Prisma.sql`count(DISTINCT r.id)::int` : Prisma.sql`count(*)::int`;
    case 'AVG_AGE': return Prisma.sql`round(avg(${a})::numeric, 1)::float8`;
    case 'MIN_AGE': return Prisma.sql`min(${a})`;
    case 'MAX_AGE': return Prisma.sql`max(${a})`;
    case 'HOUSEHOLDS': return Prisma.sql`count(DISTINCT r.household_id)::int`;
    default: throw new Error(`RESIDENTS has no measure ${m}`);
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
  const sizeJoin = bySize ? Prisma.sql` ${sizesSql(q.scope)}` : Prisma.empty;
  return groupStatement(q, {
    from: Prisma.sql`${residentsSql(q.today, q.bandCutoffs)} r ${placeJoins(Prisma.sql`r.community_id`, q, false)}${tagJoin}${sizeJoin}`,
    dimension,
    measure: (m) => measure(m, byTag),
    people: byTag ? Prisma.sql`count(DISTINCT r.id)::int` : Prisma.sql`count(*)::int`,
    where: where(q),
  });
}

export const residents: DatasetDefinition = {
  dataset: 'RESIDENTS',
  countLabel: '人数 Residents',
  dimensions: ['DISTRICT', 'SUBDISTRICT', 'COMMUNITY', 'AGE_BAND', 'GENDER', 'RESIDENCE_TYPE', 'STATUS', 'TAG', 'HOUSEHOLD_SIZE'],
  measures: ['COUNT', 'DISTINCT_RESIDENTS', 'AVG_AGE', 'MIN_AGE', 'MAX_AGE', 'HOUSEHOLDS'],
  filters: ['districts', 'subdistricts', 'communities', 'ageBands', 'genders', 'residenceTypes', 'statuses', 'tags', 'householdSizes'],
  counts: 'residents',
  sql,
};
