import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { moduleHub } from '../support/module-hub.js';

describe.each(testDatabaseKinds())('hotline cases over HTTP (%s)', (kind) => {
  const t = moduleHub(kind);

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
