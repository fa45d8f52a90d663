import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalFieldNames } from '../../src/access/fields.js';
import { testDatabaseKinds } from '../support/databases.js';
import { codeOf, type Edges, startTestHub, type TestHub } from '../support/hub.js';
import { gid } from '../support/ids.js';
import { insertScenario, purpose, type ScenarioIds, tasks } from '../support/scenario.js';

/**
 * What a MASKED grant shows of 王秀英's record (tests/support/scenario.ts), written out by hand from
 * the scenario's values and the masks documented in src/access/masks.ts — never computed with the
 * code under test. A field some section holds MASKED that is missing here fails the matrix.
 */
const maskedWang: Record<string, unknown> = {
  'Resident.name': '王*英',
  'Resident.idNumber': '310106************',
  'Resident.phone': '138****0042',
  'Resident.ethnicity': '汉族',
  'Resident.birthDate': null,
  'Resident.age': null,
  'Household.address': '华山路100弄***',
  'Household.head': null,
  'Household.members': null,
  'Household.memberCount': null,
  'ServiceRecord.kind': null,
  'ServiceRecord.notes': '***',
  'HotlineCase.summary': '***',
};

/** The selection of a personal field: relations (household composition) by their ids. */
const pick = (field: string) => (/^(head|members)$/.test(field) ? `${field} { id }` : field);
const fieldsOf = (type: string) =>
  personalFieldNames()
    .filter((f) => f.startsWith(`${type}.`))
    .map((f) => pick(f.split('.')[1]!))
    .join(' ');

/** One query about a resident selecting every declared personal field (generated from the declarations). */
const query = () => `query($id: ID!) { resident(id: $id) {
  ${fieldsOf('Resident')}
  household { ${fieldsOf('Household')} }
  serviceRecords(first: 1) { edges { node { ${fieldsOf('ServiceRecord')} } } }
  tags { code }
} hotlineCases(first: 1) { edges { node { ${fieldsOf('HotlineCase')} } } } }`;

type Row = Record<string, unknown>;
/** What `query()` selects: the personal fields are generated, so they are read by name. */
interface Everything {
  resident: (Row & { household: Row | null; serviceRecords: Edges<Row> }) | null;
  hotlineCases: Edges<Row>;
}

function read(data: Everything | null | undefined, field: string): unknown {
  const r = data?.resident;
  const [type, name] = field.split('.') as [string, string];
  switch (type) {
    case 'Household':
      return r?.household?.[name];
    case 'ServiceRecord':
      return r?.serviceRecords?.edges[0]?.node[name];
    case 'HotlineCase':
      return data?.hotlineCases?.edges[0]?.node[name];
    default:
      return r?.[name];
  }
}

/**
 * The permission matrix, generated from the grant table: for every section and every personal
 * field, through HTTP, the value arrives in full, masked, or as null with FORBIDDEN at its path.
 */
describe.each(testDatabaseKinds())('the permission matrix (%s)', (kind) => {
  let t: TestHub;
  let ids: ScenarioIds;
  const truth = new Map<string, unknown>();
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => void (ids = await insertScenario(hub.prisma)));
    const full = await t.gql<Everything>(
      query(),
      { id: gid('Resident', ids.residents.wangXiuying) },
      { section: 'committee:310106001001', purpose },
    );
    expect(full.errors).toBeUndefined();
    for (const field of personalFieldNames()) truth.set(field, read(full.data, field));
  });
  afterAll(() => t?.close());

  it('gives every section exactly its granted level on every personal field', async () => {
    const sections = await t.hub.prisma.section.findMany({
      where: { level: 'DISTRICT' },
      include: { grants: true },
    });
    sections.push(
      ...(await t.hub.prisma.section.findMany({
        where: { code: 'street:310106001' },
        include: { grants: true },
      })),
    );
    let checked = 0;
    for (const section of sections) {
      const res = await t.gql<Everything>(
        query(),
        { id: gid('Resident', ids.residents.wangXiuying) },
        { section: section.code, purpose },
      );
      for (const field of personalFieldNames()) {
        const [type, name] = field.split('.') as [string, string];
        const level =
          section.grants.find((g) => g.typeName === type && g.fieldName === name)?.level ?? 'NONE';
        const value = read(res.data, field);
        const where = `${section.code} ${field} ${level}`;
        if (level === 'FULL') expect(value, where).toEqual(truth.get(field));
        else if (level === 'MASKED') {
          expect(Object.keys(maskedWang), `${where}: no expected masked value`).toContain(field);
          expect(value, where).toEqual(maskedWang[field]);
        } else {
          expect(value ?? null, where).toBeNull();
          const error = res.errors?.find((e) => e.path?.at(-1) === name);
          expect(error?.extensions?.code, where).toBe('FORBIDDEN');
        }
        checked++;
      }
    }
    expect(checked).toBe(sections.length * personalFieldNames().length);
  });

  it('shows a sensitive tag only under a grant on it, and non-sensitive tags to everyone', async () => {
    await t.hub.prisma.residentTag.create({
      data: {
        residentId: ids.residents.wangXiuying,
        tagId: (await t.hub.prisma.tag.findUniqueOrThrow({ where: { code: 'VETERAN' } })).id,
        setBy: '刘书记',
      },
    });
    const tags = async (section: string, p = purpose) =>
      (
        await t.gql<{ resident: { tags: Array<{ code: string }> } | null }>(
          `query($id: ID!) { resident(id: $id) { tags { code } } }`,
          { id: gid('Resident', ids.residents.wangXiuying) },
          { section, purpose: p },
        )
      ).data?.resident?.tags.map((x) => x.code);
    expect(await tags('civil-affairs')).toEqual(['ELDERLY_ALONE', 'VETERAN']);
    expect(await tags('housing')).toEqual(['VETERAN']);
  });

  it('lets the admin change a grant at run time, effective on the next request', async () => {
    const set = `mutation($i: SetFieldGrantInput!) { setFieldGrant(input: $i) { level section { code } } }`;
    const denied = await t.gql(
      set,
      { i: { section: 'housing', typeName: 'Resident', fieldName: 'phone', level: 'FULL' } },
      { section: 'housing', purpose },
    );
    expect(codeOf(denied)).toBe('FORBIDDEN');
    const phone = async () =>
      (
        await t.gql<{ resident: { phone: string | null } | null }>(
          `query($id: ID!) { resident(id: $id) { phone } }`,
          { id: gid('Resident', ids.residents.wangXiuying) },
          { section: 'housing', purpose },
        )
      ).data?.resident?.phone;
    expect(await phone()).toBe(maskedWang['Resident.phone']);
    for (const [level, expected] of [
      ['FULL', truth.get('Resident.phone')],
      ['NONE', null],
      ['AGGREGATE', null],
    ] as const) {
      const ok = await t.gql(
        set,
        { i: { section: 'housing', typeName: 'Resident', fieldName: 'phone', level } },
        { section: 'admin' },
      );
      expect(ok.errors).toBeUndefined();
      expect(await phone(), level).toEqual(expected);
    }
    const bad = await t.gql(
      set,
      { i: { section: 'housing', typeName: 'Resident', fieldName: 'gender', level: 'FULL' } },
      { section: 'admin' },
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.fieldName',
    });
  });

  it('holds a grant limited to some tasks only under those purposes', async () => {
    const set = `mutation($i: SetFieldGrantInput!) { setFieldGrant(input: $i) { level } }`;
    await t.gql(
      set,
      {
        i: {
          section: 'civil-affairs',
          typeName: 'Resident',
          fieldName: 'ethnicity',
          level: 'FULL',
          taskCodes: [tasks.population],
        },
      },
      { section: 'admin' },
    );
    const ethnicity = async (p: string) =>
      await t.gql<{ resident: { ethnicity: string | null } | null }>(
        `query($id: ID!) { resident(id: $id) { ethnicity } }`,
        { id: gid('Resident', ids.residents.wangXiuying) },
        { section: 'civil-affairs', purpose: p },
      );
    expect((await ethnicity(tasks.population)).data?.resident?.ethnicity).toBe('汉族');
    await t.hub.prisma.taskAssist.create({
      data: {
        taskId: (await t.hub.prisma.task.findFirstOrThrow({ where: { code: tasks.epidemic } })).id,
        sectionId: (
          await t.hub.prisma.section.findUniqueOrThrow({ where: { code: 'civil-affairs' } })
        ).id,
      },
    });
    const other = await ethnicity(tasks.epidemic);
    expect(other.data?.resident?.ethnicity).toBeNull();
    expect(codeOf(other)).toBe('FORBIDDEN');
  });
});
