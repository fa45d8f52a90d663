import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { type Edges } from '../support/hub.js';
import { moduleHub } from '../support/module-hub.js';
import { gid } from '../support/ids.js';
import { idNumberOf, purpose, sections, tasks } from '../support/scenario.js';

describe.each(testDatabaseKinds())('reading the hub over HTTP (%s)', (kind) => {
  const t = moduleHub(kind);

  it('filters residents by community, tag, age, residence type, household and name', async () => {
    const names = async (filter: Record<string, unknown>) => {
      const res = await t.gql<{
        residents: Edges<{ name: string }> & { totalCount: number };
      }>(
        `query($f: ResidentFilter) { residents(filter: $f, first: 50) { totalCount edges { node { name } } } }`,
        { f: filter },
      );
      expect(res.errors).toBeUndefined();
      const { residents } = res.data!;
      expect(residents.totalCount).toBe(residents.edges.length);
      return residents.edges.map((e) => e.node.name).sort();
    };
    expect(await names({ community: gid('Community', t.ids.communities.c2) })).toEqual(
      ['周小明', '周磊', '陈静'].sort(),
    );
    expect(await names({ tag: 'ELDERLY_ALONE' })).toEqual(['王秀英']);
    expect(await names({ ageMin: 60 })).toEqual(['张伟', '李芳', '王秀英'].sort());
    expect(await names({ ageMin: 18, ageMax: 59 })).toEqual(['周磊', '陈静'].sort());
    expect(await names({ ageMax: 17 })).toEqual(['周小明']);
    expect(await names({ residenceType: 'NON_LOCAL' })).toEqual(['陈静']);
    expect(await names({ household: gid('Household', t.ids.households.h1) })).toEqual(
      ['张伟', '李芳'].sort(),
    );
    expect(await names({ nameContains: '周' })).toEqual(['周小明', '周磊'].sort());
    expect(await names({ status: 'DECEASED' })).toEqual([]);
  });

  it('rejects a bad filter with BAD_USER_INPUT naming the field', async () => {
    const res = await t.gql(`{ residents(filter: { ageMin: 70, ageMax: 60 }) { totalCount } }`);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'filter.ageMax',
    });
    const wrongType = await t.gql(
      `query($id: ID!) { residents(filter: { community: $id }) { totalCount } }`,
      {
        id: gid('Household', t.ids.households.h1),
      },
    );
    expect(wrongType.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'filter.community',
    });
  });

  it('reads one resident with derived fields, tags and service records', async () => {
    const res = await t.gql<{
      resident: {
        id: string;
        idNumber: string;
        name: string;
        gender: string;
        birthDate: string;
        age: number;
        ethnicity: string;
        phone: string | null;
        version: number;
        community: { code: string };
        household: { address: string } | null;
        tags: Array<{ code: string; name: string }>;
        tagAssignments: Array<{ setBy: string; tag: { code: string } }>;
        serviceRecords: Edges<{
          kind: string;
          notes: string | null;
          task: { code: string } | null;
        }> & {
          totalCount: number;
        };
      } | null;
    }>(
      `query($id: ID!) { resident(id: $id) { id idNumber name gender birthDate age ethnicity phone version
        community { code } household { address } tags { code name } tagAssignments { setBy tag { code } }
        serviceRecords(first: 5) { totalCount edges { node { kind notes task { code } } } } } }`,
      {
        id: gid('Resident', t.ids.residents.wangXiuying),
      },
      { section: sections.c1, purpose },
    );
    expect(res.errors).toBeUndefined();
    const r = res.data!.resident!;
    expect(r).toMatchObject({
      idNumber: idNumberOf('wangXiuying'),
      name: '王秀英',
      gender: 'FEMALE',
      birthDate: '1938-11-30',
      community: { code: '310106001001' },
      tags: [{ code: 'ELDERLY_ALONE', name: '独居老人' }],
      tagAssignments: [{ setBy: '刘书记', tag: { code: 'ELDERLY_ALONE' } }],
      serviceRecords: {
        totalCount: 1,
        edges: [{ node: { kind: 'HOME_VISIT', task: { code: tasks.population } } }],
      },
    });
    expect(r.age).toBeGreaterThanOrEqual(87);
    const node = await t.gql<{ node: { __typename: string; name?: string } | null }>(
      `query($id: ID!) { node(id: $id) { __typename ... on Resident { name } } }`,
      { id: r.id },
      { section: sections.c1, purpose },
    );
    expect(node.data!.node).toEqual({ __typename: 'Resident', name: '王秀英' });
  });

  it('answers null for an ID that does not exist', async () => {
    const res = await t.gql<{ resident: { name: string } | null }>(
      `query($id: ID!) { resident(id: $id) { name } }`,
      {
        id: gid('Resident', 999999),
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.resident).toBeNull();
  });
});
