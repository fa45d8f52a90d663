import { builder } from '../../builder.js';
import { importKinds } from './fields.js';
import { checkKind, checkMappingName, saveMapping } from './saved-mapping.js';

/** GraphQL of saved import mappings: the caller's section's own, never another's. */

export const ImportKindEnum = builder.enumType('ImportKind', {
  description: '台账类型 What a ledger file holds (onetable import <kind>, POST /import/<kind>)',
  values: {
    residents: { value: 'residents', description: '实有人口 residents (and their households)' },
    households: { value: 'households', description: '户 households' },
    services: { value: 'services', description: '走访/服务记录 home visits and service records' },
    tags: { value: 'tags', description: '人员标签 tags of residents' },
  } as const,
});

builder.prismaObject('ImportMapping', {
  description:
    "导入映射 ImportMapping: a section's mapping of a ledger's headings to fields, saved under a name and reused",
  fields: (t) => ({
    kind: t.field({
      type: ImportKindEnum,
      description: 'The kind of ledger it maps',
      resolve: (m) => checkKind(m.kind),
    }),
    name: t.exposeString('name', { description: 'Its name within the section and kind' }),
    mapping: t.field({
      type: 'JSON',
      description:
        'Heading (folded as the import compares headings) → field name, or null to leave the column out',
      resolve: (m) => m.mapping,
    }),
    createdBy: t.exposeString('createdBy', { description: 'The principal that last saved it' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it was last saved' }),
  }),
});

builder.queryFields((t) => ({
  importMappings: t.prismaField({
    description: "The caller's section's saved import mappings, of one kind or all",
    type: ['ImportMapping'],
    args: { kind: t.arg({ type: ImportKindEnum, required: false, description: 'Only this kind' }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.importMapping.findMany({
        ...query,
        where: {
          sectionId: ctx.principal.section.id,
          ...(args.kind ? { kind: args.kind } : { kind: { in: [...importKinds] } }),
        },
        orderBy: [{ kind: 'asc' }, { name: 'asc' }],
        take: 500,
      }),
  }),
}));

builder.mutationFields((t) => ({
  saveImportMapping: t.prismaField({
    description:
      "Saves a mapping of ledger headings to fields under a name for the caller's section (replaces one of the same kind and name)",
    type: 'ImportMapping',
    args: {
      kind: t.arg({ type: ImportKindEnum, required: true, description: 'The kind of ledger' }),
      name: t.arg.string({ required: true, description: 'Name, 1–64 characters' }),
      mapping: t.arg({
        type: 'JSON',
        required: true,
        description: '{ "heading as in the ledger": "field" } (null leaves a column out)',
      }),
    },
    resolve: async (query, _root, args, ctx) => {
      const saved = await saveMapping(ctx, args.kind, args.name, args.mapping);
      return ctx.prisma.importMapping.findUniqueOrThrow({ ...query, where: { id: saved.id } });
    },
  }),
  deleteImportMapping: t.boolean({
    description:
      "Deletes one of the caller's section's saved mappings; false when it had none of that name",
    args: {
      kind: t.arg({ type: ImportKindEnum, required: true, description: 'The kind of ledger' }),
      name: t.arg.string({ required: true, description: 'Its name' }),
    },
    resolve: async (_root, args, ctx) => {
      const { count } = await ctx.prisma.importMapping.deleteMany({
        where: {
          sectionId: ctx.principal.section.id,
          kind: args.kind,
          name: checkMappingName(args.name, 'name'),
        },
      });
      return count > 0;
    },
  }),
}));
