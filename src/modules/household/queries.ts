import { builder } from '../../builder.js';
import { optionalRowId, rowId } from '../common/ids.js';

const HouseholdFilter = builder.inputType('HouseholdFilter', {
  description: 'Filters for households; all given filters must match',
  filtersPeople: true,
  fields: (t) => ({
    community: t.id({ required: false, description: 'Community ID', public: 'the jurisdiction' }),
  }),
});

builder.queryFields((t) => ({
  households: t.prismaConnection({
    description: 'Households, in registration order',
    type: 'Household',
    cursor: 'id',
    args: {
      filter: t.arg({
        type: HouseholdFilter,
        required: false,
        description: 'Only households matching all given filters',
      }),
    },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.household.findMany({
        ...query,
        where: householdWhere(args.filter),
        orderBy: { id: 'asc' },
      }),
    totalCount: (_connection, args, ctx) =>
      ctx.prisma.household.count({ where: householdWhere(args.filter) }),
  }),
  household: t.prismaField({
    description: 'One household by ID',
    type: 'Household',
    nullable: true,
    args: { id: t.arg.id({ required: true, description: 'Household ID' }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.household.findUnique({
        ...query,
        where: { id: rowId('id', args.id, 'Household') },
      }),
  }),
}));

function householdWhere(filter: { community?: string | null } | null | undefined) {
  return { communityId: optionalRowId('filter.community', filter?.community, 'Community') };
}
