import { installAccessDefaults } from '../../src/access/default-grants.js';
import { personalFieldNames } from '../../src/access/fields.js';
import type { PrismaClient } from '../../src/db/client.js';
import { formatIdNumber } from '../../src/modules/resident/id-number.js';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** People of the small test district, by the key tests use. */
export const people = {
  zhangWei: {
    name: '张伟',
    birth: '1950-03-15',
    gender: 'MALE',
    seq: 11,
    household: 'h1',
    relation: 'SELF',
    community: 'c1',
  },
  liFang: {
    name: '李芳',
    birth: '1952-07-02',
    gender: 'FEMALE',
    seq: 22,
    household: 'h1',
    relation: 'SPOUSE',
    community: 'c1',
  },
  wangXiuying: {
    name: '王秀英',
    birth: '1938-11-30',
    gender: 'FEMALE',
    seq: 42,
    household: 'h2',
    relation: 'SELF',
    community: 'c1',
  },
  chenJing: {
    name: '陈静',
    birth: '1985-01-20',
    gender: 'FEMALE',
    seq: 64,
    household: 'h3',
    relation: 'SELF',
    community: 'c2',
  },
  zhouLei: {
    name: '周磊',
    birth: '1983-09-09',
    gender: 'MALE',
    seq: 75,
    household: 'h3',
    relation: 'SPOUSE',
    community: 'c2',
  },
  zhouXiaoming: {
    name: '周小明',
    birth: '2015-06-01',
    gender: 'MALE',
    seq: 81,
    household: 'h3',
    relation: 'CHILD',
    community: 'c2',
  },
} as const;
export type PersonKey = keyof typeof people;

export function idNumberOf(key: PersonKey): string {
  const p = people[key];
  return formatIdNumber('310106', day(p.birth), p.seq);
}

/** Row ids of what the scenario inserted, for building global IDs in tests. */
export interface ScenarioIds {
  communities: { c1: number; c2: number };
  households: { h1: number; h2: number; h3: number };
  residents: Record<PersonKey, number>;
}

/**
 * A district with one street, two communities, three households and six people: small enough
 * to know every answer by heart. Tags and one service record make the relations non-empty.
 */
export async function insertScenario(prisma: PrismaClient): Promise<ScenarioIds> {
  const district = await prisma.district.create({ data: { code: '310106', name: '静安区' } });
  const street = await prisma.subdistrict.create({
    data: { code: '310106001', name: '石门二路街道', kind: 'STREET', districtId: district.id },
  });
  const c1 = await prisma.community.create({
    data: {
      code: '310106001001',
      name: '华山居委会',
      kind: 'RESIDENTIAL',
      subdistrictId: street.id,
    },
  });
  const c2 = await prisma.community.create({
    data: {
      code: '310106001002',
      name: '新福康里居委会',
      kind: 'RESIDENTIAL',
      subdistrictId: street.id,
    },
  });
  const civil = await prisma.section.create({
    data: { code: 'civil-affairs', name: '区民政局', level: 'DISTRICT', districtId: district.id },
  });
  for (const [code, name] of [
    ['health', '区卫健委'],
    ['housing', '区房管局'],
    ['admin', '区数据管理员'],
    ['auditor', '区审计'],
  ] as const) {
    await prisma.section.create({
      data: { code, name, level: 'DISTRICT', districtId: district.id },
    });
  }
  await prisma.section.create({
    data: {
      code: 'street:310106001',
      name: '石门二路街道办',
      level: 'SUBDISTRICT',
      districtId: district.id,
      subdistrictId: street.id,
    },
  });
  for (const c of [c1, c2]) {
    await prisma.section.create({
      data: {
        code: `committee:${c.code}`,
        name: c.name,
        level: 'COMMUNITY',
        districtId: district.id,
        subdistrictId: street.id,
        communityId: c.id,
      },
    });
  }
  // T2026-001 may use every personal field and dataset, so tests can name it for anything;
  // T2026-002 only what epidemic prevention needs (the task list bounds each purpose).
  const task = await prisma.task.create({
    data: {
      code: tasks.population,
      year: 2026,
      title: '协助做好实有人口管理服务',
      list: 'ASSIST',
      sectionId: civil.id,
      datasets: ['RESIDENTS', 'HOUSEHOLDS', 'SERVICE_RECORDS', 'HOTLINE_CASES'],
      fields: [
        ...personalFieldNames(),
        ...['ELDERLY_ALONE', 'DISABILITY', 'LOW_INCOME', 'KEY_CARE'].map((c) => `Tag.${c}`),
      ],
    },
  });
  const health = await prisma.section.findUniqueOrThrow({ where: { code: 'health' } });
  await prisma.task.create({
    data: {
      code: tasks.epidemic,
      year: 2026,
      title: '协助做好卫生防疫工作',
      list: 'ASSIST',
      sectionId: health.id,
      datasets: ['RESIDENTS'],
      fields: [
        'Resident.name',
        'Resident.phone',
        'Resident.birthDate',
        'Resident.age',
        'Household.address',
        'Tag.ELDERLY_ALONE',
        'Tag.KEY_CARE',
      ],
    },
  });
  const alone = await prisma.tag.create({
    data: { code: 'ELDERLY_ALONE', name: '独居老人', sectionId: civil.id },
  });
  await prisma.tag.create({ data: { code: 'DISABILITY', name: '残疾人', sectionId: civil.id } });
  await prisma.tag.create({
    data: { code: 'VETERAN', name: '退役军人', sensitive: false, sectionId: civil.id },
  });
  const communities = { c1: c1.id, c2: c2.id };
  const addresses = {
    h1: '华山路100弄1号101室',
    h2: '华山路100弄2号302室',
    h3: '新闸路200弄5号601室',
  };
  const households = { h1: 0, h2: 0, h3: 0 };
  for (const key of ['h1', 'h2', 'h3'] as const) {
    const community = key === 'h3' ? c2.id : c1.id;
    households[key] = (
      await prisma.household.create({ data: { address: addresses[key], communityId: community } })
    ).id;
  }
  const residents = {} as Record<PersonKey, number>;
  for (const key of Object.keys(people) as PersonKey[]) {
    const p = people[key];
    const row = await prisma.resident.create({
      data: {
        idNumber: idNumberOf(key),
        name: p.name,
        gender: p.gender,
        birthDate: day(p.birth),
        phone: key === 'zhouXiaoming' ? null : `1380013${String(p.seq).padStart(4, '0')}`,
        ethnicity: '汉族',
        residenceType: key === 'chenJing' ? 'NON_LOCAL' : 'REGISTERED',
        communityId: communities[p.community],
        householdId: households[p.household],
        relationToHead: p.relation,
        moveInDate: day('2010-05-01'),
      },
    });
    residents[key] = row.id;
    if (p.relation === 'SELF') {
      await prisma.household.update({
        where: { id: households[p.household] },
        data: { headId: row.id },
      });
    }
  }
  await prisma.residentTag.create({
    data: {
      residentId: residents.wangXiuying,
      tagId: alone.id,
      setBy: '刘书记',
      sectionId: civil.id,
    },
  });
  await prisma.serviceRecord.create({
    data: {
      kind: 'HOME_VISIT',
      occurredAt: new Date('2026-10-08T02:00:00Z'),
      notes: '上门走访，药品剩余三天，已提醒子女配药',
      recordedBy: '刘书记',
      residentId: residents.wangXiuying,
      communityId: c1.id,
      taskId: task.id,
    },
  });
  await prisma.hotlineCase.create({
    data: {
      caseNumber: '12345-2026-0000001',
      category: '噪音扰民',
      summary: '王秀英反映楼上夜间装修噪音',
      status: 'RESOLVED',
      role: 'ASSIST',
      receivedAt: new Date('2026-09-01T01:00:00Z'),
      communityId: c1.id,
      taskId: task.id,
    },
  });
  await installAccessDefaults(prisma);
  // Every district section assists with T2026-001 here, so each can name a purpose in tests.
  for (const s of await prisma.section.findMany({
    where: { level: 'DISTRICT', NOT: { code: 'civil-affairs' } },
  })) {
    await prisma.taskAssist.create({ data: { taskId: task.id, sectionId: s.id } });
  }
  return { communities, households, residents };
}

/** Section codes of the scenario. */
export const sections = {
  street: 'street:310106001',
  c1: 'committee:310106001001',
  c2: 'committee:310106001002',
} as const;

/** Task codes of the scenario's task list (insertScenario), by what they are for. */
export const tasks = {
  /** 协助做好实有人口管理服务: every personal field and dataset; every scenario section assists it. */
  population: 'T2026-001',
  /** 协助做好卫生防疫工作 (health's): residents' name, phone, birth date, age, address, two tags. */
  epidemic: 'T2026-002',
} as const;

/** The task every scenario section may name as its purpose (committees and streets assist it). */
export const purpose = tasks.population;
