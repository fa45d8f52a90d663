import { builder } from '../../builder.js';
import { SectionNode } from '../section/type.js';

export const TaskList = builder.enumType('TaskList', {
  description: 'Which of the two published lists a task is on',
  values: {
    DUTY: { description: '依法履职 duties the committee performs by law' },
    ASSIST: { description: '依法协助 tasks the committee assists a department with by law' },
  } as const,
});

builder.prismaNode('Task', {
  description:
    '准入清单 Task: an entry of the yearly list of tasks that may be pushed down to committees.',
  id: { field: 'id' },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Task code, e.g. T2026-001' }),
    year: t.exposeInt('year', { description: 'Year of the list the task is on' }),
    title: t.exposeString('title', { description: '事项名称 Title' }),
    list: t.expose('list', {
      type: TaskList,
      description: '依法履职/依法协助 Which of the two lists',
    }),
    section: t.relation('section', { description: 'The responsible section' }),
    datasets: t.exposeStringList('datasets', {
      description:
        'Report datasets a report under this purpose may use (RESIDENTS, HOUSEHOLDS, SERVICE_RECORDS, HOTLINE_CASES)',
    }),
    fields: t.exposeStringList('fields', {
      description:
        'Personal fields a read under this purpose may use, as Type.field (Tag.<code> for a sensitive tag); empty: none',
    }),
    assistingSections: t.field({
      description:
        'District sections listed as assisting the responsible one (committees and street offices assist every task and are not listed)',
      type: [SectionNode],
      select: {
        assists: {
          where: { section: { level: 'DISTRICT' } },
          select: { section: true },
          orderBy: { sectionId: 'asc' },
        },
      },
      resolve: (task) => task.assists.map((a) => a.section),
    }),
  }),
});
