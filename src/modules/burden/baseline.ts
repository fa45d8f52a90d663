import { principalLabel } from '../../access/principal.js';
import { builder } from '../../builder.js';
import { badInput } from '../../errors.js';

/**
 * 减负基线 The burden dashboard's baseline: report forms and certificates the district's
 * committees handled per month before self-serve reads. One per district, entered by the
 * district's admin section (rule entersBaseline), read by every section of the district.
 */
builder.prismaObject('BurdenBaseline', {
  description:
    '减负基线 BurdenBaseline: forms and certificates per month before the reform, the figure the burden dashboard compares against',
  fields: (t) => ({
    formsPerMonth: t.exposeInt('formsPerMonth', {
      description: 'Report forms committees filled in per month before OneTable',
    }),
    certificatesPerMonth: t.exposeInt('certificatesPerMonth', {
      description: 'Certificates committees stamped per month before OneTable',
    }),
    enteredBy: t.exposeString('enteredBy', { description: 'The principal that entered it' }),
    section: t.relation('section', { description: 'The section that entered it' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it was entered' }),
  }),
});

const checkCount = (field: string, value: number) => {
  if (!Number.isInteger(value) || value < 0 || value > 10_000_000)
    throw badInput(field, 'must be a whole number from 0 to 10,000,000');
  return value;
};

builder.queryFields((t) => ({
  burdenBaseline: t.prismaField({
    description: "The baseline of the caller's district, or null until the district enters one",
    type: 'BurdenBaseline',
    nullable: true,
    resolve: (query, _root, _args, ctx) =>
      ctx.prisma.burdenBaseline.findUnique({
        ...query,
        where: { districtId: ctx.principal.section.districtId },
      }),
  }),
}));

builder.mutationFields((t) => ({
  setBurdenBaseline: t.prismaField({
    description: "Enters the district's baseline (the admin section only)",
    type: 'BurdenBaseline',
    args: {
      formsPerMonth: t.arg.int({ required: true, description: 'Report forms per month before' }),
      certificatesPerMonth: t.arg.int({
        required: true,
        description: 'Certificates per month before',
      }),
    },
    resolve: (query, _root, args, ctx) => {
      const data = {
        formsPerMonth: checkCount('formsPerMonth', args.formsPerMonth),
        certificatesPerMonth: checkCount('certificatesPerMonth', args.certificatesPerMonth),
        sectionId: ctx.principal.section.id,
        enteredBy: principalLabel(ctx.principal),
      };
      const districtId = ctx.principal.section.districtId;
      return ctx.prisma.burdenBaseline.upsert({
        ...query,
        where: { districtId },
        create: { districtId, ...data },
        update: { ...data, version: { increment: 1 } },
      });
    },
  }),
}));
