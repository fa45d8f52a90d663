import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHub } from '../../src/db/open.js';
import { migratedDataDir } from '../support/cli-admin.js';
import { runCli, startServe, stop } from '../support/cli.js';
import { nextYear, type Row, tempFolder, writeCsv, writeXlsx } from './files.js';

/** `onetable tasks import`, through a running server that holds the PGlite folder, and directly. */
describe('onetable tasks import', () => {
  let dataDir: string;
  let folder: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dataDir = await migratedDataDir('onetable-tasks-cli-');
    folder = await tempFolder();
    env = { ONETABLE_DATA_DIR: dataDir, ONETABLE_DEMO_RESIDENTS: '30' };
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await rm(folder, { recursive: true, force: true });
  });

  it('validates, shows the diff and replaces the list while serve runs; refuses a bad file with line numbers', async () => {
    const serve = await startServe(env);
    try {
      const file = await writeXlsx(folder, 'next.xlsx', nextYear);
      const dry = await runCli(['tasks', 'import', file, '--dry-run'], env);
      expect(dry.stderr).toContain('through the server');
      expect(dry.code).toBe(0);
      expect(dry.stdout).toBe(
        'task list 2027: 3 added, 0 removed, 0 changed, 0 unchanged\n  + T2027-001\n  + T2027-002\n  + T2027-003\ndry run: nothing changed\n',
      );
      const applied = await runCli(['tasks', 'import', file], env);
      expect(applied.code).toBe(0);
      expect(applied.stdout).toContain('replaced the 2027 task list');
      const bad: Row[] = [['T2027-001', '协助', 'ASSIST', 'nobody', '', 'Resident.salary', '']];
      const refused = await runCli(
        ['tasks', 'import', await writeCsv(folder, 'bad.csv', bad)],
        env,
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        'line 2: section "nobody" is not a district section on record',
      );
      expect(refused.stderr).toContain('line 2: field "Resident.salary" is not a personal field');
      const query = await fetch(serve.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${(await runCli(['token', '--section', 'health'], env)).stdout.trim()}`,
        },
        body: JSON.stringify({
          query: '{ tasks(year: 2027) { code fields datasets assistingSections { code } } }',
        }),
      });
      const body = (await query.json()) as {
        data: { tasks: Array<{ code: string; assistingSections: Array<{ code: string }> }> };
      };
      expect(body.data.tasks.map((x) => x.code)).toEqual(['T2027-001', 'T2027-002', 'T2027-003']);
      expect(body.data.tasks[0]?.assistingSections).toEqual([{ code: 'health' }]);
    } finally {
      await stop(serve.child);
    }
  }, 240_000);

  it('opens the folder itself when no server holds it', async () => {
    const rows: Row[] = nextYear.slice(0, 2);
    const result = await runCli(
      ['tasks', 'import', await writeCsv(folder, 'two.csv', rows), '--year', '2027'],
      env,
    );
    expect(result.stderr).not.toContain('onetable:');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('0 added, 1 removed, 0 changed, 2 unchanged\n  - T2027-003');
    const hub = await openHub({ kind: 'pglite', dataDir });
    try {
      expect((await hub.prisma.task.findMany({ where: { year: 2027 } })).length).toBe(2);
      expect(await hub.prisma.task.count({ where: { year: 2026 } })).toBe(59);
    } finally {
      await hub.close();
    }
  }, 120_000);
});
