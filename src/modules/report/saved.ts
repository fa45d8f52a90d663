import { principalLabel } from '../../access/principal.js';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { AppError, badInput, ErrorCode, notFound } from '../../errors.js';
import { rowId } from '../common/ids.js';
import { validate } from './engine.js';
import { runReport } from './queries.js';
import { loadedInput, storedInput } from './saved-input.js';
import { SaveReportInput } from './saved-type.js';
import { Report } from './types.js';

/** Saved reports a section sees: its own and those shared with it. */
function visibleTo(ctx: Context) {
  const sectionId = ctx.principal.section.id;
  return { OR: [{ sectionId }, { shares: { some: { sectionId } } }] };
}

/** The saved report, if the caller's section owns it or it is shared with it; NOT_FOUND otherwise. */
export async function findSavedReport(ctx: Context, globalId: string, field = 'id') {
  const id = rowId(field, globalId, 'SavedReport');
  const saved = await ctx.prisma.savedReport.findFirst({ where: { id, ...visibleTo(ctx) } });
  if (!saved) throw notFound('saved report');
  return saved;
}

async function owned(ctx: Context, globalId: string) {
  const saved = await findSavedReport(ctx, globalId);
  if (saved.sectionId !== ctx.principal.section.id) {
    throw new AppError(
      ErrorCode.FORBIDDEN,
      'only the section that saved a report may change or delete it',
    );
  }
  return saved;
}

async function sectionIds(ctx: Context, codes: readonly string[]): Promise<number[]> {
  if (codes.length > 200) throw badInput('sharedWith', 'at most 200 sections');
  const unique = [...new Set(codes)];
  const rows = await ctx.prisma.section.findMany({
    where: { code: { in: unique } },
    select: { id: true, code: true },
  });
  const missing = unique.filter((code) => !rows.some((r) => r.code === code));
  // Named by position, not by the code sent: errors never quote a client's value.
  if (missing.length > 0)
    throw badInput('sharedWith', `item ${codes.indexOf(missing[0]!)} names no section`);
  return rows.map((r) => r.id).filter((id) => id !== ctx.principal.section.id);
}

function checkText(input: { name: string; description?: string | null }) {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 128)
    throw badInput('input.name', 'must be 1–128 characters');
  if ((input.description ?? '').length > 1000)
    throw badInput('input.description', 'must be at most 1,000 characters');
  return { name, description: input.description ?? '' };
}

builder.queryFields((t) => ({
  savedReports: t.prismaField({
    description: "Saved reports of the caller's section and those shared with it, newest first",
    type: ['SavedReport'],
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.savedReport.findMany({
        ...query,
        where: visibleTo(ctx),
        orderBy: { id: 'desc' },
        take: 500,
      }),
  }),
  savedReport: t.prismaField({
    description: "One saved report the caller's section owns or shares; NOT_FOUND otherwise",
    type: 'SavedReport',
    args: { id: t.arg.id({ required: true, description: 'SavedReport ID' }) },
    resolve: async (query, _root, args, ctx) => {
      const saved = await findSavedReport(ctx, String(args.id));
      return ctx.prisma.savedReport.findUniqueOrThrow({ ...query, where: { id: saved.id } });
    },
  }),
  runReport: t.field({
    description: "Runs a saved report with the caller's own grants, jurisdiction and purpose",
    type: Report,
    args: { id: t.arg.id({ required: true, description: 'SavedReport ID' }) },
    resolve: async (_root, args, ctx, info) => {
      const saved = await findSavedReport(ctx, String(args.id));
      return runReport(ctx, loadedInput(info.schema, saved.input), saved.id);
    },
  }),
}));

builder.mutationFields((t) => ({
  saveReport: t.prismaField({
    description:
      "Saves a report definition for the caller's section (checked now for shape; grants are checked on each run)",
    type: 'SavedReport',
    args: {
      input: t.arg({
        type: SaveReportInput,
        required: true,
        description: 'Name, description, report and sharing',
      }),
    },
    resolve: async (query, _root, { input }, ctx, info) => {
      const text = checkText(input);
      const stored = storedInput(info.schema, input.report);
      validate(loadedInput(info.schema, stored));
      const shares = await sectionIds(ctx, input.sharedWith ?? []);
      ctx.audit.touch('SavedReport', 'input');
      return ctx.prisma.savedReport.create({
        ...query,
        data: {
          ...text,
          input: stored,
          sectionId: ctx.principal.section.id,
          createdBy: principalLabel(ctx.principal),
          shares: { create: shares.map((sectionId) => ({ sectionId })) },
        },
      });
    },
  }),
  shareReport: t.prismaField({
    description:
      'Sets the sections a saved report is shared with (owner only); an empty list stops sharing',
    type: 'SavedReport',
    args: {
      id: t.arg.id({ required: true, description: 'SavedReport ID' }),
      sharedWith: t.arg.stringList({
        required: true,
        description: 'Codes of the sections to share it with',
      }),
    },
    resolve: async (query, _root, args, ctx) => {
      const saved = await owned(ctx, String(args.id));
      const shares = await sectionIds(ctx, args.sharedWith);
      ctx.audit.touch('SavedReport', 'sharedWith');
      return ctx.prisma.savedReport.update({
        ...query,
        where: { id: saved.id },
        data: {
          shares: { deleteMany: {}, create: shares.map((sectionId) => ({ sectionId })) },
          version: { increment: 1 },
        },
      });
    },
  }),
  deleteReport: t.id({
    description: 'Deletes a saved report (owner only); returns its ID',
    args: { id: t.arg.id({ required: true, description: 'SavedReport ID' }) },
    resolve: async (_root, args, ctx) => {
      const saved = await owned(ctx, String(args.id));
      ctx.audit.touch('SavedReport', 'deleted');
      await ctx.prisma.savedReport.delete({ where: { id: saved.id } });
      return String(args.id);
    },
  }),
}));
