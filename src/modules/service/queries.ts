import { checkFilter, recordFilterRead } from '../../access/filters.js';
import { builder } from '../../builder.js';
import { badInput } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { optionalRowId } from '../common/ids.js';
import { ServiceKind } from './type.js';

const ServiceRecordFilter = builder.inputType('ServiceRecordFilter', {
  description: 'Filters for service records; all given filters must match',
  // A filter is a read: each argument declares the personal field it reveals (src/access/filters.ts).
  filtersPeople: true,
  fields: (t) => ({
    resident: t.id({
      required: false,
      description: 'Resident ID',
      public: 'the records of one resident, as Resident.serviceRecords lists them',
    }),
    community: t.id({ required: false, description: 'Community ID', public: 'the jurisdiction' }),
    kind: t.field({
      type: ServiceKind,
      required: false,
      description: '服务类型 Kind of service, e.g. HOME_VISIT',
      reveals: 'ServiceRecord.kind',
    }),
    from: t.field({
      type: 'DateTime',
      required: false,
      description: 'Occurred at or after',
      public: 'ServiceRecord.occurredAt is public',
    }),
    to: t.field({
      type: 'DateTime',
      required: false,
      description: 'Occurred before',
      public: 'ServiceRecord.occurredAt is public',
    }),
  }),
});

function serviceWhere(
  filter: typeof ServiceRecordFilter.$inferInput | null | undefined,
): Prisma.ServiceRecordWhereInput {
  if (!filter) return {};
  if (filter.from && filter.to && filter.from >= filter.to)
    throw badInput('filter.to', 'must be after from');
  return {
    residentId: optionalRowId('filter.resident', filter.resident, 'Resident'),
    communityId: optionalRowId('filter.community', filter.community, 'Community'),
    kind: filter.kind ?? undefined,
    occurredAt:
      filter.from || filter.to
        ? { gte: filter.from ?? undefined, lt: filter.to ?? undefined }
        : undefined,
  };
}

builder.queryFields((t) => ({
  serviceRecords: t.prismaConnection({
    description: 'Service records matching a filter, newest first',
    type: 'ServiceRecord',
    cursor: 'id',
    args: {
      filter: t.arg({
        type: ServiceRecordFilter,
        required: false,
        description: 'Only records matching all given filters',
      }),
    },
    resolve: async (query, _root, args, ctx) => {
      const revealed = await checkFilter(ctx, 'ServiceRecordFilter', args.filter);
      const rows = await ctx.prisma.serviceRecord.findMany({
        ...query,
        where: serviceWhere(args.filter),
        orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      });
      recordFilterRead(
        ctx,
        revealed,
        rows.map((r) => r.residentId),
      );
      return rows;
    },
    totalCount: async (_connection, args, ctx) => {
      recordFilterRead(ctx, await checkFilter(ctx, 'ServiceRecordFilter', args.filter));
      return ctx.prisma.serviceRecord.count({ where: serviceWhere(args.filter) });
    },
  }),
}));
