import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/tokens.js';
import { openHub } from '../../src/db/open.js';
import { migratedDataDir } from '../support/cli-admin.js';
import { runCli, startServe, stop } from '../support/cli.js';
import { jwtSecretText } from '../support/hub.js';
import { insertScenario, sections } from '../support/scenario.js';
import { tempFolder } from '../tasks/files.js';
import { id, toCsv } from './fixtures.js';

/** `onetable import --save-mapping NAME` then `--mapping NAME`: in its own process, then through the server. */
describe('onetable import with a saved mapping', () => {
  let dataDir: string;
  let folder: string;
  let env: Record<string, string>;
  const token = (section: string) =>
    issueToken(new TextEncoder().encode(jwtSecretText), {
      section,
      user: '刘书记',
      ttlSeconds: 600,
    });
  const mappings = async () => {
    const hub = await openHub({ kind: 'pglite', dataDir });
    try {
      return await hub.prisma.importMapping.findMany({ include: { section: true } });
    } finally {
      await hub.close();
    }
  };
  beforeAll(async () => {
    dataDir = await migratedDataDir('onetable-import-mapping-');
    folder = await tempFolder();
    const hub = await openHub({ kind: 'pglite', dataDir });
    await insertScenario(hub.prisma);
    await hub.close();
    env = {
      ONETABLE_DATA_DIR: dataDir,
      ONETABLE_JWT_SECRET: jwtSecretText,
      ONETABLE_TOKEN: await token(sections.c1),
      ONETABLE_SEED_DEMO: '0',
    };
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await rm(folder, { recursive: true, force: true });
  });

  it(
    'saves the mapping of a file under a name, reuses it by name; another section cannot',
    { timeout: 240_000 },
    async () => {
      const headings = ['居民', '证件', '族别', '门牌'];
      const ledger = path.join(folder, 'own.csv');
      await writeFile(
        ledger,
        toCsv([['马小', id('1990-01-01', 57), '回族', '华山路500号']], headings),
      );
      const mappingFile = path.join(folder, 'mapping.json');
      await writeFile(
        mappingFile,
        JSON.stringify({ 居民: 'name', 证件: 'idNumber', 族别: 'ethnicity', 门牌: 'address' }),
      );
      const purpose = ['--purpose', 'T2026-001'];
      const withoutMapping = await runCli(
        ['import', 'residents', ledger, ...purpose, '--dry-run'],
        env,
      );
      expect(withoutMapping.code).toBe(1);
      expect(withoutMapping.stderr).toContain('no heading line found');

      const saved = await runCli(
        [
          'import',
          'residents',
          ledger,
          ...purpose,
          '--dry-run',
          '--mapping',
          mappingFile,
          '--save-mapping',
          '门牌台账',
        ],
        env,
      );
      expect(saved.code).toBe(0);
      expect(saved.stdout).toContain('created 1, updated 0');
      const stored = await mappings();
      expect(stored.map((m) => [m.section.code, m.kind, m.name])).toEqual([
        [sections.c1, 'residents', '门牌台账'],
      ]);

      const byName = await runCli(
        ['import', 'residents', ledger, ...purpose, '--mapping', '门牌台账'],
        env,
      );
      expect(byName.code).toBe(0);
      expect(byName.stdout).toContain('created 1, updated 0');

      const serve = await startServe(env);
      try {
        const again = await runCli(
          ['import', 'residents', ledger, ...purpose, '--mapping', '门牌台账'],
          env,
        );
        expect(again.code).toBe(0);
        expect(again.stdout).toContain('created 0, updated 0, unchanged 1');
        const other = await runCli(
          [
            'import',
            'residents',
            ledger,
            ...purpose,
            '--mapping',
            '门牌台账',
            '--dry-run',
            '--community',
            '310106001002',
          ],
          { ...env, ONETABLE_TOKEN: await token(sections.c2) },
        );
        expect(other.code).toBe(1);
        expect(other.stderr).toContain('NOT_FOUND');
        const noFile = await runCli(
          ['import', 'residents', ledger, ...purpose, '--save-mapping', 'x'],
          env,
        );
        expect(noFile.code).toBe(1);
        expect(noFile.stderr).toContain('--save-mapping saves the mapping of --mapping FILE');
      } finally {
        expect(await stop(serve.child)).toBe(0);
      }
    },
  );
});
