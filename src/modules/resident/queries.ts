import { tagGrantType } from '../../access/fields.js';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { badInput } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { optionalRowId, rowId } from '../common/ids.js';
import { birthDateRange, today } from './age.js';
import { ResidenceType, ResidentStatus } from './enums.js';

const ResidentFilter = builder.inputType('ResidentFilter', {
  description: 'Filters for residents; all given filters must match',
  fields: (t) => ({
    community: t.id({ required: false, description: 'Community ID' }),
    household: t.id({ required: false, description: 'Household ID' }),
    tag: t.string({ required: false, description: 'Tag code, e.g. ELDERLY_ALONE' }),
    residenceType: t.field({ type: ResidenceType, required: false, description: '户籍类型 Residence type' }),
    status: t.field({ type: ResidentStatus, required: false, description: '人员状态 Status, e.g. ACTIVE' }),
    ageMin: t.int({ required: false, description: 'Minimum age in whole years, inclusive' }),
    ageMax: t.int({ required: false, description: 'Maximum age in whole years, inclusive' }),
    nameContains: t.string({ required: false, description: 'Part of the name (at least one character)' }),
  }),
});

type ResidentFilterInput = typeof ResidentFilter.$inferInput;

/**
 * A filter on a personal field reveals that field (a name search is an oracle for names), so it
 * needs what reading it in full needs: a purpose and a FULL grant (for a sensitive tag: MASKED).
 */
async function checkFilterGrants(ctx: Context, filter: ResidentFilterInput) {
  if (filter.nameContains != null) await ctx.access.require('Resident', 'name', 'FULL', 'filter.nameContains');
  if (filter.ageMin != null || filter.ageMax != null) await ctx.access.require('Resident', 'age', 'FULL', 'filter.ageMin/ageMax');
  if (filter.tag != null) {
    const tag = await ctx.db.tag.findUnique({ where: { code: filter.tag }, select: { sensitive: true } });
    if (tag?.sensitive) await ctx.access.require(tagGrantType, filter.tag, 'MASKED', 'filter.tag');
  }
}

/**
 * Prisma's `contains` becomes `LIKE '%' || value || '%'` without escaping the value, so `%` and
 * `_` in a search would be wildcards (a search for `%` matched every name). Escaped with
 * PostgreSQL's default LIKE escape character, the backslash, they match themselves.
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/** Translates the API filter into a Prisma `where`, validating each part and its grants. */
export async function residentWhere(ctx: Context, filter: ResidentFilterInput | null | undefined): Promise<Prisma.ResidentWhereInput> {
  if (!filter) return {};
  await checkFilterGrants(ctx, filter);
  for (const key of ['ageMin', 'ageMax'] as const) {
    const value = filter[key];
    if (value != null && (value < 0 || value > 150)) throw badInput(`filter.${key}`, 'must be between 0 and 150');
  }
  if (filter.ageMin != null && filter.ageMax != null && filter.ageMin > filter.ageMax) {
    throw badInput('filter.ageMax', 'must not be less than ageMin');
  }
  const name = filter.nameContains?.trim();
  if (filter.nameContains != null && (!name || name.length > 32)) {
    throw badInput('filter.nameContains', 'must be 1 to 32 characters');
  }
  const ages = filter.ageMin != null || filter.ageMax != null;
  return {
    communityId: optionalRowId('filter.community', filter.community, 'Community'),
    householdId: optionalRowId('filter.household', filter.household, 'Household'),
    residenceType: filter.residenceType ?? undefined,
    status: filter.status ?? undefined,
    birthDate: ages ? birthDateRange(today(), filter.ageMin, filter.ageMax) : undefined,
    name: name ? { contains: likeLiteral(name) } : undefined,
    tags: filter.tag ? { some: { tag: { code: filter.tag } } } : undefined,
  };
}

/** The page and its totalCount share one filter object per request: check its grants once. */
const whereOf = new WeakMap<object, Promise<Prisma.ResidentWhereInput>>();
function residentWhereOnce(ctx: Context, filter: ResidentFilterInput | null | undefined) {
  if (!filter) return residentWhere(ctx, filter);
  let where = whereOf.get(filter);
  if (!where) whereOf.set(filter, (where = residentWhere(ctx, filter)));
  return where;
}

builder.queryFields((t) => ({
  residents: t.prismaConnection({
    description: 'Residents matching a filter, in registration order',
    type: 'Resident',
    cursor: 'id',
    args: { filter: t.arg({ type: ResidentFilter, required: false, description: 'Only residents matching all given filters' }) },
    resolve: async (query, _root, args, ctx) =>
      ctx.prisma.resident.findMany({ ...query, where: await residentWhereOnce(ctx, args.filter), orderBy: { id: 'asc' } }),
    totalCount: async (_connection, args, ctx) => ctx.prisma.resident.count({ where: await residentWhereOnce(ctx, args.filter) }),
  }),
  resident: t.prismaField({
    description: 'One resident by ID',
    type: 'Resident',
    nullable: true,
    args: { id: t.arg.id({ required: true, description: 'Resident ID' }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.resident.findUnique({ ...query, where: { id: rowId('id', args.id, 'Resident') } }),
  }),
}));
