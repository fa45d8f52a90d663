import { builder } from '../../builder.js';

builder.queryFields((t) => ({
  tags: t.prismaField({
    description: 'All tags',
    type: ['Tag'],
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.tag.findMany({ ...query, orderBy: { code: 'asc' } }),
  }),
}));
