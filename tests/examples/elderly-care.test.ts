import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageOn, today } from '../../src/modules/resident/age.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario, purpose, tasks } from '../support/scenario.js';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

/** Runs the example exactly as the README says (`npm run -s example`), against the test hub. */
async function example(t: TestHub, env: Record<string, string>, args: string[] = []) {
  const token = await t.token({ section: 'civil-affairs', user: '民政科' });
  return run('npm', ['run', '-s', 'example', '--', ...args], {
    cwd: root,
    env: { ...process.env, ONETABLE_URL: t.url, ONETABLE_TOKEN: token, ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

describe('the elderly-care example app', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub('pglite', async (hub) => {
      await insertScenario(hub.prisma);
    });
  });
  afterAll(() => t?.close());

  it('lists elderly people living alone with age, address and latest home visit', async () => {
    const result = await example(t, { ONETABLE_PURPOSE: purpose }, ['--csv']);
    expect(result.stderr).toContain(`ELDERLY_ALONE: 1 residents`);
    expect(result.code).toBe(0);
    const [heading, ...rows] = result.stdout.trim().split('\n');
    expect(heading).toContain('最近走访 last visit');
    const due = Date.now() - 30 * 86_400_000 > Date.parse('2026-10-08T02:00:00Z');
    const age = ageOn(new Date('1938-11-30T00:00:00Z'), today());
    // civil-affairs reads phone numbers masked; the visit is shown in Shanghai time.
    expect(rows).toEqual([
      `华山居委会,王秀英,${age},华山路100弄2号302室,138****0042,2026-10-08,刘书记,${due ? '是 yes' : ''}`,
    ]);
  });

  it('reports a typed error when the section may not name the purpose', async () => {
    const result = await example(t, { ONETABLE_PURPOSE: tasks.epidemic });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('OneTable: PURPOSE_NOT_ALLOWED');
  });
});
