import { builder } from '../../builder.js';
import { SectionNode } from '../section/type.js';
import { ReportInput } from './types.js';

builder.prismaNode('SavedReport', {
  description:
    '已存报表 A report definition a section saved, to run or export again; it can be shared with other sections',
  id: { field: 'id' },
  // node(id) sees only what savedReport(id) sees: the section's own reports and those shared with it.
  findUnique: (id, ctx) => ({
    id: Number(id),
    OR: [
      { sectionId: ctx.principal.section.id },
      { shares: { some: { sectionId: ctx.principal.section.id } } },
    ],
  }),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Name, e.g. 各居委老年人口年龄段统计' }),
    description: t.exposeString('description', { description: 'What the report is for' }),
    input: t.field({
      type: 'JSON',
      description: 'The ReportInput it runs, as given when saved',
      resolve: (r) => r.input,
    }),
    owner: t.relation('section', {
      description: 'The section that saved it and may change or delete it',
    }),
    sharedWith: t.field({
      type: [SectionNode],
      description:
        'Sections it is shared with: they may run and export it, with their own grants and jurisdiction',
      select: { shares: { select: { section: true }, orderBy: { sectionId: 'asc' } } },
      resolve: (r) => r.shares.map((s) => s.section),
    }),
    createdBy: t.exposeString('createdBy', { description: 'The principal that saved it' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was saved' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed' }),
  }),
});

export const SaveReportInput = builder.inputType('SaveReportInput', {
  description: 'A report definition to save',
  fields: (t) => ({
    name: t.string({ required: true, description: 'Name, 1–128 characters' }),
    description: t.string({
      required: false,
      description: 'What the report is for, up to 1,000 characters',
    }),
    report: t.field({ type: ReportInput, required: true, description: 'The report to run' }),
    sharedWith: t.stringList({
      required: false,
      description: 'Codes of the sections to share it with',
    }),
  }),
});
