import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Access } from '../../src/access/access.js';
import { sectionRefSelect } from '../../src/access/principal.js';
import { testDatabaseKinds } from '../support/databases.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { gid } from '../support/ids.js';
import { insertScenario, type ScenarioIds } from '../support/scenario.js';

/** The task list bounds each purpose: fields and datasets outside the task are refused, saying why. */
describe.each(testDatabaseKinds())('purpose bounds (%s)', (kind) => {
  let t: TestHub;
  let ids: ScenarioIds;
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => {
      ids = await insertScenario(hub.prisma);
      const health = await hub.prisma.section.findUniqueOrThrow({ where: { code: 'health' } });
      // A health-education campaign: reads no personal field at all.
      await hub.prisma.task.create({
        data: {
          code: 'T2026-003',
          year: 2026,
          title: '开展社区健康教育和健康促进',
          list: 'DUTY',
          sectionId: health.id,
        },
      });
      // Counting residents without any personal field.
      await hub.prisma.task.create({
        data: {
          code: 'T2026-004',
          year: 2026,
          title: '协助做好人口普查等统计调查',
          list: 'ASSIST',
          sectionId: health.id,
          datasets: ['RESIDENTS'],
        },
      });
    });
  });
  afterAll(() => t?.close());

  const resident = (fields: string) => `query($id: ID!) { resident(id: $id) { ${fields} } }`;
  /** Reads `fields` of a resident; `R` types them (by default: the names read, values of any kind). */
  const read = <R = Record<string, unknown>>(fields: string, purpose: string, section = 'health') =>
    t.gql<{ resident: R | null }>(
      resident(fields),
      { id: gid('Resident', ids.residents.wangXiuying) },
      { section, purpose },
    );

  it('reads a field among the task fields under the grant', async () => {
    const res = await read('name phone', 'T2026-002');
    expect(res.errors).toBeUndefined();
    expect(res.data!.resident).toEqual({ name: '王秀英', phone: '13800130042' });
  });

  it('refuses a granted field outside the task fields with rule TASK_FIELDS, and a field without grant with rule GRANT', async () => {
    const res = await read('name idNumber ethnicity', 'T2026-002');
    expect(res.data!.resident).toEqual({ name: '王秀英', idNumber: null, ethnicity: null });
    const idNumber = res.errors?.find((e) => e.path?.at(-1) === 'idNumber');
    expect(idNumber?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'TASK_FIELDS' });
    expect(idNumber?.message).toContain('not among the fields of task T2026-002');
    const byGrant = await read('ethnicity', 'T2026-001', 'housing');
    expect(byGrant.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'GRANT' });
  });

  it('reads nothing personal under a task with no fields, but the rest still arrives', async () => {
    const res = await read('name gender', 'T2026-003');
    expect(res.data!.resident).toEqual({ name: null, gender: 'FEMALE' });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'TASK_FIELDS' });
    const filter = await t.gql(
      `{ residents(filter: { nameContains: "王" }) { totalCount } }`,
      {},
      { section: 'health', purpose: 'T2026-003' },
    );
    expect(filter.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      rule: 'TASK_FIELDS',
    });
  });

  it('lists a sensitive tag only when the task names it', async () => {
    const tags = async (purpose: string) =>
      (
        await read<{ tags: Array<{ code: string }> }>('tags { code }', purpose)
      ).data!.resident!.tags.map((x) => x.code);
    expect(await tags('T2026-002')).toEqual(['ELDERLY_ALONE']);
    expect(await tags('T2026-003')).toEqual([]);
  });

  it('says the task list refused a purpose the section neither owns nor assists', async () => {
    const res = await read('name', 'T2026-002', 'civil-affairs');
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'PURPOSE_NOT_ALLOWED',
      rule: 'TASK_LIST',
    });
  });

  it('refuses a report on a dataset or a field outside the task', async () => {
    const report = `{ report(input: { dataset: RESIDENTS, dimensions: [AGE_BAND], measures: [COUNT] }) { rows { values } } }`;
    const noDataset = await t.gql(report, {}, { section: 'health', purpose: 'T2026-003' });
    expect(noDataset.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      rule: 'TASK_DATASETS',
    });
    const res = await t.gql(report, {}, { section: 'health', purpose: 'T2026-004' });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'TASK_FIELDS' });
    const count = `{ report(input: { dataset: RESIDENTS, dimensions: [COMMUNITY], measures: [COUNT] }) { rows { values } } }`;
    expect(
      (await t.gql(count, {}, { section: 'health', purpose: 'T2026-004' })).errors,
    ).toBeUndefined();
    expect(
      (await t.gql(report, {}, { section: 'health', purpose: 'T2026-002' })).errors,
    ).toBeUndefined();
  });

  it('bounds report datasets: requireDataset refuses a dataset outside the task with rule TASK_DATASETS', async () => {
    const section = await t.hub.prisma.section.findUniqueOrThrow({
      where: { code: 'health' },
      select: sectionRefSelect,
    });
    const access = (purpose: string | null) =>
      new Access(t.hub.prisma, { kind: 'token', name: 'tester', section }, purpose);
    await expect(access('T2026-002').requireDataset('RESIDENTS')).resolves.toBeUndefined();
    await expect(access('T2026-002').requireDataset('HOTLINE_CASES')).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN', rule: 'TASK_DATASETS' },
    });
    await expect(access('T2026-003').requireDataset('RESIDENTS')).rejects.toMatchObject({
      extensions: { rule: 'TASK_DATASETS' },
    });
    await expect(access(null).requireDataset('RESIDENTS')).rejects.toMatchObject({
      extensions: { code: 'PURPOSE_REQUIRED' },
    });
  });
});
