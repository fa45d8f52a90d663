import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario, tasks } from '../support/scenario.js';

describe.each(testDatabaseKinds())('the task list over HTTP (%s)', (kind) => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => {
      await insertScenario(hub.prisma);
    });
  });
  afterAll(() => t?.close());

  it('lists the task list', async () => {
    const res = await t.gql<{
      tasks: Array<{ code: string; list: string; title: string; section: { code: string } }>;
    }>(`{ tasks { code list title section { code } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.tasks.map((x) => x.code)).toEqual([tasks.population, tasks.epidemic]);
    expect(res.data!.tasks[0]).toEqual({
      code: tasks.population,
      list: 'ASSIST',
      title: '协助做好实有人口管理服务',
      section: { code: 'civil-affairs' },
    });
  });
});
