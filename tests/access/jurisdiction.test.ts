import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { type Caller, startTestHub, type TestHub, codeOf } from '../support/hub.js';
import { gid } from '../support/ids.js';
import { insertScenario, purpose, type ScenarioIds, sections } from '../support/scenario.js';

/** Committee c2 asks about rows of committee c1: they must look exactly like rows that do not exist. */
describe.each(testDatabaseKinds())('jurisdiction (%s)', (kind) => {
  let t: TestHub;
  let ids: ScenarioIds;
  const c2: Caller = { section: sections.c2, purpose };
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => void (ids = await insertScenario(hub.prisma)));
  });
  afterAll(() => t?.close());

  it('keeps lists and their totals to the jurisdiction', async () => {
    const res = await t.gql(
      `{
      communities { totalCount edges { node { code } } }
      households { totalCount }
      residents { totalCount }
      serviceRecords { totalCount }
      hotlineCases { totalCount }
      districts { subdistricts { communities { code } } }
    }`,
      {},
      c2,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({
      communities: { totalCount: 1, edges: [{ node: { code: '310106001002' } }] },
      households: { totalCount: 1 },
      residents: { totalCount: 3 },
      serviceRecords: { totalCount: 0 },
      hotlineCases: { totalCount: 0 },
      districts: [{ subdistricts: [{ communities: [{ code: '310106001002' }] }] }],
    });
    const street = await t.gql(`{ residents { totalCount } communities { totalCount } }`);
    expect(street.data).toEqual({ residents: { totalCount: 6 }, communities: { totalCount: 2 } });
  });

  it('answers a lookup outside the jurisdiction exactly like one for a row that does not exist', async () => {
    const lookups: Array<[string, string, number]> = [
      ['resident', 'Resident', ids.residents.wangXiuying],
      ['household', 'Household', ids.households.h1],
      ['community', 'Community', ids.communities.c1],
    ];
    for (const [field, type, id] of lookups) {
      const outside = await t.gql(
        `query($id: ID!) { ${field}(id: $id) { id } node(id: $id) { id } }`,
        { id: gid(type, id) },
        c2,
      );
      const missing = await t.gql(
        `query($id: ID!) { ${field}(id: $id) { id } node(id: $id) { id } }`,
        { id: gid(type, 999_999) },
        c2,
      );
      expect(outside, field).toEqual(missing);
      expect(outside.data).toEqual({ [field]: null, node: null });
    }
  });

  it('refuses writes outside the jurisdiction exactly as for rows that do not exist', async () => {
    const update = `mutation($i: UpdateResidentInput!) { updateResident(input: $i) { id } }`;
    const outside = await t.gql(
      update,
      { i: { id: gid('Resident', ids.residents.liFang), version: 1, name: '改名' } },
      c2,
    );
    const missing = await t.gql(
      update,
      { i: { id: gid('Resident', 999_999), version: 1, name: '改名' } },
      c2,
    );
    expect(codeOf(outside)).toBe('NOT_FOUND');
    expect(outside).toEqual(missing);
    const move = `mutation($i: MoveResidentInput!) { moveResident(input: $i) { id } }`;
    const into = await t.gql(
      move,
      {
        i: {
          id: gid('Resident', ids.residents.zhouLei),
          version: 1,
          household: gid('Household', ids.households.h1),
          relationToHead: 'OTHER',
        },
      },
      c2,
    );
    const intoMissing = await t.gql(
      move,
      {
        i: {
          id: gid('Resident', ids.residents.zhouLei),
          version: 1,
          household: gid('Household', 999_999),
          relationToHead: 'OTHER',
        },
      },
      c2,
    );
    expect(into).toEqual(intoMissing);
    const tag = await t.gql(
      `mutation($r: ID!) { tagResident(resident: $r, tag: "DISABILITY") { id } }`,
      { r: gid('Resident', ids.residents.wangXiuying) },
      c2,
    );
    expect(codeOf(tag)).toBe('NOT_FOUND');
    const record = await t.gql(
      `mutation($i: RecordServiceInput!) { recordService(input: $i) { id } }`,
      {
        i: {
          resident: gid('Resident', ids.residents.wangXiuying),
          kind: 'HOME_VISIT',
          occurredAt: '2026-11-01T02:00:00Z',
        },
      },
      c2,
    );
    expect(codeOf(record)).toBe('NOT_FOUND');
    const row = await t.hub.prisma.resident.findUniqueOrThrow({
      where: { id: ids.residents.liFang },
    });
    expect(row.name).toBe('李芳');
    expect(
      await t.hub.prisma.serviceRecord.count({ where: { residentId: ids.residents.wangXiuying } }),
    ).toBe(1);
  });

  it('keeps district departments from recording residents', async () => {
    const res = await t.gql(
      `mutation($i: UpdateResidentInput!) { updateResident(input: $i) { id } }`,
      {
        i: { id: gid('Resident', ids.residents.liFang), version: 1, name: '改名' },
      },
      { section: 'civil-affairs', purpose },
    );
    expect(codeOf(res)).toBe('FORBIDDEN');
  });

  it('hides a resident who moved away behind the records the old committee keeps, and those records from the new one', async () => {
    const moved = await t.gql(
      `mutation($i: MoveResidentInput!) { moveResident(input: $i) { community { code } } }`,
      {
        i: {
          id: gid('Resident', ids.residents.wangXiuying),
          version: 1,
          household: gid('Household', ids.households.h3),
          relationToHead: 'PARENT',
        },
      },
    );
    expect(moved.errors).toBeUndefined();
    const old = await t.gql<{ serviceRecords: unknown }>(
      `{ serviceRecords { totalCount edges { node { kind resident { name } } } } }`,
      {},
      { section: sections.c1, purpose },
    );
    expect(old.data!.serviceRecords).toEqual({
      totalCount: 1,
      edges: [{ node: { kind: 'HOME_VISIT', resident: null } }],
    });
    const now = await t.gql<{ resident: unknown }>(
      `query($id: ID!) { resident(id: $id) { name serviceRecords { totalCount } } }`,
      { id: gid('Resident', ids.residents.wangXiuying) },
      c2,
    );
    expect(now.data!.resident).toEqual({ name: '王秀英', serviceRecords: { totalCount: 0 } });
  });
});
