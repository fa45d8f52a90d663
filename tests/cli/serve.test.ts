import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadJwtSecret } from '../../src/auth/secret.js';
import { issueToken } from '../../src/auth/tokens.js';
import { packageJson, runCli, startServe, stop } from '../support/cli.js';

/** Counts through the API as the district's civil-affairs section, with a token signed by the folder's key. */
async function count(url: string, dataDir: string) {
  const token = await issueToken(await loadJwtSecret(dataDir), {
    section: 'civil-affairs',
    user: 'test',
    ttlSeconds: 60,
  });
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: '{ communities { totalCount } residents { totalCount } tasks { code } }',
    }),
  });
  const body = (await res.json()) as {
    data: {
      communities: { totalCount: number };
      residents: { totalCount: number };
      tasks: unknown[];
    };
  };
  return {
    communities: body.data.communities.totalCount,
    residents: body.data.residents.totalCount,
    tasks: body.data.tasks.length,
  };
}

describe('the onetable command', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'onetable-cli-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('is what npm start runs', () => {
    expect(packageJson.scripts.start).toBe(`exec node ${packageJson.bin.onetable} serve`);
  });

  it('lists its commands with help', async () => {
    const { code, stdout } = await runCli(['--help'], {});
    expect(code).toBe(0);
    for (const command of ['serve', 'migrate', 'seed', 'migration'])
      expect(stdout).toContain(command);
  });

  it('serves a fresh data folder: migrates, seeds the demo district, answers, and stops on SIGTERM', async () => {
    const env = { ONETABLE_DATA_DIR: dataDir, ONETABLE_DEMO_RESIDENTS: '300' };
    const first = await startServe(env);
    expect(await count(first.url, dataDir)).toMatchObject({ residents: 300 });
    expect((await count(first.url, dataDir)).communities).toBeGreaterThanOrEqual(12);
    expect(await stop(first.child)).toBe(0);
    expect(first.logs.join('\n')).toContain('stopped');

    const second = await startServe(env);
    expect((await count(second.url, dataDir)).residents).toBe(300);
    // PGlite is single-process: a second process on the folder is refused, not let in to corrupt it.
    const intruder = await runCli(['migrate'], env);
    expect(intruder.code).toBe(1);
    expect(intruder.stderr).toContain('in use by process');
    expect(await stop(second.child)).toBe(0);
  });

  it('refuses to seed a database that already holds data', async () => {
    const { code, stderr } = await runCli(['seed', '--residents', '10'], {
      ONETABLE_DATA_DIR: dataDir,
    });
    expect(code).toBe(1);
    expect(stderr).toContain('already holds data');
  });
});
