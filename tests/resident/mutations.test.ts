import { describe, expect, it } from 'vitest';
import { formatIdNumber } from '../../src/modules/resident/id-number.js';
import { testDatabaseKinds } from '../support/databases.js';
import { codeOf } from '../support/hub.js';
import { moduleHub } from '../support/module-hub.js';
import { gid } from '../support/ids.js';
import { idNumberOf } from '../support/scenario.js';

const create = `mutation($input: CreateResidentInput!) { createResident(input: $input) { id name gender birthDate version household { head { name } } } }`;
const update = `mutation($input: UpdateResidentInput!) { updateResident(input: $input) { name phone version } }`;
const move = `mutation($input: MoveResidentInput!) { moveResident(input: $input) { version relationToHead community { code } household { head { name } } } }`;
/** What `create`, `update` and `move` select. */
interface Created {
  createResident: {
    id: string;
    name: string;
    gender: string;
    birthDate: string;
    version: number;
    household: { head: { name: string } | null } | null;
  };
}
interface Updated {
  updateResident: { name: string; phone: string | null; version: number };
}
interface Moved {
  moveResident: {
    version: number;
    relationToHead: string;
    community: { code: string };
    household: { head: { name: string } | null } | null;
  };
}

describe.each(testDatabaseKinds())('changing the hub over HTTP (%s)', (kind) => {
  const t = moduleHub(kind);

  const newcomer = () => ({
    idNumber: formatIdNumber('320102', new Date('1990-04-12T00:00:00Z'), 123),
    name: '赵敏',
    phone: '13912345678',
    ethnicity: '回族',
    residenceType: 'NON_LOCAL',
    community: gid('Community', t.ids.communities.c2),
    moveInDate: '2024-03-01',
  });

  it('creates a resident, reading gender and date of birth from the ID number', async () => {
    const res = await t.gql<Created>(create, { input: newcomer() });
    expect(res.errors).toBeUndefined();
    expect(res.data!.createResident).toMatchObject({
      name: '赵敏',
      gender: 'MALE',
      birthDate: '1990-04-12',
      version: 1,
      household: null,
    });
    const again = await t.gql(create, { input: newcomer() });
    expect(again.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      field: 'input.idNumber',
    });
  });

  it('rejects invalid input with BAD_USER_INPUT naming the field, without echoing the value', async () => {
    const good = newcomer();
    const badCheckDigit = good.idNumber.slice(0, 17) + (good.idNumber.endsWith('1') ? '2' : '1');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ idNumber: badCheckDigit }, 'input.idNumber'],
      [{ idNumber: '12345' }, 'input.idNumber'],
      [{ name: '' }, 'input.name'],
      [{ name: 'x'.repeat(40) }, 'input.name'],
      [{ phone: '12' }, 'input.phone'],
      [{ moveInDate: '2999-01-01' }, 'input.moveInDate'],
      [{ community: 'not-an-id' }, 'input.community'],
      [{ household: gid('Household', t.ids.households.h1) }, 'input.relationToHead'],
    ];
    for (const [change, field] of cases) {
      const res = await t.gql(create, {
        input: {
          ...good,
          idNumber: formatIdNumber('320102', new Date('1991-01-01T00:00:00Z'), 7),
          ...change,
        },
      });
      expect(res.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(JSON.stringify(res.errors)).not.toContain(badCheckDigit);
    }
    const badDate = await t.gql(create, { input: { ...good, moveInDate: '2024-02-30' } });
    expect(codeOf(badDate)).toBe('BAD_USER_INPUT');
    const badEnum = await t.gql(create, { input: { ...good, residenceType: 'ALIEN' } });
    expect(codeOf(badEnum)).toBe('BAD_USER_INPUT');
  });

  it('puts a new head into an empty household only, and refuses a second head', async () => {
    const res = await t.gql(create, {
      input: {
        ...newcomer(),
        idNumber: formatIdNumber('310106', new Date('1970-01-01T00:00:00Z'), 301),
        household: gid('Household', t.ids.households.h3),
        relationToHead: 'SELF',
      },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.relationToHead',
    });
    const count = await t.hub.prisma.resident.count({
      where: { idNumber: formatIdNumber('310106', new Date('1970-01-01T00:00:00Z'), 301) },
    });
    expect(count).toBe(0);
  });

  it('updates with the version it read, and a stale version fails with CONFLICT and writes nothing', async () => {
    const id = gid('Resident', t.ids.residents.liFang);
    const first = await t.gql<Updated>(update, { input: { id, version: 1, phone: '13700001111' } });
    expect(first.errors).toBeUndefined();
    expect(first.data!.updateResident).toEqual({ name: '李芳', phone: '13700001111', version: 2 });
    const stale = await t.gql(update, { input: { id, version: 1, name: '李芳芳' } });
    expect(codeOf(stale)).toBe('CONFLICT');
    const row = await t.hub.prisma.resident.findUniqueOrThrow({
      where: { id: t.ids.residents.liFang },
    });
    expect({ name: row.name, version: row.version }).toEqual({ name: '李芳', version: 2 });
    const cleared = await t.gql<Updated>(update, { input: { id, version: 2, phone: null } });
    expect(cleared.data!.updateResident.phone).toBeNull();
  });

  it('moves a head to another household and leaves the old household without a head', async () => {
    const res = await t.gql<Moved>(move, {
      input: {
        id: gid('Resident', t.ids.residents.zhangWei),
        version: 1,
        household: gid('Household', t.ids.households.h3),
        relationToHead: 'PARENT',
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.moveResident).toEqual({
      version: 2,
      relationToHead: 'PARENT',
      community: { code: '310106001002' },
      household: { head: { name: '陈静' } },
    });
    const old = await t.hub.prisma.household.findUniqueOrThrow({
      where: { id: t.ids.households.h1 },
    });
    expect(old.headId).toBeNull();
    const back = await t.gql<Moved>(move, {
      input: {
        id: gid('Resident', t.ids.residents.zhangWei),
        version: 2,
        household: gid('Household', t.ids.households.h1),
        relationToHead: 'SELF',
      },
    });
    expect(back.data!.moveResident.household?.head?.name).toBe('张伟');
    const stale = await t.gql(move, {
      input: {
        id: gid('Resident', t.ids.residents.zhangWei),
        version: 2,
        household: gid('Household', t.ids.households.h3),
        relationToHead: 'PARENT',
      },
    });
    expect(codeOf(stale)).toBe('CONFLICT');
    const still = await t.hub.prisma.household.findUniqueOrThrow({
      where: { id: t.ids.households.h1 },
    });
    expect(still.headId).toBe(t.ids.residents.zhangWei);
  });

  it('keeps the ID number of an existing person out of a conflict message', async () => {
    const res = await t.gql(create, { input: { ...newcomer(), idNumber: idNumberOf('chenJing') } });
    expect(codeOf(res)).toBe('CONFLICT');
    expect(JSON.stringify(res)).not.toContain(idNumberOf('chenJing'));
    expect(JSON.stringify(res)).not.toContain('陈静');
  });
});
