import { Prisma } from '../../../generated/prisma/client.js';
import { type GroupExpr, inList } from '../sql.js';
import type { DatasetQuery, Dimension } from './common.js';

// Places every dataset shares: the community a row belongs to, its subdistrict and district.

/**
 * Joins community `c` and subdistrict `s`. With `always` false the joins are left out when no
 * place dimension or place filter needs them (the communities filter uses the row's own
 * community column). Names are looked up per group, so no district join is needed.
 */
export function placeJoins(communityId: Prisma.Sql, q: DatasetQuery, always = true): Prisma.Sql {
  const needed =
    always ||
    q.dimensions.some((d) => d === 'DISTRICT' || d === 'SUBDISTRICT') ||
    q.filter.districtIds !== undefined ||
    q.filter.subdistrictIds !== undefined;
  return needed
    ? Prisma.sql`JOIN community c ON c.id = ${communityId} JOIN subdistrict s ON s.id = c.subdistrict_id`
    : Prisma.empty;
}

/**
 * DISTRICT, SUBDISTRICT and COMMUNITY: grouped on ids, the name looked up per group. COMMUNITY
 * groups on the row's own community column, so it needs no join: joining every row to its
 * community before grouping cost a sort of the whole table (2× slower over 1M residents).
 */
export function placeDimension(d: Dimension, communityId: Prisma.Sql): GroupExpr | undefined {
  switch (d) {
    case 'DISTRICT':
      return {
        group: Prisma.sql`s.district_id`,
        shown: (k) => Prisma.sql`(SELECT name FROM district WHERE id = ${k})`,
      };
    case 'SUBDISTRICT':
      return {
        group: Prisma.sql`s.id`,
        shown: (k) => Prisma.sql`(SELECT name FROM subdistrict WHERE id = ${k})`,
      };
    case 'COMMUNITY':
      return {
        group: communityId,
        shown: (k) => Prisma.sql`(SELECT name FROM community WHERE id = ${k})`,
      };
    default:
      return undefined;
  }
}

/** The place filters, on the row's community column (jurisdiction is the database's: row-level security). */
export function placeWhere(communityId: Prisma.Sql, q: DatasetQuery): Prisma.Sql[] {
  const f = q.filter;
  const parts: Prisma.Sql[] = [];
  if (f.districtIds) parts.push(inList(Prisma.sql`s.district_id`, f.districtIds));
  if (f.subdistrictIds) parts.push(inList(Prisma.sql`c.subdistrict_id`, f.subdistrictIds));
  if (f.communityIds) parts.push(inList(communityId, f.communityIds));
  return parts;
}
