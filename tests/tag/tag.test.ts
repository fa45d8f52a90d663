import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { gid } from '../support/ids.js';
import { insertScenario, type ScenarioIds } from '../support/scenario.js';

describe.each(testDatabaseKinds())('tags over HTTP (%s)', (kind) => {
  let t: TestHub;
  let ids: ScenarioIds;
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => {
      ids = await insertScenario(hub.prisma);
    });
  });
  afterAll(() => t?.close());

  it('tags and untags a resident, and refuses an unknown tag', async () => {
    const resident = gid('Resident', ids.residents.chenJing);
    type Tags = { tags: Array<{ code: string }> };
    const tagged = await t.gql<{ tagResident: Tags }>(
      `mutation($r: ID!) { tagResident(resident: $r, tag: "DISABILITY") { tags { code } } }`,
      { r: resident },
    );
    expect(tagged.data!.tagResident.tags).toEqual([{ code: 'DISABILITY' }]);
    const untagged = await t.gql<{ untagResident: Tags }>(
      `mutation($r: ID!) { untagResident(resident: $r, tag: "DISABILITY") { tags { code } } }`,
      { r: resident },
    );
    expect(untagged.data!.untagResident.tags).toEqual([]);
    const unknown = await t.gql(
      `mutation($r: ID!) { tagResident(resident: $r, tag: "NOPE") { id } }`,
      { r: resident },
    );
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'tag' });
  });
});
