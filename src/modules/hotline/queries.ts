import './lead-signal-type.js';
import { builder } from '../../builder.js';
import { badInput } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { optionalRowId } from '../common/ids.js';
import { CommitteeRole, HotlineStatus } from './type.js';

const HotlineCaseFilter = builder.inputType('HotlineCaseFilter', {
  description: 'Filters for hotline cases; all given filters must match',
  filtersPeople: true,
  fields: (t) => ({
    community: t.id({ required: false, description: 'Community ID', public: 'the jurisdiction' }),
    category: t.string({
      required: false,
      description: '诉求类别 Category, exactly, e.g. 噪音扰民',
      public: "a case's own facts, public on HotlineCase",
    }),
    status: t.field({
      type: HotlineStatus,
      required: false,
      description: '工单状态 Status',
      public: "a case's own facts, public on HotlineCase",
    }),
    role: t.field({
      type: CommitteeRole,
      required: false,
      description: "主办/协办 The committee's role",
      public: "a case's own facts, public on HotlineCase",
    }),
    from: t.field({
      type: 'DateTime',
      required: false,
      description: 'Received at or after',
      public: "a case's own facts, public on HotlineCase",
    }),
    to: t.field({
      type: 'DateTime',
      required: false,
      description: 'Received before',
      public: "a case's own facts, public on HotlineCase",
    }),
  }),
});

function hotlineWhere(
  filter: typeof HotlineCaseFilter.$inferInput | null | undefined,
): Prisma.HotlineCaseWhereInput {
  if (!filter) return {};
  if (filter.from && filter.to && filter.from >= filter.to)
    throw badInput('filter.to', 'must be after from');
  return {
    communityId: optionalRowId('filter.community', filter.community, 'Community'),
    category: filter.category ?? undefined,
    status: filter.status ?? undefined,
    role: filter.role ?? undefined,
    receivedAt:
      filter.from || filter.to
        ? { gte: filter.from ?? undefined, lt: filter.to ?? undefined }
        : undefined,
  };
}

builder.queryFields((t) => ({
  hotlineCases: t.prismaConnection({
    description: '12345 hotline cases matching a filter, newest first',
    type: 'HotlineCase',
    cursor: 'id',
    args: {
      filter: t.arg({
        type: HotlineCaseFilter,
        required: false,
        description: 'Only cases matching all given filters',
      }),
    },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.hotlineCase.findMany({
        ...query,
        where: hotlineWhere(args.filter),
        orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      }),
    totalCount: (_connection, args, ctx) =>
      ctx.prisma.hotlineCase.count({ where: hotlineWhere(args.filter) }),
  }),
}));
