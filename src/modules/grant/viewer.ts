import { builder } from '../../builder.js';
import { SectionNode } from '../section/type.js';
import { AccessLevel } from './type.js';

/**
 * What the caller's own section is granted, so a client (the report builder) can offer only what
 * the grants allow and say why the rest is not offered, before the hub refuses it. Only the
 * caller's section: the grant table of other sections stays the administrator's (fieldGrants).
 */
interface ViewerGrantRow {
  typeName: string;
  fieldName: string;
  level: 'FULL' | 'MASKED' | 'AGGREGATE' | 'NONE';
  taskCodes: string[];
}

const ViewerGrant = builder.objectRef<ViewerGrantRow>('ViewerGrant').implement({
  description: "One grant of the caller's own section",
  fields: (t) => ({
    typeName: t.exposeString('typeName', {
      description: 'GraphQL type, e.g. Resident (Tag for tags)',
    }),
    fieldName: t.exposeString('fieldName', {
      description: 'Field, e.g. birthDate (a tag code for tags)',
    }),
    level: t.field({
      type: AccessLevel,
      description: '授权级别 What the section may do with the field',
      resolve: (g) => g.level,
    }),
    taskCodes: t.exposeStringList('taskCodes', {
      description: 'When not empty: the grant holds only under these purposes',
    }),
  }),
});

const ViewerAccess = builder
  .objectRef<{ sectionId: number; grants: ViewerGrantRow[] }>('ViewerAccess')
  .implement({
    description: "The caller's own section and its grants (fields without a grant are NONE)",
    fields: (t) => ({
      section: t.field({
        type: SectionNode,
        description: "The caller's section",
        resolve: (v, _args, ctx) =>
          ctx.prisma.section.findUniqueOrThrow({ where: { id: v.sectionId } }),
      }),
      grants: t.field({
        type: [ViewerGrant],
        description: 'Its grants, by type and field',
        resolve: (v) => v.grants,
      }),
    }),
  });

builder.queryFields((t) => ({
  viewerAccess: t.field({
    description:
      "The caller's own section and grants: what a client may offer before asking (never another section's)",
    type: ViewerAccess,
    resolve: async (_root, _args, ctx) => {
      const sectionId = ctx.principal.section.id;
      const grants = await ctx.prisma.fieldGrant.findMany({
        where: { sectionId },
        select: { typeName: true, fieldName: true, level: true, taskCodes: true },
        orderBy: [{ typeName: 'asc' }, { fieldName: 'asc' }],
      });
      return { sectionId, grants };
    },
  }),
}));
