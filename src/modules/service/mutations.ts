import { builder } from '../../builder.js';
import { badInput, notFound } from '../../errors.js';
import { rowId } from '../common/ids.js';
import { validText } from '../resident/validation.js';
import { ServiceKind } from './type.js';

const RecordServiceInput = builder.inputType('RecordServiceInput', {
  description: 'A service given to a resident',
  fields: (t) => ({
    resident: t.id({ required: true, description: 'Resident ID' }),
    kind: t.field({ type: ServiceKind, required: true, description: '服务类型 Kind of service' }),
    occurredAt: t.field({
      type: 'DateTime',
      required: true,
      description: 'When the service took place (not in the future)',
    }),
    notes: t.string({ required: false, description: 'At most 2000 characters' }),
    task: t.string({ required: false, description: 'Task code of the purpose, e.g. T2026-003' }),
  }),
});

builder.mutationFields((t) => ({
  recordService: t.prismaField({
    description: 'Records a home visit or other service (记录走访/服务)',
    type: 'ServiceRecord',
    args: {
      input: t.arg({ type: RecordServiceInput, required: true, description: 'The service given' }),
    },
    resolve: async (query, _root, { input }, ctx) => {
      const residentId = rowId('input.resident', input.resident, 'Resident');
      if (input.occurredAt.getTime() > Date.now() + 5 * 60_000) {
        throw badInput('input.occurredAt', 'must not be in the future');
      }
      const notes = validText('input.notes', input.notes ?? '', 2000);
      const resident = await ctx.prisma.resident.findUnique({
        where: { id: residentId },
        select: { communityId: true },
      });
      if (!resident) throw notFound('Resident');
      let taskId: number | undefined;
      if (input.task) {
        const task = await ctx.prisma.task.findFirst({
          where: { code: input.task },
          orderBy: { year: 'desc' },
          select: { id: true },
        });
        if (!task) throw badInput('input.task', 'no such task');
        taskId = task.id;
      }
      return ctx.prisma.serviceRecord.create({
        ...query,
        data: {
          kind: input.kind,
          occurredAt: input.occurredAt,
          notes,
          recordedBy: ctx.principal.name,
          residentId,
          communityId: resident.communityId,
          sectionId: ctx.principal.section.id,
          taskId,
        },
      });
    },
  }),
}));
