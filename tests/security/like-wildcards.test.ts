import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { type Edges, startTestHub, type TestHub } from '../support/hub.js';
import { idNumberOf, insertScenario, people } from '../support/scenario.js';

/** Residents whose names hold LIKE's wildcards and its escape character, beside the scenario's six. */
const odd = ['百分之%百', '下_划线', '反\\斜杠', '张%'];

describe.each(testDatabaseKinds())('nameContains matches %% and _ literally (%s)', (kind) => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => {
      const ids = await insertScenario(hub.prisma);
      const model = await hub.prisma.resident.findUniqueOrThrow({
        where: { id: ids.residents.zhangWei },
      });
      for (const [i, name] of odd.entries()) {
        await hub.prisma.resident.create({
          data: {
            idNumber: idNumberOf('zhangWei').slice(0, 14) + String(900 + i) + 'X',
            name,
            gender: model.gender,
            birthDate: model.birthDate,
            ethnicity: model.ethnicity,
            residenceType: model.residenceType,
            communityId: model.communityId,
            moveInDate: model.moveInDate,
          },
        });
      }
    });
  });
  afterAll(() => t?.close());

  const search = async (s: string): Promise<string[]> => {
    const answer = await t.gql<{ residents: Edges<{ name: string }> & { totalCount: number } }>(
      'query($s: String) { residents(first: 100, filter: { nameContains: $s }) { totalCount edges { node { name } } } }',
      { s },
    );
    expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
    const { residents } = answer.data!;
    const names = residents.edges.map((e) => e.node.name).sort();
    expect(residents.totalCount).toBe(names.length);
    return names;
  };

  it('a search for % finds the names holding %, not every name', async () => {
    expect(await search('%')).toEqual(['张%', '百分之%百'].sort());
  });

  it('a search for _ finds the name holding _, not every name', async () => {
    expect(await search('_')).toEqual(['下_划线']);
    expect(await search('下_')).toEqual(['下_划线']);
    expect(await search('_划')).toEqual(['下_划线']);
  });

  it('a search for the escape character itself finds the name holding it', async () => {
    expect(await search('\\')).toEqual(['反\\斜杠']);
    expect(await search('\\%')).toEqual([]);
  });

  it('a wildcard inside a search matches itself only', async () => {
    // As a wildcard, 百%百 would match 百分之%百.
    expect(await search('百%百')).toEqual([]);
    expect(await search('之%')).toEqual(['百分之%百']);
    expect(await search('张%')).toEqual(['张%']);
    expect(await search('张_')).toEqual([]);
  });

  it('plain searches still match as before', async () => {
    expect(await search('张')).toEqual([people.zhangWei.name, '张%'].sort());
    expect(await search('周')).toEqual([people.zhouLei.name, people.zhouXiaoming.name].sort());
  });
});
