import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario } from '../support/scenario.js';

describe.each(testDatabaseKinds())('hotline cases over HTTP (%s)', (kind) => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => {
      await insertScenario(hub.prisma);
    });
  });
  afterAll(() => t?.close());

  it('lists hotline cases', async () => {
    const res = await t.gql<{ hotlineCases: unknown }>(`{
      hotlineCases(filter: { role: ASSIST }) { totalCount edges { node { caseNumber category status community { name } } } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.hotlineCases).toMatchObject({
      totalCount: 1,
      edges: [{ node: { category: '噪音扰民', status: 'RESOLVED' } }],
    });
  });
});
