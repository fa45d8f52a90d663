import { Prisma } from '../../../generated/prisma/client.js';
import {
  type Aggregate,
  ageBandDimension,
  aggregates,
  asText,
  bandFlagsSql,
  bandSql,
  cellKeys,
  daySql,
  inList,
  keyed,
  monthSql,
  tagFilterSql,
  timeWhere,
} from '../sql.js';
import { groupStatement } from '../statement.js';
import { placeDimension, placeJoins, placeWhere } from './place.js';
import type { DatasetDefinition, DatasetQuery, Dimension, Measure } from './common.js';

/**
 * SERVICE_RECORDS: one row per home visit, subsidy, reminder or certificate, placed in the
 * community it was recorded in (jurisdiction and place dimensions follow it). Resident
 * dimensions describe the person served as of today. `n` counts the distinct residents served
 * (ten visits to one person are still one person); it is NULL when disclosure control does not apply.
 */
function residentSql(cutoffs: string[]): Prisma.Sql {
  return Prisma.sql`(SELECT id, household_id, gender, residence_type, status, cell_key,
    ${bandSql(Prisma.sql`birth_date`, cutoffs)} AS band, ${bandFlagsSql(Prisma.sql`birth_date`, cutoffs)} FROM resident)`;
}

const month = monthSql(Prisma.sql`sr.occurred_at`);
const day = daySql(Prisma.sql`sr.occurred_at`);

function dimension(d: Dimension) {
  const place = placeDimension(d, Prisma.sql`sr.community_id`);
  if (place) return place;
  switch (d) {
    case 'SERVICE_KIND':
      return { group: Prisma.sql`sr.kind`, shown: asText };
    case 'MONTH':
      return month;
    case 'DAY':
      return day;
    case 'AGE_BAND':
      return ageBandDimension;
    case 'GENDER':
      return { group: Prisma.sql`r.gender`, shown: asText };
    case 'RESIDENCE_TYPE':
      return { group: Prisma.sql`r.residence_type`, shown: asText };
    case 'STATUS':
      return { group: Prisma.sql`r.status`, shown: asText };
    default:
      throw new Error(`SERVICE_RECORDS has no dimension ${d}`);
  }
}

/** The people served, keyed by their own keys (the resident is joined when the report is protected). */
const people = keyed(
  aggregates.only(Prisma.sql`count(DISTINCT sr.resident_id)::int`),
  cellKeys.distinct(Prisma.sql`r.id`, Prisma.sql`r.cell_key`),
);

/**
 * Distinct people and households cannot be summed over groups: they keep totals single-level.
 * Records are keyed by the records' keys, people and households by theirs.
 */
function measure(m: Measure): Aggregate {
  switch (m) {
    case 'COUNT':
      return keyed(aggregates.rows, cellKeys.sum(Prisma.sql`sr.cell_key`));
    case 'DISTINCT_RESIDENTS':
      return people;
    case 'HOUSEHOLDS':
      return keyed(
        aggregates.only(Prisma.sql`count(DISTINCT r.household_id)::int`),
        cellKeys.distinct(Prisma.sql`hk.id`, Prisma.sql`hk.cell_key`),
      );
    default:
      throw new Error(`SERVICE_RECORDS has no measure ${m}`);
  }
}

function where(q: DatasetQuery): Prisma.Sql[] {
  const f = q.filter;
  const parts = [
    ...placeWhere(Prisma.sql`sr.community_id`, q),
    ...timeWhere(Prisma.sql`sr.occurred_at`, f),
  ];
  if (f.serviceKinds) parts.push(inList(Prisma.sql`sr.kind::text`, f.serviceKinds));
  if (f.ageBands) parts.push(inList(Prisma.sql`r.band`, f.ageBands));
  if (f.genders) parts.push(inList(Prisma.sql`r.gender::text`, f.genders));
  if (f.residenceTypes) parts.push(inList(Prisma.sql`r.residence_type::text`, f.residenceTypes));
  if (f.statuses) parts.push(inList(Prisma.sql`r.status::text`, f.statuses));
  if (f.tags) parts.push(tagFilterSql(Prisma.sql`sr.resident_id`, f.tags));
  return parts;
}

/** The resident is joined only when a dimension, filter or measure needs it, or the cell keys of people. */
function needsResident(q: DatasetQuery): boolean {
  const f = q.filter;
  return (
    q.protected ||
    q.dimensions.some((d) => ['AGE_BAND', 'GENDER', 'RESIDENCE_TYPE', 'STATUS'].includes(d)) ||
    q.measures.includes('HOUSEHOLDS') ||
    [f.ageBands, f.genders, f.residenceTypes, f.statuses].some((list) => list !== undefined)
  );
}

function sql(q: DatasetQuery): Prisma.Sql {
  const resident = needsResident(q)
    ? Prisma.sql` JOIN ${residentSql(q.bandCutoffs)} r ON r.id = sr.resident_id`
    : Prisma.empty;
  const householdKeys = q.protected && q.measures.includes('HOUSEHOLDS');
  const keyJoin = householdKeys
    ? Prisma.sql` LEFT JOIN household hk ON hk.id = r.household_id`
    : Prisma.empty;
  return groupStatement(q, {
    from: Prisma.sql`service_record sr ${placeJoins(Prisma.sql`sr.community_id`, q, false)}${resident}${keyJoin}`,
    dimension,
    measure,
    // Counting distinct people is the expensive part; only disclosure control needs it.
    people: q.protected ? people : aggregates.none,
    where: where(q),
  });
}

export const serviceRecords: DatasetDefinition = {
  dataset: 'SERVICE_RECORDS',
  countLabel: '记录数 Service records',
  dimensions: [
    'DISTRICT',
    'SUBDISTRICT',
    'COMMUNITY',
    'SERVICE_KIND',
    'MONTH',
    'DAY',
    'AGE_BAND',
    'GENDER',
    'RESIDENCE_TYPE',
    'STATUS',
  ],
  measures: ['COUNT', 'DISTINCT_RESIDENTS', 'HOUSEHOLDS'],
  filters: [
    'districts',
    'subdistricts',
    'communities',
    'serviceKinds',
    'months',
    'from',
    'to',
    'ageBands',
    'genders',
    'residenceTypes',
    'statuses',
    'tags',
  ],
  counts: 'residents',
  sql,
};
