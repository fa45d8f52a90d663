import { builder } from '../../builder.js';
import { badInput } from '../../errors.js';
import { type LeadSignalCell, leadSignal } from './lead-signal.js';

const maxPeriodMs = 731 * 86_400_000;

const PeriodInput = builder.inputType('PeriodInput', {
  description: 'A period [from, to): from included, to excluded',
  filtersNoOne: 'a period of time',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', required: true, description: 'Start, included' }),
    to: t.field({
      type: 'DateTime',
      required: true,
      description: 'End, excluded; at most two years after from',
    }),
  }),
});

const Trend = builder.enumType('LeadTrend', {
  description: 'How lead cases of a cell moved against the previous period of equal length',
  values: {
    NEW: { description: 'No lead cases in the previous period' },
    RISING: { description: 'More lead cases than in the previous period' },
    STEADY: { description: 'As many as in the previous period' },
    FALLING: { description: 'Fewer than in the previous period' },
  } as const,
});

const MonthCount = builder
  .objectRef<{ month: string; leadCases: number }>('MonthLeadCount')
  .implement({
    description: 'Lead cases of one month (Shanghai time)',
    fields: (t) => ({
      month: t.exposeString('month', { description: 'The month, YYYY-MM' }),
      leadCases: t.exposeInt('leadCases', {
        description: 'Cases the committee handled as lead that month',
      }),
    }),
  });

const Cell = builder.objectRef<LeadSignalCell>('AssistTurnedLead').implement({
  description:
    '协办变主办 Hotline cases of one category in one community, on an ASSIST task, that the committee handled as lead',
  fields: (t) => ({
    category: t.exposeString('category', { description: '诉求类别 Category, e.g. 噪音扰民' }),
    community: t.prismaField({
      type: 'Community',
      description: 'The community',
      resolve: (query, cell, _args, ctx) =>
        ctx.prisma.community.findUniqueOrThrow({ ...query, where: { id: cell.communityId } }),
    }),
    task: t.prismaField({
      type: 'Task',
      description: 'The ASSIST task the cases fall under',
      resolve: (query, cell, _args, ctx) =>
        ctx.prisma.task.findUniqueOrThrow({ ...query, where: { id: cell.taskId } }),
    }),
    leadCases: t.exposeInt('leadCases', {
      description: 'Cases in the period the committee handled as lead',
    }),
    cases: t.exposeInt('cases', {
      description: 'All cases of this category, community and task in the period (lead or assist)',
    }),
    leadShare: t.float({ description: 'leadCases / cases', resolve: (c) => c.leadCases / c.cases }),
    previousLeadCases: t.exposeInt('previousLeadCases', {
      description: 'Lead cases in the previous period of equal length',
    }),
    trend: t.field({
      type: Trend,
      description: 'Lead cases against the previous period',
      resolve: (c) =>
        c.previousLeadCases === 0
          ? 'NEW'
          : c.leadCases > c.previousLeadCases
            ? 'RISING'
            : c.leadCases < c.previousLeadCases
              ? 'FALLING'
              : 'STEADY',
    }),
    months: t.field({
      type: [MonthCount],
      description: 'Lead cases per month of the period, oldest first',
      resolve: (c) => c.months,
    }),
  }),
});

builder.queryFields((t) => ({
  assistTurnedLead: t.field({
    description:
      '协办变主办 Where cases on ASSIST tasks were handled by the committee as lead, by category × community, most lead cases first: the signal to move a task back to its department',
    type: [Cell],
    args: {
      period: t.arg({
        type: PeriodInput,
        required: true,
        description: 'The period, e.g. one quarter',
      }),
    },
    resolve: (_root, { period }, ctx) => {
      const length = period.to.getTime() - period.from.getTime();
      if (length <= 0) throw badInput('period.to', 'must be after from');
      if (length > maxPeriodMs) throw badInput('period.to', 'must be at most two years after from');
      return leadSignal(ctx, period.from, period.to);
    },
  }),
}));
