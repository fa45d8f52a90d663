import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { moduleHub } from '../support/module-hub.js';
import { tasks } from '../support/scenario.js';

describe.each(testDatabaseKinds())('the task list over HTTP (%s)', (kind) => {
  const t = moduleHub(kind);

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
