import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { AppError, ErrorCode, badInput, notFound } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { rowId } from '../common/ids.js';
import { linkAuditEvents } from './linker.js';
import { AccessLogEntry, type AccessLogEntryShape, AuditOutcome } from './type.js';

/** Sections that may read the audit trail itself. */
const auditSections = new Set(['auditor', 'admin']);

const AuditEventFilter = builder.inputType('AuditEventFilter', {
  description: 'Filters for audit events; all given filters must match',
  filtersNoOne:
    'the audit trail is read by the auditor only (root rule `audits`); it filters events, not residents',
  fields: (t) => ({
    section: t.string({ required: false, description: 'Section code, e.g. civil-affairs' }),
    purpose: t.string({ required: false, description: 'Task code named as the purpose' }),
    principal: t.string({ required: false, description: 'Principal, e.g. token:zhang.wei' }),
    field: t.string({
      required: false,
      description: 'A Type.field the request touched, e.g. Resident.idNumber',
    }),
    outcome: t.field({ type: AuditOutcome, required: false, description: 'How the request ended' }),
    from: t.field({ type: 'DateTime', required: false, description: 'At or after' }),
    to: t.field({ type: 'DateTime', required: false, description: 'Before' }),
  }),
});

function auditWhere(
  filter: typeof AuditEventFilter.$inferInput | null | undefined,
): Prisma.AuditEventWhereInput {
  if (!filter) return {};
  if (filter.from && filter.to && filter.from >= filter.to)
    throw badInput('filter.to', 'must be after from');
  return {
    sectionCode: filter.section ?? undefined,
    purpose: filter.purpose ?? undefined,
    principal: filter.principal ?? undefined,
    fields: filter.field ? { has: filter.field } : undefined,
    outcome: filter.outcome ?? undefined,
    at:
      filter.from || filter.to
        ? { gte: filter.from ?? undefined, lt: filter.to ?? undefined }
        : undefined,
  };
}

function requireAuditor(ctx: Context) {
  if (!auditSections.has(ctx.principal.section.code)) {
    throw new AppError(
      ErrorCode.FORBIDDEN,
      'Only the auditor and admin sections may read the audit trail',
    );
  }
}

builder.queryFields((t) => ({
  auditEvents: t.prismaConnection({
    description:
      'The audit trail, newest first (auditor and admin sections only; names no resident)',
    type: 'AuditEvent',
    cursor: 'id',
    args: {
      filter: t.arg({
        type: AuditEventFilter,
        required: false,
        description: 'Only events matching all given filters',
      }),
    },
    // Audit events are not jurisdiction-scoped rows: they are read with the audit machinery's client.
    resolve: async (query, _root, args, ctx) => {
      requireAuditor(ctx);
      // The trail shows the chain: what committed before this request is linked first.
      await linkAuditEvents(ctx.prisma);
      return ctx.prisma.auditEvent.findMany({
        ...query,
        where: { ...auditWhere(args.filter), seq: { not: null } },
        orderBy: { id: 'desc' },
      });
    },
    totalCount: (_connection, args, ctx) => {
      requireAuditor(ctx);
      return ctx.prisma.auditEvent.count({
        where: { ...auditWhere(args.filter), seq: { not: null } },
      });
    },
  }),

  accessLog: t.field({
    description:
      "查询记录 Who read or wrote this resident's data, newest first, for the committee to show the resident " +
      '(committee and street sections, within their jurisdiction)',
    type: [AccessLogEntry],
    args: {
      residentId: t.arg.id({ required: true, description: 'Resident ID' }),
      first: t.arg.int({
        required: false,
        defaultValue: 100,
        description: 'At most this many entries (1 to 1000)',
      }),
    },
    resolve: async (_root, args, ctx): Promise<AccessLogEntryShape[]> => {
      const level = ctx.principal.section.level;
      if (level !== 'COMMUNITY' && level !== 'SUBDISTRICT') {
        throw new AppError(
          ErrorCode.FORBIDDEN,
          'Only committee and street sections may show a resident the access log',
        );
      }
      const first = args.first ?? 100;
      if (first < 1 || first > 1000) throw badInput('first', 'must be between 1 and 1000');
      const id = rowId('residentId', args.residentId, 'Resident');
      // Scoped client: a resident outside the jurisdiction does not exist for this section.
      const resident = await ctx.prisma.resident.findUnique({
        where: { id },
        select: { id: true },
      });
      if (!resident) throw notFound('Resident');
      // Showing the log is itself a disclosure about the resident, so it is audited too.
      ctx.audit.touch('Resident', 'accessLog', id);
      const events = await ctx.prisma.auditEvent.findMany({
        // `hasEvery` compiles to `@>`, which the GIN index on resident_ids serves (`has` does not).
        where: { residentIds: { hasEvery: [id] }, outcome: { not: 'DENIED' } },
        orderBy: { id: 'desc' },
        take: first,
        select: { at: true, sectionCode: true, purpose: true, fields: true },
      });
      const codes = [...new Set(events.map((event) => event.sectionCode))];
      const sections = await ctx.prisma.section.findMany({
        where: { code: { in: codes } },
        select: { code: true, name: true },
      });
      const names = new Map(sections.map((section) => [section.code, section.name]));
      return events.map((event) => ({
        ...event,
        sectionName: names.get(event.sectionCode) ?? null,
      }));
    },
  }),
}));
