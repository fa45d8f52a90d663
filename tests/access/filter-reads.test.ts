import { decodeGlobalID } from '@pothos/plugin-relay';
import { getNamedType, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filterDeclarations } from '../../src/access/policy.js';
import { schema } from '../../src/schema.js';
import { testDatabaseKinds } from '../support/databases.js';
import { codeOf, type Edges, startTestHub, type TestHub } from '../support/hub.js';
import { gid } from '../support/ids.js';
import { insertScenario, purpose, type ScenarioIds, sections } from '../support/scenario.js';

/**
 * A filter is a read (issue 12), tested for every filter argument that declares what it reveals:
 * used without reading anything personal (only `id` is selected), it leaves an audit event naming
 * the revealed field and exactly the residents it matched; without a grant it is refused.
 * The arguments come from the declarations; a new one fails here until it has a sample value.
 */
const samples = (ids: ScenarioIds): Record<string, unknown> => ({
  'ResidentFilter.household': gid('Household', ids.households.h2),
  'ResidentFilter.tag': 'ELDERLY_ALONE',
  'ResidentFilter.status': 'ACTIVE',
  'ResidentFilter.ageMin': 80,
  'ResidentFilter.ageMax': 80,
  'ResidentFilter.nameContains': '秀',
  'ServiceRecordFilter.kind': 'HOME_VISIT',
});

/** The root connection taking `inputType` as its `filter` argument. */
function rootOf(inputType: string): { root: string; node: string } {
  for (const field of Object.values(schema.getQueryType()!.getFields())) {
    if (field.args.some((a) => a.name === 'filter' && getNamedType(a.type).name === inputType)) {
      const connection = getNamedType(field.type) as GraphQLObjectType;
      const edge = getNamedType(connection.getFields().edges!.type) as GraphQLObjectType;
      return { root: field.name, node: getNamedType(edge.getFields().node!.type).name };
    }
  }
  throw new Error(`no root field filters by ${inputType}`);
}

describe.each(testDatabaseKinds())('filters are reads (%s)', (kind) => {
  let t: TestHub;
  let ids: ScenarioIds;
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => void (ids = await insertScenario(hub.prisma)));
  });
  afterAll(() => t?.close());

  const revealing = () => filterDeclarations().filter((f) => f.reveals);

  it('knows a sample value for every revealing filter argument', () => {
    const known = Object.keys(samples(ids));
    expect(
      revealing()
        .map((f) => `${f.inputType}.${f.fieldName}`)
        .filter((k) => !known.includes(k)),
    ).toEqual([]);
    expect(revealing().length).toBeGreaterThanOrEqual(7);
  });

  it('audits each use with the residents it matched, even when only ids are selected', async () => {
    for (const f of revealing()) {
      const key = `${f.inputType}.${f.fieldName}`;
      const { root, node } = rootOf(f.inputType);
      const res = await t.gql<Record<string, Edges<{ id: string }>>>(
        `query($f: ${f.inputType}) { ${root}(filter: $f, first: 100) { edges { node { id } } } }`,
        { f: { [f.fieldName]: samples(ids)[key] } },
        { section: sections.c1, purpose },
      );
      expect(res.errors, key).toBeUndefined();
      const rows = res.data![root]!.edges.map((e) => e.node);
      expect(rows.length, `${key} matches someone in the scenario`).toBeGreaterThan(0);
      const rowIds = rows.map((r) => Number(decodeGlobalID(r.id).id));
      const matched =
        node === 'Resident'
          ? rowIds
          : (
              await t.hub.prisma.serviceRecord.findMany({
                where: { id: { in: rowIds } },
                select: { residentId: true },
              })
            ).map((r) => r.residentId);
      const event = await t.hub.prisma.auditEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
      const field = f.reveals === 'Tag' ? `Tag.${String(samples(ids)[key])}` : f.reveals!;
      expect(event.fields, key).toContain(field);
      expect(event.residentIds, key).toEqual([...new Set(matched)].sort((a, b) => a - b));
    }
  });

  it('refuses each use without a purpose or without a grant', async () => {
    for (const f of revealing()) {
      const key = `${f.inputType}.${f.fieldName}`;
      const { root } = rootOf(f.inputType);
      const query = `query($f: ${f.inputType}) { ${root}(filter: $f) { edges { node { id } } } }`;
      const variables = { f: { [f.fieldName]: samples(ids)[key] } };
      const noPurpose = await t.gql(query, variables, { section: sections.c1, purpose: null });
      expect(codeOf(noPurpose), key).toBe('PURPOSE_REQUIRED');
      const noGrant = await t.gql(query, variables, { section: 'admin', purpose });
      expect(codeOf(noGrant), key).toBe('FORBIDDEN');
    }
  });

  it('lists members in registration order, so their order tells nothing of relationToHead', async () => {
    const c1 = await t.hub.prisma.community.findUniqueOrThrow({ where: { code: '310106001001' } });
    const household = await t.hub.prisma.household.create({
      data: { address: '华山路100弄9号', communityId: c1.id },
    });
    const base = {
      gender: 'MALE' as const,
      ethnicity: '汉族',
      residenceType: 'REGISTERED' as const,
      communityId: c1.id,
      householdId: household.id,
      moveInDate: new Date('2020-01-01T00:00:00Z'),
    };
    const child = await t.hub.prisma.resident.create({
      data: {
        ...base,
        idNumber: '310106201001010011',
        name: '孙小',
        birthDate: new Date('2010-01-01T00:00:00Z'),
        relationToHead: 'CHILD',
      },
    });
    const head = await t.hub.prisma.resident.create({
      data: {
        ...base,
        idNumber: '310106197001010018',
        name: '孙大',
        birthDate: new Date('1970-01-01T00:00:00Z'),
        relationToHead: 'SELF',
      },
    });
    const res = await t.gql<{ household: { members: Array<{ id: string }> } | null }>(
      `query($id: ID!) { household(id: $id) { members { id } } }`,
      { id: gid('Household', household.id) },
      { section: sections.c1, purpose },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.household!.members).toEqual([
      { id: gid('Resident', child.id) },
      { id: gid('Resident', head.id) },
    ]);
  });

  it('names every member of a household in the audit event of its address', async () => {
    const res = await t.gql(
      `query($id: ID!) { household(id: $id) { address } }`,
      { id: gid('Household', ids.households.h1) },
      { section: sections.c1, purpose },
    );
    expect(res.errors).toBeUndefined();
    const event = await t.hub.prisma.auditEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(event.fields).toEqual(['Household.address']);
    expect(event.residentIds).toEqual(
      [ids.residents.zhangWei, ids.residents.liFang].sort((a, b) => a - b),
    );
    const log = await t.gql<{ accessLog: Array<{ fields: string[] }> }>(
      `query($r: ID!) { accessLog(residentId: $r) { fields } }`,
      { r: gid('Resident', ids.residents.liFang) },
      { section: sections.c1, purpose },
    );
    expect(log.data!.accessLog.some((e) => e.fields.includes('Household.address'))).toBe(true);
  });
});
