import { builder } from '../../builder.js';
import { optionalRowId, rowId } from '../common/ids.js';

builder.queryFields((t) => ({
  districts: t.prismaField({
    description: 'All districts',
    type: ['District'],
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.district.findMany({ ...query, orderBy: { code: 'asc' } }),
  }),
  communities: t.prismaConnection({
    description: 'Communities, optionally of one subdistrict',
    type: 'Community',
    cursor: 'id',
    args: { subdistrict: t.arg.id({ required: false, description: 'Subdistrict ID' }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.community.findMany({
        ...query,
        where: { subdistrictId: optionalRowId('subdistrict', args.subdistrict, 'Subdistrict') },
        orderBy: { id: 'asc' },
      }),
    totalCount: (_connection, args, ctx) =>
      ctx.prisma.community.count({
        where: { subdistrictId: optionalRowId('subdistrict', args.subdistrict, 'Subdistrict') },
      }),
  }),
  community: t.prismaField({
    description: 'One community by ID',
    type: 'Community',
    nullable: true,
    args: { id: t.arg.id({ required: true, description: 'Community ID' }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.community.findUnique({
        ...query,
        where: { id: rowId('id', args.id, 'Community') },
      }),
  }),
}));
