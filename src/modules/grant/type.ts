import { builder } from '../../builder.js';

export const AccessLevel = builder.enumType('AccessLevel', {
  description: '授权级别 What a grant lets a section do with a field',
  values: {
    FULL: { description: '全量 the value as stored' },
    MASKED: { description: '脱敏 a masked value' },
    AGGREGATE: { description: '仅统计 in reports only, never on a record' },
    NONE: { description: '无权 nothing' },
  } as const,
});

builder.prismaObject('FieldGrant', {
  description: "授权 A grant: one section's access level on one field of one type",
  fields: (t) => ({
    section: t.relation('section', { description: 'The section the grant is for' }),
    typeName: t.exposeString('typeName', {
      description: 'GraphQL type, e.g. Resident (Tag for tags)',
    }),
    fieldName: t.exposeString('fieldName', {
      description: 'Field, e.g. name (a tag code for tags)',
    }),
    level: t.expose('level', {
      type: AccessLevel,
      description: '授权级别 What the section may do with the field',
    }),
    taskCodes: t.exposeStringList('taskCodes', {
      description: 'When not empty: only under these purposes',
    }),
    grantedBy: t.exposeString('grantedBy', {
      description: 'The administrator who last set the grant',
    }),
    updatedAt: t.expose('updatedAt', {
      type: 'DateTime',
      description: 'When the grant was last set',
    }),
  }),
});

builder.queryFields((t) => ({
  fieldGrants: t.prismaField({
    description: 'The grant table, optionally of one section (admin only)',
    type: ['FieldGrant'],
    args: { section: t.arg.string({ required: false, description: 'Section code' }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.fieldGrant.findMany({
        ...query,
        where: args.section ? { section: { code: args.section } } : {},
        orderBy: [{ sectionId: 'asc' }, { typeName: 'asc' }, { fieldName: 'asc' }],
      }),
  }),
}));
