import { builder } from '../../builder.js';

export const SectionLevel = builder.enumType('SectionLevel', {
  description: 'The level a section works at, which is also its jurisdiction',
  values: {
    DISTRICT: { description: '区级部门 district department: the whole district' },
    SUBDISTRICT: { description: '街镇科室 street or town section: its subdistrict' },
    COMMUNITY: { description: '居村委 committee: its community' },
  } as const,
});

export const SectionNode = builder.prismaNode('Section', {
  description: '职能科室/条线部门 Section: a functional section or department that consumes data.',
  id: { field: 'id' },
  fields: (t) => ({
    code: t.exposeString('code', {
      description: 'Stable code, e.g. civil-affairs or committee:310106001001',
    }),
    name: t.exposeString('name', { description: 'Name, e.g. 民政科' }),
    level: t.expose('level', {
      type: SectionLevel,
      description: 'District, street or committee level, which is also its jurisdiction',
    }),
    district: t.relation('district', { description: 'The district it belongs to' }),
    subdistrict: t.relation('subdistrict', {
      nullable: true,
      description: 'Its street or town (street sections and committees)',
    }),
    community: t.relation('community', {
      nullable: true,
      description: 'Its community (committees only)',
    }),
  }),
});

builder.queryFields((t) => ({
  sections: t.prismaField({
    description: 'All sections',
    type: ['Section'],
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.section.findMany({ ...query, orderBy: { code: 'asc' } }),
  }),
}));
