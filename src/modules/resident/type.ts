import { builder } from '../../builder.js';
import { formatDate } from '../common/scalars.js';
import { ageOn, today } from './age.js';
import { Gender, RelationToHead, ResidenceType, ResidentStatus } from './enums.js';

export const Resident = builder.prismaNode('Resident', {
  description: '实有人口 Resident: a person actually living in the area, whatever their registration.',
  id: { field: 'id' },
  // Select mode: a page loads only the columns its query asks for (not every column of every
  // member). `id` and `communityId` are loaded always: the field guards name the resident in the
  // audit trail by `id`, and a service record shows its resident only within the jurisdiction.
  select: { id: true, communityId: true },
  fields: (t) => ({
    idNumber: t.exposeString('idNumber', {
      nullable: true,
      description: '身份证号 18-digit resident ID number (personal; masked: 310106********123X)',
    }),
    name: t.exposeString('name', { nullable: true, description: '姓名 Name (personal; masked: 张*明)' }),
    gender: t.expose('gender', { type: Gender, description: '性别 Gender' }),
    birthDate: t.string({
      nullable: true,
      description: '出生日期 Date of birth, YYYY-MM-DD (personal; masked: the year only, YYYY)',
      select: { birthDate: true },
      resolve: (resident) => formatDate(resident.birthDate),
    }),
    age: t.int({
      nullable: true,
      description: '年龄 Age in whole years today (personal; masked: the decade, 80 meaning 80–89)',
      select: { birthDate: true },
      resolve: (resident) => ageOn(resident.birthDate, today()),
    }),
    phone: t.exposeString('phone', { nullable: true, description: '联系电话 Phone number (personal; masked: 138****5678)' }),
    ethnicity: t.exposeString('ethnicity', {
      nullable: true,
      description: '民族 Ethnicity (personal; masked: 汉族 or 少数民族)',
    }),
    residenceType: t.expose('residenceType', { type: ResidenceType, description: '户籍类型 Residence type' }),
    status: t.expose('status', { type: ResidentStatus, description: '人员状态 Status' }),
    relationToHead: t.expose('relationToHead', {
      type: RelationToHead,
      nullable: true,
      description: '与户主关系 Relation to the head of household',
    }),
    moveInDate: t.expose('moveInDate', { type: 'Date', description: '入住日期 Date moved in' }),
    community: t.relation('community', { description: 'The community the resident lives in' }),
    household: t.relation('household', { nullable: true, description: 'The household the resident belongs to' }),
    version: t.exposeInt('version', { description: 'Row version; pass it back to updateResident' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the resident was registered in the hub' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the record last changed' }),
  }),
});
