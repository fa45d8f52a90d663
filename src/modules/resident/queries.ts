import { builder } from '../../builder.js';
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
    residenceType: t.field({ type: ResidenceType, required: false }),
    status: t.field({ type: ResidentStatus, required: false }),
    ageMin: t.int({ required: false, description: 'Minimum age in whole years, inclusive' }),
    ageMax: t.int({ required: false, description: 'Maximum age in whole years, inclusive' }),
    nameContains: t.string({ required: false, description: 'Part of the name (at least one character)' }),
  }),
});

type ResidentFilterInput = typeof ResidentFilter.$inferInput;

/** Translates the API filter into a Prisma `where`, validating each part. */
export function residentWhere(filter: ResidentFilterInput | null | undefined): Prisma.ResidentWhereInput {
  if (!filter) return {};
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
    name: name ? { contains: name } : undefined,
    tags: filter.tag ? { some: { tag: { code: filter.tag } } } : undefined,
  };
}

builder.queryFields((t) => ({
  residents: t.prismaConnection({
    description: 'Residents matching a filter, in registration order',
    type: 'Resident',
    cursor: 'id',
    args: { filter: t.arg({ type: ResidentFilter, required: false }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.resident.findMany({ ...query, where: residentWhere(args.filter), orderBy: { id: 'asc' } }),
    totalCount: (_connection, args, ctx) => ctx.prisma.resident.count({ where: residentWhere(args.filter) }),
  }),
  resident: t.prismaField({
    description: 'One resident by ID',
    type: 'Resident',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.resident.findUnique({ ...query, where: { id: rowId('id', args.id, 'Resident') } }),
  }),
}));
