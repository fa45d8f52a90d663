import { isUnionType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rootRules } from '../../src/access/root-rules.js';
import { entityRoots, subgraphRules } from '../../src/access/subgraph-rules.js';
import { subgraphSchema } from '../../src/modules/federation/schema.js';
import { testDatabaseKinds } from '../support/databases.js';
import { type Caller, startTestHub, type TestHub } from '../support/hub.js';
import { gid } from '../support/ids.js';
import {
  insertScenario,
  people,
  purpose,
  type ScenarioIds,
  sections,
} from '../support/scenario.js';
import { residentEntities, residentRefs, subgraphGql, subgraphUrl } from './subgraph.js';

describe('the rules of the subgraph', () => {
  it('cover every root field the subgraph adds, and every entity type', () => {
    const query = subgraphSchema().getQueryType()!;
    const ruled = { ...rootRules.Query, ...subgraphRules.Query };
    expect(Object.keys(query.getFields()).filter((f) => !(f in ruled))).toEqual([]);
    const union = subgraphSchema().getType('_Entity');
    expect(isUnionType(union)).toBe(true);
    const entityTypes = isUnionType(union) ? union.getTypes().map((t) => t.name) : [];
    expect(entityTypes.sort()).toEqual(Object.keys(entityRoots).sort());
    for (const root of Object.values(entityRoots)) {
      expect(rootRules.Query[root], root).toBeDefined();
      expect(query.getFields()[root], root).toBeDefined();
    }
  });
});

/** `_entities` and `_service` pass explicit rules; `_entities` is the read its root fields are. */
describe.each(testDatabaseKinds())('subgraph rules (%s)', (kind) => {
  let t: TestHub;
  let ids: ScenarioIds;
  const auditor: Caller = { section: 'auditor', purpose };
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => void (ids = await insertScenario(hub.prisma)));
  });
  afterAll(() => t?.close());

  it('gives a section without grants on Resident FORBIDDEN through _entities, as through resident(id:)', async () => {
    const id = gid('Resident', ids.residents.zhangWei);
    const direct = await t.gql(
      'query($id: ID!) { resident(id: $id) { id name phone } }',
      { id },
      auditor,
    );
    const entity = await subgraphGql(t, residentEntities, { r: residentRefs([id]) }, auditor);
    const codes = (res: typeof entity) => [...new Set(res.errors?.map((e) => e.extensions?.code))];
    expect(codes(direct)).toEqual(['FORBIDDEN']);
    expect(codes(entity)).toEqual(codes(direct));
    expect(entity.errors!.map((e) => e.path?.at(-1)).sort()).toEqual(['name', 'phone']);
    expect(JSON.stringify(entity.data)).not.toContain(people.zhangWei.name);
  });

  it("returns no entity outside the committee's jurisdiction, in a batch with its own", async () => {
    const refs = residentRefs([
      gid('Resident', ids.residents.chenJing), // c2's own resident
      gid('Resident', ids.residents.zhangWei), // c1's
      gid('Resident', ids.residents.wangXiuying), // c1's
    ]);
    const res = await subgraphGql(
      t,
      residentEntities,
      { r: refs },
      {
        section: sections.c2,
        purpose,
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities.map((e: any) => e?.name ?? null)).toEqual([
      people.chenJing.name,
      null,
      null,
    ]);
  });

  it('refuses a representation of a type that is not an entity, instead of echoing it', async () => {
    const res = await subgraphGql(
      t,
      'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
      { r: [{ __typename: 'Section', id: '1', name: 'made up' }] },
    );
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(res.errors?.[0]?.message).toMatch(/Section is not an entity of this subgraph/);
    expect(res.data?._entities ?? null).toBeNull();
  });

  it('answers neither _service nor _entities without credentials', async () => {
    for (const query of [
      '{ _service { sdl } }',
      '{ _entities(representations: []) { __typename } }',
    ]) {
      const res = await fetch(subgraphUrl(t), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      expect(res.status).toBe(401);
      expect(await res.text()).not.toContain('@key');
    }
  });
});
