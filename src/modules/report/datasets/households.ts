import { Prisma } from '../../../generated/prisma/client.js';
import {
  type Aggregate,
  aggregates,
  bandSql,
  cellKeys,
  inList,
  itself,
  keyed,
  sizeBandSql,
} from '../sql.js';
import { groupStatement } from '../statement.js';
import { placeDimension, placeJoins, placeWhere } from './place.js';
import type { DatasetDefinition, DatasetQuery, Dimension, Measure } from './common.js';

/**
 * HOUSEHOLDS: one row per household, with its number of members (every resident linked to it,
 * whatever their status). `n` counts households: a cell of fewer than k households could single
 * one family out, however many members it has. Filters on members (age bands, tags) keep the
 * households with at least one member matching.
 */
const householdsSql = Prisma.sql`(SELECT h.id, h.community_id, h.cell_key, count(m.id)::int AS size,
    coalesce(sum(m.cell_key), 0) AS member_keys
    FROM household h LEFT JOIN resident m ON m.household_id = h.id GROUP BY h.id, h.community_id, h.cell_key)`;

const householdSize = sizeBandSql(Prisma.sql`hh.size`);

function dimension(d: Dimension) {
  const place = placeDimension(d, Prisma.sql`hh.community_id`);
  if (place) return place;
  if (d === 'HOUSEHOLD_SIZE') return { group: householdSize, shown: itself };
  throw new Error(`HOUSEHOLDS has no dimension ${d}`);
}

const householdCount = keyed(aggregates.rows, cellKeys.sum(Prisma.sql`hh.cell_key`));

/**
 * One row per household, so every measure is a count, sum or average of rows: all decomposable.
 * Households are keyed by their own keys, their members by the members' keys.
 */
function measure(m: Measure): Aggregate {
  switch (m) {
    case 'COUNT':
    case 'HOUSEHOLDS':
      return householdCount;
    case 'DISTINCT_RESIDENTS':
      return keyed(aggregates.sum(Prisma.sql`hh.size`), cellKeys.sum(Prisma.sql`hh.member_keys`));
    case 'AVG_HOUSEHOLD_SIZE':
      return aggregates.avg(Prisma.sql`hh.size`, 2);
    default:
      throw new Error(`HOUSEHOLDS has no measure ${m}`);
  }
}

function where(q: DatasetQuery): Prisma.Sql[] {
  const f = q.filter;
  const parts = placeWhere(Prisma.sql`hh.community_id`, q);
  if (f.householdSizes) parts.push(inList(householdSize, f.householdSizes));
  if (f.ageBands) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM resident fm WHERE fm.household_id = hh.id
      AND ${inList(bandSql(Prisma.sql`fm.birth_date`, q.bandCutoffs), f.ageBands)})`);
  }
  if (f.tags) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM resident fm JOIN resident_tag ft ON ft.resident_id = fm.id
      JOIN tag ftt ON ftt.id = ft.tag_id WHERE fm.household_id = hh.id AND ${inList(Prisma.sql`ftt.code`, f.tags)})`);
  }
  return parts;
}

export const households: DatasetDefinition = {
  dataset: 'HOUSEHOLDS',
  countLabel: '户数 Households',
  dimensions: ['DISTRICT', 'SUBDISTRICT', 'COMMUNITY', 'HOUSEHOLD_SIZE'],
  measures: ['COUNT', 'HOUSEHOLDS', 'DISTINCT_RESIDENTS', 'AVG_HOUSEHOLD_SIZE'],
  filters: ['districts', 'subdistricts', 'communities', 'householdSizes', 'ageBands', 'tags'],
  counts: 'households',
  sql: (q) =>
    groupStatement(q, {
      from: Prisma.sql`${householdsSql} hh ${placeJoins(Prisma.sql`hh.community_id`, q, false)}`,
      dimension,
      measure,
      people: householdCount,
      where: where(q),
    }),
};
