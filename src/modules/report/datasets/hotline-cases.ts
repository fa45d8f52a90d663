import { Prisma } from '../../../generated/prisma/client.js';
import { aggregates, asText, daySql, inList, monthSql, timeWhere } from '../sql.js';
import { groupStatement } from '../statement.js';
import { placeDimension, placeJoins, placeWhere } from './place.js';
import type { DatasetDefinition, DatasetQuery, Dimension, Measure } from './common.js';

/**
 * HOTLINE_CASES: one row per 12345 ticket, placed in its community; MONTH is the month it was
 * received (China Standard Time). A case names no resident, and the only personal field of a
 * case (its summary) cannot be used in a report, so no graded field is ever used and no report of
 * cases is protected; `n` is the number of cases.
 */
const month = monthSql(Prisma.sql`hc.received_at`);
const day = daySql(Prisma.sql`hc.received_at`);

function dimension(d: Dimension) {
  const place = placeDimension(d, Prisma.sql`hc.community_id`);
  if (place) return place;
  switch (d) {
    case 'MONTH':
      return month;
    case 'DAY':
      return day;
    case 'HOTLINE_CATEGORY':
      return { group: Prisma.sql`hc.category`, shown: asText };
    case 'HOTLINE_STATUS':
      return { group: Prisma.sql`hc.status`, shown: asText };
    case 'COMMITTEE_ROLE':
      return { group: Prisma.sql`hc.role`, shown: asText };
    default:
      throw new Error(`HOTLINE_CASES has no dimension ${d}`);
  }
}

function measure(m: Measure) {
  if (m === 'COUNT') return aggregates.rows;
  throw new Error(`HOTLINE_CASES has no measure ${m}`);
}

function where(q: DatasetQuery): Prisma.Sql[] {
  const f = q.filter;
  const parts = [
    ...placeWhere(Prisma.sql`hc.community_id`, q),
    ...timeWhere(Prisma.sql`hc.received_at`, f),
  ];
  if (f.hotlineCategories) parts.push(inList(Prisma.sql`hc.category`, f.hotlineCategories));
  if (f.hotlineStatuses) parts.push(inList(Prisma.sql`hc.status::text`, f.hotlineStatuses));
  if (f.committeeRoles) parts.push(inList(Prisma.sql`hc.role::text`, f.committeeRoles));
  return parts;
}

export const hotlineCases: DatasetDefinition = {
  dataset: 'HOTLINE_CASES',
  countLabel: '工单数 Hotline cases',
  dimensions: [
    'DISTRICT',
    'SUBDISTRICT',
    'COMMUNITY',
    'MONTH',
    'DAY',
    'HOTLINE_CATEGORY',
    'HOTLINE_STATUS',
    'COMMITTEE_ROLE',
  ],
  measures: ['COUNT'],
  filters: [
    'districts',
    'subdistricts',
    'communities',
    'months',
    'from',
    'to',
    'hotlineCategories',
    'hotlineStatuses',
    'committeeRoles',
  ],
  counts: 'cases',
  sql: (q) =>
    groupStatement(q, {
      from: Prisma.sql`hotline_case hc ${placeJoins(Prisma.sql`hc.community_id`, q, false)}`,
      dimension,
      measure,
      people: aggregates.rows,
      where: where(q),
    }),
};
