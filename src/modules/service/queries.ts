import { builder } from '../../builder.js';
import { badInput } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { optionalRowId } from '../common/ids.js';
import { ServiceKind } from './type.js';

const ServiceRecordFilter = builder.inputType('ServiceRecordFilter', {
  description: 'Filters for service records; all given filters must match',
  fields: (t) => ({
    resident: t.id({ required: false, description: 'Resident ID' }),
    community: t.id({ required: false, description: 'Community ID' }),
    kind: t.field({ type: ServiceKind, required: false, description: '服务类型 Kind of service, e.g. HOME_VISIT' }),
    from: t.field({ type: 'DateTime', required: false, description: 'Occurred at or after' }),
    to: t.field({ type: 'DateTime', required: false, description: 'Occurred before' }),
  }),
});

function serviceWhere(filter: typeof ServiceRecordFilter.$inferInput | null | undefined): Prisma.ServiceRecordWhereInput {
  if (!filter) return {};
  if (filter.from && filter.to && filter.from >= filter.to) throw badInput('filter.to', 'must be after from');
  return {
    residentId: optionalRowId('filter.resident', filter.resident, 'Resident'),
    communityId: optionalRowId('filter.community', filter.community, 'Community'),
    kind: filter.kind ?? undefined,
    occurredAt: filter.from || filter.to ? { gte: filter.from ?? undefined, lt: filter.to ?? undefined } : undefined,
  };
}

builder.queryFields((t) => ({
  serviceRecords: t.prismaConnection({
    description: 'Service records matching a filter, newest first',
    type: 'ServiceRecord',
    cursor: 'id',
    args: { filter: t.arg({ type: ServiceRecordFilter, required: false, description: 'Only records matching all given filters' }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.serviceRecord.findMany({
        ...query,
        where: serviceWhere(args.filter),
        orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      }),
    totalCount: (_connection, args, ctx) => ctx.prisma.serviceRecord.count({ where: serviceWhere(args.filter) }),
  }),
}));
