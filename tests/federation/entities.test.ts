import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { type Caller, startTestHub, type TestHub } from '../support/hub.js';
import { gid } from '../support/ids.js';
import { insertScenario, purpose, type ScenarioIds, sections } from '../support/scenario.js';
import { residentEntities, residentRefs, subgraphGql } from './subgraph.js';

/** The subgraph's entities answer as /graphql does: same jurisdiction, grants, masks and errors. */
describe.each(testDatabaseKinds())('federation entities (%s)', (kind) => {
  let t: TestHub;
  let ids: ScenarioIds;
  const c2: Caller = { section: sections.c2, purpose };
  const civil: Caller = { section: 'civil-affairs', purpose };
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => void (ids = await insertScenario(hub.prisma)));
  });
  afterAll(() => t?.close());

  it('declares Resident, Household and Community as entities keyed by their global ID', async () => {
    const res = await subgraphGql(t, '{ _service { sdl } }');
    expect(res.errors).toBeUndefined();
    const sdl: string = res.data._service.sdl;
    for (const type of ['Resident', 'Household', 'Community'])
      expect(sdl).toMatch(new RegExp(`type ${type} implements Node[^{]*@key\\(fields: "id"\\)`));
  });

  it('resolves a reference out of the jurisdiction to null, exactly as resident(id:) does', async () => {
    const lookups: Array<[string, string, number]> = [
      ['resident', 'Resident', ids.residents.wangXiuying],
      ['household', 'Household', ids.households.h1],
      ['community', 'Community', ids.communities.c1],
    ];
    for (const [field, type, id] of lookups) {
      const direct = await t.gql(
        `query($id: ID!) { ${field}(id: $id) { id } }`,
        { id: gid(type, id) },
        c2,
      );
      const entity = await subgraphGql(
        t,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${type} { id } } }`,
        { r: [{ __typename: type, id: gid(type, id) }] },
        c2,
      );
      expect(direct.data).toEqual({ [field]: null });
      expect(entity.errors).toBeUndefined();
      expect(entity.data).toEqual({ _entities: [null] });
      // Within the jurisdiction the same reference resolves (the street office sees community c1).
      const street = await subgraphGql(
        t,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on ${type} { id } } }`,
        { r: [{ __typename: type, id: gid(type, id) }] },
      );
      expect(street.data).toEqual({ _entities: [{ id: gid(type, id) }] });
    }
  });

  it('masks and refuses fields by the same grants as /graphql', async () => {
    const id = gid('Resident', ids.residents.zhangWei);
    const fields = 'name phone ethnicity';
    const direct = await t.gql<{
      resident: { name: string | null; phone: string | null; ethnicity: string | null };
    }>(`query($id: ID!) { resident(id: $id) { ${fields} } }`, { id }, civil);
    const entity = await subgraphGql(
      t,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Resident { ${fields} } } }`,
      { r: residentRefs([id]) },
      civil,
    );
    // civil-affairs: name FULL, phone MASKED, ethnicity AGGREGATE (not readable on a record).
    expect(entity.data!._entities[0]).toEqual(direct.data!.resident);
    expect(direct.data!.resident.phone).toMatch(/\*{4}/);
    expect(entity.errors?.map((e) => [e.path?.at(-1), e.extensions?.code])).toEqual([
      ['ethnicity', 'FORBIDDEN'],
    ]);
  });

  it('needs a purpose for personal fields, as /graphql does', async () => {
    const res = await subgraphGql(
      t,
      residentEntities,
      { r: residentRefs([gid('Resident', ids.residents.zhangWei)]) },
      { section: 'civil-affairs' },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('PURPOSE_REQUIRED');
    expect(res.data?._entities?.[0]?.name ?? null).toBeNull();
  });

  it('refuses a reference whose ID is not one of the type, with BAD_USER_INPUT', async () => {
    const res = await subgraphGql(t, residentEntities, {
      r: [{ __typename: 'Resident', id: gid('Household', ids.households.h1) }],
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
