import { builder } from '../../builder.js';
import { ageOn, today } from './age.js';
import { Gender, RelationToHead, ResidenceType, ResidentStatus } from './enums.js';

builder.prismaNode('Resident', {
  description: '实有人口 Resident: a person actually living in the area, whatever their registration.',
  id: { field: 'id' },
  fields: (t) => ({
    idNumber: t.exposeString('idNumber', { description: '身份证号 18-digit resident ID number (personal)' }),
    name: t.exposeString('name', { description: '姓名 Name (personal)' }),
    gender: t.expose('gender', { type: Gender, description: '性别 Gender' }),
    birthDate: t.expose('birthDate', { type: 'Date', description: '出生日期 Date of birth (personal)' }),
    age: t.int({
      description: '年龄 Age in whole years today',
      resolve: (resident) => ageOn(resident.birthDate, today()),
    }),
    phone: t.exposeString('phone', { nullable: true, description: '联系电话 Phone number (personal)' }),
    ethnicity: t.exposeString('ethnicity', { description: '民族 Ethnicity (personal)' }),
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
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});
