import { builder } from '../../builder.js';
import { badInput, notFound } from '../../errors.js';
import { rowId } from '../common/ids.js';
import type { Context } from '../../context.js';

async function tagByCode(ctx: Context, code: string) {
  const tag = await ctx.prisma.tag.findUnique({ where: { code }, select: { id: true } });
  if (!tag) throw badInput('tag', 'no such tag');
  return tag;
}

builder.mutationFields((t) => ({
  tagResident: t.prismaField({
    description: 'Puts a tag on a resident (idempotent)',
    type: 'Resident',
    args: {
      resident: t.arg.id({ required: true, description: 'Resident ID' }),
      tag: t.arg.string({ required: true, description: 'Tag code, e.g. ELDERLY_ALONE' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const residentId = rowId('resident', args.resident, 'Resident');
      const tag = await tagByCode(ctx, args.tag);
      const exists = await ctx.prisma.resident.findUnique({
        where: { id: residentId },
        select: { id: true },
      });
      if (!exists) throw notFound('Resident');
      await ctx.prisma.residentTag.upsert({
        where: { residentId_tagId: { residentId, tagId: tag.id } },
        create: {
          residentId,
          tagId: tag.id,
          setBy: ctx.principal.name,
          sectionId: ctx.principal.section.id,
        },
        update: {},
      });
      return ctx.prisma.resident.findUniqueOrThrow({ ...query, where: { id: residentId } });
    },
  }),
  untagResident: t.prismaField({
    description: 'Takes a tag off a resident (idempotent)',
    type: 'Resident',
    args: {
      resident: t.arg.id({ required: true, description: 'Resident ID' }),
      tag: t.arg.string({ required: true, description: 'Tag code, e.g. ELDERLY_ALONE' }),
    },
    resolve: async (query, _root, args, ctx) => {
      const residentId = rowId('resident', args.resident, 'Resident');
      const tag = await tagByCode(ctx, args.tag);
      await ctx.prisma.residentTag.deleteMany({ where: { residentId, tagId: tag.id } });
      const resident = await ctx.prisma.resident.findUnique({
        ...query,
        where: { id: residentId },
      });
      if (!resident) throw notFound('Resident');
      return resident;
    },
  }),
}));
