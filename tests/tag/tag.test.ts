import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { moduleHub } from '../support/module-hub.js';
import { gid } from '../support/ids.js';

describe.each(testDatabaseKinds())('tags over HTTP (%s)', (kind) => {
  const t = moduleHub(kind);

  it('tags and untags a resident, and refuses an unknown tag', async () => {
    const resident = gid('Resident', t.ids.residents.chenJing);
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
