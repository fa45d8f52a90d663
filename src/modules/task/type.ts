import { builder } from '../../builder.js';

export const TaskList = builder.enumType('TaskList', {
  description: 'Which of the two published lists a task is on',
  values: {
    DUTY: { description: '依法履职 duties the committee performs by law' },
    ASSIST: { description: '依法协助 tasks the committee assists a department with by law' },
  } as const,
});

builder.prismaNode('Task', {
  description: '准入清单 Task: an entry of the yearly list of tasks that may be pushed down to committees.',
  id: { field: 'id' },
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Task code, e.g. T2026-001' }),
    year: t.exposeInt('year', { description: 'Year of the list the task is on' }),
    title: t.exposeString('title', { description: '事项名称 Title' }),
    list: t.expose('list', { type: TaskList, description: '依法履职/依法协助 Which of the two lists' }),
    section: t.relation('section', { description: 'The responsible section' }),
  }),
});
