import { builder } from '../../builder.js';
import { TaskList } from './type.js';

builder.queryFields((t) => ({
  tasks: t.prismaField({
    description: 'The task list of a year (default: the latest year on record)',
    type: ['Task'],
    args: {
      year: t.arg.int({ required: false, description: 'Year of the list, e.g. 2026' }),
      list: t.arg({ type: TaskList, required: false, description: 'Only the tasks of this list' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const year =
        args.year ?? (await ctx.prisma.task.aggregate({ _max: { year: true } }))._max.year;
      if (year == null) return [];
      return ctx.prisma.task.findMany({
        ...query,
        where: { year, list: args.list ?? undefined },
        orderBy: { code: 'asc' },
      });
    },
  }),
}));
