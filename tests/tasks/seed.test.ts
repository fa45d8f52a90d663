import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalFieldNames } from '../../src/access/fields.js';
import { taskDatasets } from '../../src/modules/task/validate.js';
import { openHub, type Hub } from '../../src/db/open.js';
import { seedDatabase } from '../../src/seed/index.js';
import { createTestDatabase } from '../support/databases.js';

/** The seeded task list: both lists, owners, bounds that make sense, assisting sections. */
describe('the seeded task list', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await openHub((await createTestDatabase('pglite')).target);
    await seedDatabase(hub.prisma, { residents: 200, seed: 1 });
  });
  afterAll(() => hub?.close());

  it('has 59 tasks, 27 duties and 32 assistance tasks, each owned by a district section', async () => {
    const tasks = await hub.prisma.task.findMany({
      include: { section: true },
      orderBy: { code: 'asc' },
    });
    expect(tasks.length).toBe(59);
    expect(tasks.filter((x) => x.list === 'DUTY').length).toBe(27);
    expect(tasks.filter((x) => x.list === 'ASSIST').length).toBe(32);
    expect(
      tasks.every(
        (x) => x.section.level === 'DISTRICT' && !['admin', 'auditor'].includes(x.section.code),
      ),
    ).toBe(true);
    expect(tasks.find((x) => x.code === 'T2026-001')).toMatchObject({
      title: '协助做好实有人口管理服务',
      list: 'ASSIST',
    });
    expect(tasks.find((x) => x.code === 'T2026-013')?.title).toBe(
      '开展社区关爱走访，关心独居和高龄老人',
    );
  });

  it('bounds every task with known datasets and personal fields; some tasks read nothing personal', async () => {
    const tags = (await hub.prisma.tag.findMany()).map((x) => `Tag.${x.code}`);
    const known = new Set([...personalFieldNames(), ...tags]);
    const tasks = await hub.prisma.task.findMany();
    for (const task of tasks) {
      for (const field of task.fields) expect(known.has(field), `${task.code} ${field}`).toBe(true);
      for (const dataset of task.datasets)
        expect(taskDatasets as readonly string[]).toContain(dataset);
    }
    expect(tasks.filter((x) => x.fields.length === 0).length).toBeGreaterThan(5);
    const care = tasks.find((x) => x.code === 'T2026-013')!;
    // What the elderly-care example reads under T2026-013.
    expect(care.fields).toEqual(
      expect.arrayContaining([
        'Resident.name',
        'Resident.age',
        'Resident.phone',
        'Household.address',
        'Tag.ELDERLY_ALONE',
      ]),
    );
    const population = tasks.find((x) => x.code === 'T2026-001')!;
    expect(population.datasets).toEqual([...taskDatasets]);
  });

  it('lists assisting district sections, and lets committees and streets assist every task', async () => {
    const assists = await hub.prisma.taskAssist.findMany({ include: { section: true } });
    const district = assists.filter((a) => a.section.level === 'DISTRICT');
    expect(district.length).toBeGreaterThan(10);
    const local = await hub.prisma.section.count({ where: { level: { not: 'DISTRICT' } } });
    expect(assists.length - district.length).toBe(local * 59);
  });
});
