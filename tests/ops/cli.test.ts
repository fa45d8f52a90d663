import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, cliPath, runCli, startServe, stop } from '../support/cli.js';
import { createTestDatabase, testDatabaseKinds } from '../support/databases.js';

/** Node's resolve hook, printing every module the CLI loads to stderr. */
const trace = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent('export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write("LOADED " + r.url + "\\\\n"); return r; }'));`,
)}`;

describe('onetable --help', () => {
  it('loads neither Prisma, nor the schema, nor a database driver, nor a TypeScript loader', async () => {
    const child = spawn(process.execPath, ['--import', trace, cliPath, '--help'], {
      env: cliEnv({}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const [code] = (await once(child, 'close')) as [number];
    expect(code).toBe(0);
    for (const command of ['serve', 'sections', 'communities', 'apikey', 'import'])
      expect(stdout).toContain(command);
    const loaded = stderr.split('\n').filter((line) => line.startsWith('LOADED '));
    expect(loaded.length).toBeGreaterThan(5);
    for (const heavy of ['prisma', '/schema.js', 'pglite', '/pg/', 'graphql', 'exceljs', 'tsx'])
      expect(loaded.filter((line) => line.includes(heavy))).toEqual([]);
  });
});

describe('a CLI pointed at no database', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  });

  it('says the data folder holds no database, and creates none', async () => {
    const parent = await mkdtemp(path.join(tmpdir(), 'onetable-nodb-'));
    cleanup.push(() => rm(parent, { recursive: true, force: true }));
    const dataDir = path.join(parent, 'not-the-servers');
    for (const args of [['apikey', 'list'], ['sections'], ['audit', 'verify']]) {
      const { code, stderr } = await runCli(args, { ONETABLE_DATA_DIR: dataDir });
      expect(code).toBe(1);
      expect(stderr).toContain(`no OneTable database in ${dataDir}`);
      expect(stderr).toContain('ONETABLE_DATA_DIR');
    }
    await expect(access(dataDir)).rejects.toThrow();
  });

  it.runIf(process.env.DATABASE_URL)(
    'says a DATABASE_URL holds no OneTable schema or does not exist, and migrates nothing',
    async () => {
      const empty = await createTestDatabase('postgres');
      cleanup.push(() => empty.drop());
      const url = empty.target.kind === 'postgres' ? empty.target.url : '';
      const unmigrated = await runCli(['apikey', 'list'], { DATABASE_URL: url });
      expect(unmigrated.code).toBe(1);
      expect(unmigrated.stderr).toContain('holds no OneTable schema (DATABASE_URL)');
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query(
        'SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1',
        ['public'],
      );
      await client.end();
      expect(rows[0].n).toBe(0);

      const missing = new URL(url);
      missing.pathname = `${missing.pathname}_missing`;
      const absent = await runCli(['sections'], { DATABASE_URL: missing.toString() });
      expect(absent.code).toBe(1);
      expect(absent.stderr).toContain('does not exist (DATABASE_URL)');
    },
  );
});

describe.each(testDatabaseKinds())('sections, communities and suggestions (%s)', (kind) => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  });

  it(
    'lists codes and suggests the nearest section for a mistyped one',
    { timeout: 180_000 },
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'onetable-codes-'));
      cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
      const env: Record<string, string> = {
        ONETABLE_DATA_DIR: dataDir,
        ONETABLE_DEMO_RESIDENTS: '20',
      };
      if (kind === 'postgres') {
        const database = await createTestDatabase('postgres');
        cleanup.push(() => database.drop());
        if (database.target.kind === 'postgres') env.DATABASE_URL = database.target.url;
      }
      const served = await startServe(env);
      cleanup.push(() => stop(served.child));

      const sections = await runCli(['sections', '--json'], env);
      expect(sections.code).toBe(0);
      const codes = (JSON.parse(sections.stdout) as Array<{ code: string }>).map((s) => s.code);
      expect(codes).toContain('civil-affairs');
      expect(codes).toContain('committee:310106001001');
      const communities = await runCli(['communities'], env);
      expect(communities.code).toBe(0);
      expect(communities.stdout.split('\n')[0]).toMatch(/^CODE\s+KIND\s+SUBDISTRICT\s+NAME$/);
      expect(communities.stdout).toContain('310106001001');

      const typo = await runCli(['token', '--section', 'civil-afairs'], env);
      expect(typo.code).toBe(1);
      expect(typo.stderr).toContain(
        'unknown section "civil-afairs"; did you mean "civil-affairs"?',
      );
      const key = await runCli(['apikey', 'create', '--section', 'helth', '--name', 'x'], env);
      expect(key.code).toBe(1);
      expect(key.stderr).toContain('did you mean "health"?');
      const far = await runCli(['token', '--section', 'zzzzzzzzzzzz'], env);
      expect(far.stderr).toContain('unknown section "zzzzzzzzzzzz" (onetable sections lists them)');
    },
  );
});
