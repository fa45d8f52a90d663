import { isPersonalField, tagGrantType } from '../../access/fields.js';
import { builder } from '../../builder.js';
import { badInput } from '../../errors.js';
import { AccessLevel } from './type.js';

const SetFieldGrantInput = builder.inputType('SetFieldGrantInput', {
  description: 'A grant to set; it holds from the next request on, on every server',
  fields: (t) => ({
    section: t.string({ required: true, description: 'Section code, e.g. housing' }),
    typeName: t.string({
      required: true,
      description: 'Resident, Household, ServiceRecord, HotlineCase or Tag',
    }),
    fieldName: t.string({
      required: true,
      description: 'A personal field of that type, or a tag code',
    }),
    level: t.field({
      type: AccessLevel,
      required: true,
      description: '授权级别 The level to grant',
    }),
    taskCodes: t.stringList({ required: false, description: 'Limit the grant to these purposes' }),
  }),
});

builder.mutationFields((t) => ({
  setFieldGrant: t.prismaField({
    description: "Sets one section's level on one field (admin only)",
    type: 'FieldGrant',
    args: {
      input: t.arg({
        type: SetFieldGrantInput,
        required: true,
        description: 'The section, field and level',
      }),
    },
    resolve: async (query, _root, { input }, ctx) => {
      const section = await ctx.prisma.section.findUnique({
        where: { code: input.section },
        select: { id: true },
      });
      if (!section) throw badInput('input.section', 'no such section');
      if (input.typeName === tagGrantType) {
        const tag = await ctx.prisma.tag.findUnique({
          where: { code: input.fieldName },
          select: { id: true },
        });
        if (!tag) throw badInput('input.fieldName', 'no such tag');
      } else if (!isPersonalField(input.typeName, input.fieldName)) {
        throw badInput('input.fieldName', 'is not a grant-controlled field');
      }
      const taskCodes = input.taskCodes ?? [];
      const key = { sectionId: section.id, typeName: input.typeName, fieldName: input.fieldName };
      const data = { level: input.level, taskCodes, grantedBy: ctx.principal.name };
      return ctx.prisma.fieldGrant.upsert({
        ...query,
        where: { sectionId_typeName_fieldName: key },
        create: { ...key, ...data },
        update: { ...data, version: { increment: 1 } },
      });
    },
  }),
}));
