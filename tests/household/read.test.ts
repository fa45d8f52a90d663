import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { moduleHub } from '../support/module-hub.js';
import { gid } from '../support/ids.js';

describe.each(testDatabaseKinds())('households over HTTP (%s)', (kind) => {
  const t = moduleHub(kind);

  it('follows relations both ways: household members and head, resident community and tags', async () => {
    const res = await t.gql<{
      household: {
        address: string;
        size: number;
        head: { name: string } | null;
        members: Array<{ name: string; relationToHead: string }>;
        community: { name: string; households: { totalCount: number } };
      } | null;
    }>(
      `query($id: ID!) { household(id: $id) { address size head { name } members { name relationToHead } community { name households { totalCount } } } }`,
      {
        id: gid('Household', t.ids.households.h3),
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.household).toMatchObject({
      address: '新闸路200弄5号601室',
      size: 3,
      head: { name: '陈静' },
      community: { name: '新福康里居委会', households: { totalCount: 1 } },
    });
    expect(res.data!.household!.members.map((m) => m.relationToHead)).toEqual([
      'SELF',
      'SPOUSE',
      'CHILD',
    ]);
  });
});
