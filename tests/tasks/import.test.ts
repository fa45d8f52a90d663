import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTaskList } from '../../src/modules/task/import.js';
import { readTaskListFile, TaskListFileError } from '../../src/modules/task/list-file.js';
import { TaskListInvalid } from '../../src/modules/task/validate.js';
import { testDatabaseKinds } from '../support/databases.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario } from '../support/scenario.js';
import { nextYear, type Row, tempFolder, writeCsv, writeJson, writeXlsx } from './files.js';

/** The year's list as stored: code → what an import sets. */
async function stored(t: TestHub, year: number) {
  const rows = await t.hub.prisma.task.findMany({
    where: { year },
    orderBy: { code: 'asc' },
    include: { section: true, assists: { include: { section: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    title: r.title,
    list: r.list,
    section: r.section.code,
    datasets: r.datasets,
    fields: r.fields,
    assists: r.assists
      .filter((a) => a.section.level === 'DISTRICT')
      .map((a) => a.section.code)
      .sort(),
    local: r.assists.filter((a) => a.section.level !== 'DISTRICT').length,
  }));
}

describe.each(testDatabaseKinds())('tasks import (%s)', (kind) => {
  let t: TestHub;
  let folder: string;
  beforeAll(async () => {
    folder = await tempFolder();
    t = await startTestHub(kind, async (hub) => void (await insertScenario(hub.prisma)));
  });
  afterAll(() => t?.close());

  it('reads the same list from CSV, XLSX and JSON', async () => {
    const csv = await readTaskListFile(await writeCsv(folder, 'list.csv', nextYear));
    const xlsx = await readTaskListFile(await writeXlsx(folder, 'list.xlsx', nextYear));
    const json = await readTaskListFile(await writeJson(folder, 'list.json', nextYear, 2027));
    const strip = (f: typeof csv) => f.entries.map(({ line: _line, ...e }) => e);
    expect(strip(xlsx)).toEqual(strip(csv));
    expect(strip(json)).toEqual(strip(csv));
    expect(csv.entries.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(csv.entries[1]?.title).toBe('开展社区关爱走访，关心独居和高龄老人');
  });

  it('imports a new year: diff, tasks, bounds and assisting sections', async () => {
    const file = await readTaskListFile(await writeCsv(folder, 'valid.csv', nextYear));
    const dry = await importTaskList(t.hub.prisma, file, { dryRun: true });
    expect(dry).toEqual({
      applied: false,
      diff: {
        year: 2027,
        added: ['T2027-001', 'T2027-002', 'T2027-003'],
        removed: [],
        changed: [],
        unchanged: 0,
      },
    });
    expect(await stored(t, 2027)).toEqual([]);
    const done = await importTaskList(t.hub.prisma, file);
    expect(done.applied).toBe(true);
    const list = await stored(t, 2027);
    expect(list.map((x) => [x.code, x.list, x.section, x.datasets, x.fields, x.assists])).toEqual([
      [
        'T2027-001',
        'ASSIST',
        'civil-affairs',
        ['RESIDENTS', 'HOUSEHOLDS'],
        ['Resident.name', 'Resident.age', 'Household.address'],
        ['health'],
      ],
      [
        'T2027-002',
        'DUTY',
        'civil-affairs',
        ['RESIDENTS'],
        ['Resident.name', 'Tag.ELDERLY_ALONE'],
        [],
      ],
      ['T2027-003', 'ASSIST', 'health', [], [], ['civil-affairs', 'housing']],
    ]);
    // Committees and the street office assist every task on the list.
    expect(list.every((x) => x.local === 3)).toBe(true);
    // The 2026 list is untouched.
    expect((await stored(t, 2026)).map((x) => x.code)).toEqual(['T2026-001', 'T2026-002']);
  });

  it('shows added, removed and changed tasks, keeps the ids of kept tasks, and replaces the list', async () => {
    const before = await stored(t, 2027);
    const next: Row[] = [
      [
        'T2027-001',
        '协助做好实有人口管理服务',
        'ASSIST',
        'civil-affairs',
        'RESIDENTS;HOUSEHOLDS',
        'Resident.name;Resident.age;Household.address',
        'health',
      ],
      [
        'T2027-002',
        '开展社区关爱走访',
        'DUTY',
        'civil-affairs',
        'RESIDENTS',
        'Resident.name;Tag.ELDERLY_ALONE;Resident.phone',
        'health',
      ],
      ['T2027-004', '协助开展国家安全教育', 'ASSIST', 'housing', '', '', ''],
    ];
    const result = await importTaskList(
      t.hub.prisma,
      await readTaskListFile(await writeJson(folder, 'next.json', next)),
    );
    expect(result.diff).toEqual({
      year: 2027,
      added: ['T2027-004'],
      removed: ['T2027-003'],
      changed: [{ code: 'T2027-002', attributes: ['title', 'fields', 'assists'] }],
      unchanged: 1,
    });
    const after = await stored(t, 2027);
    expect(after.map((x) => x.code)).toEqual(['T2027-001', 'T2027-002', 'T2027-004']);
    expect(after[0]?.id).toBe(before[0]?.id);
    expect(after[1]).toMatchObject({
      id: before[1]?.id,
      title: '开展社区关爱走访',
      assists: ['health'],
    });
  });

  it('refuses an invalid list with every problem and its line, quoting no free text', async () => {
    const bad: Row[] = [
      ['T2027-001', '', 'ASSIST', 'civil-affairs', 'RESIDENTS', 'Resident.name', ''],
      [
        'T2027-001',
        '张三的特别任务',
        'MAYBE',
        'no-such-section',
        'PEOPLE',
        'Resident.salary;Tag.NOPE',
        'committee:310106001001',
      ],
      ['X-1', '协助', 'DUTY', 'health', '', '', ''],
    ];
    const before = await stored(t, 2027);
    const error = await importTaskList(
      t.hub.prisma,
      await readTaskListFile(await writeCsv(folder, 'bad.csv', bad)),
      { year: 2027 },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskListInvalid);
    const problems = (error as TaskListInvalid).problems;
    expect(problems).toEqual([
      'line 2: title is empty',
      'line 3: code "T2027-001" repeats line 2',
      'line 3: list must be DUTY (依法履职) or ASSIST (依法协助)',
      'line 3: section "no-such-section" is not a district section on record',
      'line 3: dataset "PEOPLE" is not one of RESIDENTS, HOUSEHOLDS, SERVICE_RECORDS, HOTLINE_CASES',
      'line 3: field "Resident.salary" is not a personal field (Type.field) or a tag on record (Tag.<code>)',
      'line 3: field "Tag.NOPE" is not a personal field (Type.field) or a tag on record (Tag.<code>)',
      'line 3: assisting section "committee:310106001001" is not a district section on record',
      'line 4: code must look like T2027-001',
    ]);
    expect((error as Error).message).not.toContain('张三');
    expect(await stored(t, 2027)).toEqual(before);
    await writeFile(path.join(folder, 'broken.json'), '{ not json');
    await expect(readTaskListFile(path.join(folder, 'broken.json'))).rejects.toBeInstanceOf(
      TaskListFileError,
    );
    await expect(readTaskListFile(path.join(folder, 'list.txt'))).rejects.toThrow(
      'must end in .csv, .xlsx or .json',
    );
  });

  it('rolls back a failed import: the database is left as it was', async () => {
    const before = await stored(t, 2027);
    // A database rule the validation does not know of fails the last write of the import.
    await t.hub.asOwner(
      `ALTER TABLE task ADD CONSTRAINT test_no_forbidden_title CHECK (title <> '禁止的标题')`,
    );
    try {
      const rows: Row[] = [
        ['T2027-001', '改过的标题', 'DUTY', 'health', '', '', ''],
        ['T2027-005', '新任务', 'ASSIST', 'health', '', '', ''],
        ['T2027-006', '禁止的标题', 'ASSIST', 'health', '', '', ''],
      ];
      await expect(
        importTaskList(
          t.hub.prisma,
          await readTaskListFile(await writeCsv(folder, 'fails.csv', rows)),
        ),
      ).rejects.toThrow();
      expect(await stored(t, 2027)).toEqual(before);
    } finally {
      await t.hub.asOwner('ALTER TABLE task DROP CONSTRAINT test_no_forbidden_title');
    }
  });
});
