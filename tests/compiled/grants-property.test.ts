import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalFieldNames } from '../../src/access/fields.js';
import { startServer, type RunningServer } from '../../src/server/app.js';
import { testDatabaseKinds } from '../support/databases.js';
import { jwtSecretText, post, startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario, sections, type ScenarioIds } from '../support/scenario.js';
import { auditDifferences } from './audit-events.js';
import { generatedCases, type Case } from './cases.js';

/**
 * A property over grant tables: for random grant levels on every personal field and random task
 * field sets, the compiled read path answers every resident and household case exactly as
 * graphql-js does (tests/compiled/differential.test.ts fixes the grants; this varies them).
 */
const levels = ['NONE', 'AGGREGATE', 'MASKED', 'FULL'] as const;
const fields = () => [
  ...personalFieldNames(),
  ...['ELDERLY_ALONE', 'DISABILITY', 'LOW_INCOME', 'KEY_CARE'].map((c) => `Tag.${c}`),
];

describe.each(testDatabaseKinds())('compiled reads under random grants (%s)', (kind) => {
  let t: TestHub;
  let plain: RunningServer;
  let ids: ScenarioIds;
  let run: (sql: string, params?: unknown[]) => Promise<void>;
  let other: pg.Client | undefined;
  beforeAll(async () => {
    t = await startTestHub(
      kind,
      async (hub) => void (ids = await insertScenario(hub.prisma)),
      undefined,
      { auditInRead: true },
    );
    plain = await startServer(t.hub.prisma, {
      host: '127.0.0.1',
      port: 0,
      auth: { jwtSecret: new TextEncoder().encode(jwtSecretText) },
      compiledReads: false,
    });
    const target = t.database.target;
    if (target.kind === 'postgres') {
      other = new pg.Client({ connectionString: target.url });
      await other.connect();
      run = async (sql, params) => void (await other!.query(sql, params));
    } else {
      run = async (sql, params) => void (await t.hub.db.pglite!.query(sql, params));
    }
  }, 120_000);
  afterAll(async () => {
    await other?.end();
    await plain?.close();
    await t?.close();
  });

  async function ask(url: string, c: Case, section: string, user: string) {
    const answer = await post(
      url,
      { query: c.query, variables: c.variables },
      { section, purpose: 'T2026-001', user },
    );
    return `${answer.status} ${answer.text}`;
  }

  it('answers and audits as graphql-js whatever the grants and the task fields', async () => {
    const all = generatedCases(ids);
    const cases = all.filter((_, i) => i % (kind === 'postgres' ? 4 : 12) === 0);
    const names = fields();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...levels), { minLength: names.length, maxLength: names.length }),
        fc.subarray(names),
        fc.constantFrom<string>(sections.street, sections.c1, 'health'),
        async (grantLevels, taskFields, section) => {
          await run(
            `DELETE FROM field_grant WHERE section_id = (SELECT id FROM section WHERE code = $1)`,
            [section],
          );
          for (const [i, name] of names.entries()) {
            const [type, field] = name.split('.') as [string, string];
            await run(
              `INSERT INTO field_grant (section_id, type_name, field_name, level, task_codes, granted_by, updated_at)
               SELECT id, $2, $3, $4::"AccessLevel", '{}', 'property', now() FROM section WHERE code = $1`,
              [section, type, field, grantLevels[i]],
            );
          }
          await run(`UPDATE task SET fields = $1 WHERE code = 'T2026-001'`, [taskFields]);
          for (const c of cases) {
            const i = n++;
            const a = await ask(t.url, c, section, `c${i}`);
            const b = await ask(plain.url, c, section, `g${i}`);
            expect(a, `${c.name} ${JSON.stringify(c.variables)}`).toBe(b);
          }
        },
      ),
      { numRuns: kind === 'postgres' ? 8 : 4 },
    );
    expect((await auditDifferences(t.hub.prisma, n)).slice(0, 5)).toEqual([]);
  }, 600_000);
});
