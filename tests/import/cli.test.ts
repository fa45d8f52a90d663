import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/tokens.js';
import { openHub } from '../../src/db/open.js';
import { migratedDataDir } from '../support/cli-admin.js';
import { runCli, startServe, stop } from '../support/cli.js';
import { jwtSecretText } from '../support/hub.js';
import { insertScenario, sections, tasks } from '../support/scenario.js';
import { tempFolder } from '../tasks/files.js';
import { id, messyRows, people, toCsv, toXlsx } from './fixtures.js';

/** `onetable import`: in its own process on the PGlite folder, then through the server holding it. */
describe('onetable import', () => {
  let dataDir: string;
  let folder: string;
  let env: Record<string, string>;
  const count = async () => {
    const hub = await openHub({ kind: 'pglite', dataDir });
    try {
      return await hub.prisma.resident.count();
    } finally {
      await hub.close();
    }
  };
  beforeAll(async () => {
    dataDir = await migratedDataDir('onetable-import-cli-');
    folder = await tempFolder();
    const hub = await openHub({ kind: 'pglite', dataDir });
    await insertScenario(hub.prisma);
    await hub.close();
    const token = await issueToken(new TextEncoder().encode(jwtSecretText), {
      section: sections.c1,
      user: '刘书记',
      ttlSeconds: 600,
    });
    env = {
      ONETABLE_DATA_DIR: dataDir,
      ONETABLE_JWT_SECRET: jwtSecretText,
      ONETABLE_TOKEN: token,
      ONETABLE_SEED_DEMO: '0',
    };
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await rm(folder, { recursive: true, force: true });
  });

  it(
    'dry run first, then --partial; the error report is the spreadsheet with an error column',
    { timeout: 180_000 },
    async () => {
      const file = path.join(folder, '华山台账.xlsx');
      await writeFile(file, await toXlsx(messyRows()));
      const before = await count();
      const dry = await runCli(
        ['import', 'residents', file, '--purpose', tasks.population, '--dry-run'],
        env,
      );
      expect(dry.code).toBe(1);
      const report = path.join(folder, '华山台账.errors.xlsx');
      expect(dry.stdout).toBe(
        [
          'residents into community 310106001001 (xlsx, headings on line 2): 6 lines',
          '  created 3, updated 0, unchanged 0, skipped 0, failed 3; households created 2, tags added 2',
          '  columns not imported: 序号, 备注',
          `  3 lines with errors: see ${report}`,
          'dry run: nothing changed',
          '',
        ].join('\n'),
      );
      expect(await count()).toBe(before);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(report);
      const sheet = workbook.worksheets[0]!;
      const lastColumn = (n: number) => String(sheet.getRow(n).getCell(13).value ?? '');
      expect(lastColumn(1)).toBe('错误 error');
      expect(String(sheet.getRow(2).getCell(3).value)).toBe('赵建国');
      expect(lastColumn(2)).toBe('');
      expect(lastColumn(6)).toBe('公民身份号码: The check digit of the ID number does not match.');
      // The logs and the summary carry no value from the file.
      for (const p of Object.values(people)) expect(dry.stdout + dry.stderr).not.toContain(p.name);

      const applied = await runCli(
        [
          'import',
          'residents',
          file,
          '--purpose',
          tasks.population,
          '--partial',
          '--report',
          path.join(folder, 'r.csv'),
        ],
        env,
      );
      expect(applied.code).toBe(0);
      expect(applied.stdout).toContain('created 3, updated 0, unchanged 0, skipped 0, failed 3');
      expect(applied.stdout).toMatch(/imported \(file SHA-256 [0-9a-f]{64}\)/);
      expect(
        (await readFile(path.join(folder, 'r.csv'), 'utf8')).startsWith('\uFEFF序号,户号,姓名'),
      ).toBe(true);
      expect(await count()).toBe(before + 3);
    },
  );

  it(
    'through the server holding the folder, with a mapping file; bad credentials and options are refused',
    { timeout: 180_000 },
    async () => {
      const serve = await startServe(env);
      try {
        const again = await runCli(
          [
            'import',
            'residents',
            path.join(folder, '华山台账.xlsx'),
            '--purpose',
            tasks.population,
            '--partial',
          ],
          env,
        );
        expect(again.stdout).toContain('created 0, updated 0, unchanged 3, skipped 0, failed 3');
        const mapping = path.join(folder, 'mapping.json');
        await writeFile(
          mapping,
          JSON.stringify({ 居民: 'name', 证件: 'idNumber', 族别: 'ethnicity', 门牌: 'address' }),
        );
        const file = path.join(folder, 'own.csv');
        await writeFile(
          file,
          toCsv(
            [['马小', id('1990-01-01', 57), '回族', '华山路500号']],
            ['居民', '证件', '族别', '门牌'],
          ),
        );
        const mapped = await runCli(
          ['import', 'residents', file, '--purpose', tasks.population, '--mapping', mapping],
          env,
        );
        expect(mapped.code).toBe(0);
        expect(mapped.stdout).toContain('created 1, updated 0');
        const refused = await runCli(
          [
            'import',
            'residents',
            file,
            '--purpose',
            tasks.population,
            '--community',
            '310106001002',
          ],
          env,
        );
        expect(refused.code).toBe(1);
        expect(refused.stderr).toBe(
          "onetable: FORBIDDEN: community: not a community of this section's jurisdiction\n",
        );
        const unknown = await runCli(
          ['import', 'people', file, '--purpose', tasks.population],
          env,
        );
        expect(unknown.code).toBe(1);
        expect(unknown.stderr).toContain('expected residents, households, services, tags');
        const anonymous = await runCli(
          ['import', 'residents', file, '--purpose', tasks.population],
          {
            ...env,
            ONETABLE_TOKEN: 'not-a-token',
          },
        );
        expect(anonymous.stderr).toContain('UNAUTHENTICATED');
      } finally {
        expect(await stop(serve.child)).toBe(0);
      }
    },
  );
});
