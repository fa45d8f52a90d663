import { checkFilter, recordFilterRead, type Revealed } from '../../access/filters.js';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { badInput } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { optionalRowId, rowId } from '../common/ids.js';
import { birthDateRange, today } from './age.js';
import { ResidenceType, ResidentStatus } from './enums.js';

const ResidentFilter = builder.inputType('ResidentFilter', {
  description: 'Filters for residents; all given filters must match',
  // A filter is a read: each argument declares the personal field it reveals (src/access/filters.ts).
  filtersPeople: true,
  fields: (t) => ({
    community: t.id({
      required: false,
      description: 'Community ID',
      public: 'the jurisdiction: which community a row belongs to is not personal',
    }),
    household: t.id({ required: false, description: 'Household ID', reveals: 'Household.members' }),
    tag: t.string({ required: false, description: 'Tag code, e.g. ELDERLY_ALONE', reveals: 'Tag' }),
    residenceType: t.field({
      type: ResidenceType,
      required: false,
      description: '户籍类型 Residence type',
      public: 'Resident.residenceType is public',
    }),
    status: t.field({
      type: ResidentStatus,
      required: false,
      description: '人员状态 Status, e.g. ACTIVE',
      reveals: 'Resident.status',
    }),
    ageMin: t.int({
      required: false,
      description: 'Minimum age in whole years, inclusive',
      reveals: 'Resident.age',
    }),
    ageMax: t.int({
      required: false,
      description: 'Maximum age in whole years, inclusive',
      reveals: 'Resident.age',
    }),
    nameContains: t.string({
      required: false,
      description: 'Part of the name (at least one character)',
      reveals: 'Resident.name',
    }),
  }),
});

type ResidentFilterInput = typeof ResidentFilter.$inferInput;

interface Filtered {
  where: Prisma.ResidentWhereInput;
  /** Personal fields the filter used: recorded with the residents it matched. */
  revealed: Revealed[];
}

/**
 * Prisma's `contains` becomes `LIKE '%' || value || '%'` without escaping the value, so `%` and
 * `_` in a search would be wildcards (a search for `%` matched every name). Escaped with
 * PostgreSQL's default LIKE escape character, the backslash, they match themselves.
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

/** Translates the API filter into a Prisma `where`, validating each part; a filter is a read (checkFilter). */
export async function residentWhere(
  ctx: Context,
  filter: ResidentFilterInput | null | undefined,
): Promise<Filtered> {
  if (!filter) return { where: {}, revealed: [] };
  const revealed = await checkFilter(ctx, 'ResidentFilter', filter);
  for (const key of ['ageMin', 'ageMax'] as const) {
    const value = filter[key];
    if (value != null && (value < 0 || value > 150))
      throw badInput(`filter.${key}`, 'must be between 0 and 150');
  }
  if (filter.ageMin != null && filter.ageMax != null && filter.ageMin > filter.ageMax) {
    throw badInput('filter.ageMax', 'must not be less than ageMin');
  }
  const name = filter.nameContains?.trim();
  if (filter.nameContains != null && (!name || name.length > 32)) {
    throw badInput('filter.nameContains', 'must be 1 to 32 characters');
  }
  const ages = filter.ageMin != null || filter.ageMax != null;
  const where: Prisma.ResidentWhereInput = {
    communityId: optionalRowId('filter.community', filter.community, 'Community'),
    householdId: optionalRowId('filter.household', filter.household, 'Household'),
    residenceType: filter.residenceType ?? undefined,
    status: filter.status ?? undefined,
    birthDate: ages ? birthDateRange(today(), filter.ageMin, filter.ageMax) : undefined,
    name: name ? { contains: likeLiteral(name) } : undefined,
    tags: filter.tag ? { some: { tag: { code: filter.tag } } } : undefined,
  };
  return { where, revealed };
}

builder.queryFields((t) => ({
  residents: t.prismaConnection({
    description: 'Residents matching a filter, in registration order',
    type: 'Resident',
    cursor: 'id',
    args: {
      filter: t.arg({
        type: ResidentFilter,
        required: false,
        description: 'Only residents matching all given filters',
      }),
    },
    resolve: async (query, _root, args, ctx) => {
      const { where, revealed } = await residentWhere(ctx, args.filter);
      const rows = await ctx.prisma.resident.findMany({ ...query, where, orderBy: { id: 'asc' } });
      recordFilterRead(
        ctx,
        revealed,
        rows.map((r) => r.id),
      );
      return rows;
    },
    totalCount: async (_connection, args, ctx) => {
      const { where, revealed } = await residentWhere(ctx, args.filter);
      recordFilterRead(ctx, revealed);
      return ctx.prisma.resident.count({ where });
    },
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
