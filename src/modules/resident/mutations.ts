import { isPersonalField } from '../../access/fields.js';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { badInput, conflict, notFound } from '../../errors.js';
import { isUniqueViolation } from '../../db/errors.js';
import { optionalRowId, rowId } from '../common/ids.js';
import { RelationToHead, ResidenceType, ResidentStatus } from './enums.js';
import { moveIntoHousehold, placeInHousehold } from './household-rules.js';
import {
  validEthnicity,
  validIdNumber,
  validMoveInDate,
  validName,
  validPhone,
} from './validation.js';

const CreateResidentInput = builder.inputType('CreateResidentInput', {
  description: 'A new resident. Gender and date of birth are read from the ID number.',
  fields: (t) => ({
    idNumber: t.string({
      required: true,
      description: '18-digit ID number with a valid check digit',
    }),
    name: t.string({ required: true, description: '姓名 Name as on the ID card' }),
    phone: t.string({
      required: false,
      description: '联系电话 Phone number, 11-digit mobile or landline',
    }),
    ethnicity: t.string({ required: true, description: 'e.g. 汉族' }),
    residenceType: t.field({
      type: ResidenceType,
      required: true,
      description: '户籍类型 Residence type',
    }),
    community: t.id({ required: true, description: 'Community ID' }),
    household: t.id({
      required: false,
      description: 'Household ID (must be in the same community)',
    }),
    relationToHead: t.field({
      type: RelationToHead,
      required: false,
      description: 'Required with household',
    }),
    moveInDate: t.field({
      type: 'Date',
      required: true,
      description: '入住日期 Date moved in (not before the date of birth, not in the future)',
    }),
  }),
});

const UpdateResidentInput = builder.inputType('UpdateResidentInput', {
  description: 'Changes to a resident; omitted fields stay as they are.',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Resident ID' }),
    version: t.int({
      required: true,
      description: 'The version you read; a stale one fails with CONFLICT',
    }),
    name: t.string({ required: false, description: '姓名 New name' }),
    phone: t.string({ required: false, description: 'null clears the phone number' }),
    ethnicity: t.string({ required: false, description: '民族 New ethnicity, e.g. 汉族' }),
    residenceType: t.field({
      type: ResidenceType,
      required: false,
      description: '户籍类型 New residence type',
    }),
    status: t.field({
      type: ResidentStatus,
      required: false,
      description: '人员状态 New status, e.g. MOVED_OUT',
    }),
    moveInDate: t.field({
      type: 'Date',
      required: false,
      description: '入住日期 New move-in date',
    }),
  }),
});

const MoveResidentInput = builder.inputType('MoveResidentInput', {
  description: 'Moves a resident into another household (and its community).',
  fields: (t) => ({
    id: t.id({ required: true, description: 'Resident ID' }),
    version: t.int({
      required: true,
      description: 'The version you read; a stale one fails with CONFLICT',
    }),
    household: t.id({ required: true, description: 'Target household ID' }),
    relationToHead: t.field({
      type: RelationToHead,
      required: true,
      description: '与户主关系 Relation to the head of the target household',
    }),
  }),
});

/** Puts the personal fields a write set into the request's audit event. */
function recordWrites(ctx: Context, residentId: number, data: Record<string, unknown>) {
  for (const [field, value] of Object.entries(data)) {
    if (value !== undefined && isPersonalField('Resident', field))
      ctx.audit.touch('Resident', field, residentId);
  }
}

builder.mutationFields((t) => ({
  createResident: t.prismaField({
    description: 'Registers a resident (实有人口登记)',
    type: 'Resident',
    args: {
      input: t.arg({ type: CreateResidentInput, required: true, description: 'The new resident' }),
    },
    resolve: async (query, _root, { input }, ctx) => {
      const id = validIdNumber('input.idNumber', input.idNumber);
      const data = {
        ...id,
        name: validName('input.name', input.name),
        phone: validPhone('input.phone', input.phone ?? null),
        ethnicity: validEthnicity('input.ethnicity', input.ethnicity),
        residenceType: input.residenceType,
        moveInDate: validMoveInDate('input.moveInDate', input.moveInDate, id.birthDate),
        communityId: rowId('input.community', input.community, 'Community'),
      };
      const householdId = optionalRowId('input.household', input.household, 'Household');
      if ((householdId === undefined) !== (input.relationToHead == null)) {
        throw badInput('input.relationToHead', 'is required exactly when a household is given');
      }
      const created = await ctx.prisma
        .$transaction(async (tx) => {
          const community = await tx.community.findUnique({
            where: { id: data.communityId },
            select: { id: true },
          });
          if (!community) throw badInput('input.community', 'no such community');
          const resident = await tx.resident.create({ data, select: { id: true } });
          if (householdId !== undefined && input.relationToHead) {
            await placeInHousehold(
              tx,
              resident.id,
              data.communityId,
              householdId,
              input.relationToHead,
            );
          }
          return resident;
        })
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) {
            throw conflict('a resident with this ID number is already registered', {
              field: 'input.idNumber',
            });
          }
          throw error;
        });
      recordWrites(ctx, created.id, data);
      return ctx.prisma.resident.findUniqueOrThrow({ ...query, where: { id: created.id } });
    },
  }),
  updateResident: t.prismaField({
    description: 'Changes a resident, if nobody changed it since you read `version`',
    type: 'Resident',
    args: {
      input: t.arg({
        type: UpdateResidentInput,
        required: true,
        description: 'The resident, the version read and the changes',
      }),
    },
    resolve: async (query, _root, { input }, ctx) => {
      const id = rowId('input.id', input.id, 'Resident');
      const current = await ctx.prisma.resident.findUnique({
        where: { id },
        select: { birthDate: true },
      });
      if (!current) throw notFound('Resident');
      const data = {
        name: input.name == null ? undefined : validName('input.name', input.name),
        phone: input.phone === undefined ? undefined : validPhone('input.phone', input.phone),
        ethnicity:
          input.ethnicity == null ? undefined : validEthnicity('input.ethnicity', input.ethnicity),
        residenceType: input.residenceType ?? undefined,
        status: input.status ?? undefined,
        moveInDate:
          input.moveInDate == null
            ? undefined
            : validMoveInDate('input.moveInDate', input.moveInDate, current.birthDate),
      };
      const updated = await ctx.prisma.resident.updateMany({
        where: { id, version: input.version },
        data: { ...data, version: { increment: 1 } },
      });
      if (updated.count === 0)
        throw conflict('the resident was changed by someone else; read it again');
      recordWrites(ctx, id, data);
      return ctx.prisma.resident.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  moveResident: t.prismaField({
    description: 'Moves a resident into another household, keeping household heads consistent',
    type: 'Resident',
    args: {
      input: t.arg({
        type: MoveResidentInput,
        required: true,
        description: 'The resident, the version read and the target household',
      }),
    },
    resolve: async (query, _root, { input }, ctx) => {
      const id = rowId('input.id', input.id, 'Resident');
      const householdId = rowId('input.household', input.household, 'Household');
      await ctx.prisma.$transaction((tx) =>
        moveIntoHousehold(tx, {
          id,
          version: input.version,
          householdId,
          relationToHead: input.relationToHead,
        }),
      );
      return ctx.prisma.resident.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));
