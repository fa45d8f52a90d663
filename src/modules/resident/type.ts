import { maskEthnicity, maskIdNumber, maskName, maskPhone } from '../../access/masks.js';
import { withheld } from '../../access/policy.js';
import { builder } from '../../builder.js';
import { formatDate } from '../common/scalars.js';
import { ageOn, today } from './age.js';
import { Gender, RelationToHead, ResidenceType, ResidentStatus } from './enums.js';

export const Resident = builder.prismaNode('Resident', {
  description:
    '实有人口 Resident: a person actually living in the area, whatever their registration.',
  id: { field: 'id' },
  // Select mode: a page loads only the columns its query asks for (not every column of every
  // member). `id` and `communityId` are loaded always: the field guards name the resident in the
  // audit trail by `id`, and a service record shows its resident only within the jurisdiction.
  select: { id: true, communityId: true },
  // Every field is a fact about this person: each declares its policy (src/access/policy.ts).
  describesPerson: { subject: ['id'] },
  fields: (t) => ({
    idNumber: t.exposeString('idNumber', {
      nullable: true,
      description:
        '身份证号 18-digit resident ID number (personal; masked: the area code only, 310106************)',
      personal: { mask: maskIdNumber },
    }),
    name: t.exposeString('name', {
      nullable: true,
      description: '姓名 Name (personal; masked: 张*明)',
      personal: { mask: maskName },
    }),
    gender: t.expose('gender', {
      type: Gender,
      description: '性别 Gender',
      public:
        'needed to address and serve the person; a report dimension; says nothing beyond what any visit shows',
    }),
    birthDate: t.string({
      nullable: true,
      description:
        '出生日期 Date of birth, YYYY-MM-DD (personal; masked: withheld, as any part of it narrows the ID number)',
      select: { birthDate: true },
      resolve: (resident) => formatDate(resident.birthDate),
      personal: { mask: withheld },
    }),
    age: t.int({
      nullable: true,
      description:
        '年龄 Age in whole years today (personal; masked: withheld, as any part of it narrows the ID number)',
      select: { birthDate: true },
      resolve: (resident) => ageOn(resident.birthDate, today()),
      personal: {
        mask: withheld,
        reportUses: [
          'dimensions.AGE_BAND',
          'filter.ageBands',
          'measures.AVG_AGE',
          'measures.MIN_AGE',
          'measures.MAX_AGE',
        ],
      },
    }),
    phone: t.exposeString('phone', {
      nullable: true,
      description: '联系电话 Phone number (personal; masked: 138****5678)',
      personal: { mask: maskPhone },
    }),
    ethnicity: t.exposeString('ethnicity', {
      nullable: true,
      description: '民族 Ethnicity (personal; masked: 汉族 or 少数民族)',
      personal: { mask: maskEthnicity },
    }),
    residenceType: t.expose('residenceType', {
      type: ResidenceType,
      description: '户籍类型 Residence type',
      public:
        'the category the hub is organised by (实有人口): every section serving residents works with it; a report dimension',
    }),
    status: t.expose('status', {
      type: ResidentStatus,
      nullable: true,
      description:
        '人员状态 Status (personal: DECEASED or MOVED_OUT is a fact about the person; masked: withheld)',
      personal: { mask: withheld, reportUses: ['dimensions.STATUS', 'filter.statuses'] },
    }),
    relationToHead: t.expose('relationToHead', {
      type: RelationToHead,
      nullable: true,
      description:
        '与户主关系 Relation to the head of household (personal: household composition; masked: withheld)',
      personal: { mask: withheld },
    }),
    moveInDate: t.expose('moveInDate', {
      type: 'Date',
      description: '入住日期 Date moved in',
      public: 'when the committee registered the person at this address: bookkeeping of the record',
    }),
    community: t.relation('community', {
      description: 'The community the resident lives in',
      public: 'the jurisdiction the record belongs to; rows are scoped by it',
    }),
    household: t.relation('household', {
      nullable: true,
      description: 'The household the resident belongs to',
      public:
        'the household record itself; its address, head, members and size declare their own policies',
    }),
    version: t.exposeInt('version', {
      description: 'Row version; pass it back to updateResident',
      public: 'bookkeeping of the record',
    }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When the resident was registered in the hub',
      public: 'bookkeeping of the record',
    }),
    updatedAt: t.expose('updatedAt', {
      type: 'DateTime',
      description: 'When the record last changed',
      public: 'bookkeeping of the record',
    }),
  }),
});
