import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/app.js';
import { testDatabaseKinds } from '../support/databases.js';
import {
  jwtSecretText,
  post,
  readPath,
  startTestHub,
  type Caller,
  type TestHub,
} from '../support/hub.js';
import { insertScenario, sections, type ScenarioIds } from '../support/scenario.js';
import { generatedCases, operationCases, type Case } from './cases.js';

/**
 * The compiled read path (src/compiled/) against graphql-js: every case runs on a server with
 * the compiled path and on one without, on the same database, as every section kind with its
 * own task, another task, a task it may not use and none. The JSON answers must be equal byte
 * for byte and the audit events equal field for field.
 */
const callers: Caller[] = [
  ...[sections.street, sections.c1, sections.c2, 'civil-affairs', 'health', 'housing'].flatMap(
    (section) =>
      ['T2026-001', 'T2026-002', 'T9999-999', null].map((purpose) => ({ section, purpose })),
  ),
];

/** A case as a caller (hub token, X-Purpose when it has one): status, raw body and read path. */
async function ask(url: string, c: Case, caller: Caller) {
  const answer = await post(
    url,
    { query: c.query, variables: c.variables },
    { ...caller, purpose: caller.purpose ?? null },
  );
  return { status: answer.status, body: answer.text, path: readPath(answer) };
}

describe.each(testDatabaseKinds())('compiled reads equal graphql-js (%s)', (kind) => {
  let t: TestHub;
  let plain: RunningServer;
  let ids: ScenarioIds;
  beforeAll(async () => {
    t = await startTestHub(
      kind,
      async (hub) => {
        ids = await insertScenario(hub.prisma);
      },
      undefined,
      { compiledReads: true },
    );
    plain = await startServer(t.hub.prisma, {
      host: '127.0.0.1',
      port: 0,
      auth: { jwtSecret: new TextEncoder().encode(jwtSecretText) },
      compiledReads: false,
    });
  });
  afterAll(async () => {
    await plain?.close();
    await t?.close();
  });

  it('answers and audits every generated case exactly as graphql-js', async () => {
    // The whole set on PostgreSQL (CI runs it); every third case on PGlite, to keep npm test short.
    const all = [...operationCases(ids), ...generatedCases(ids)];
    const cases = kind === 'postgres' ? all : all.filter((_, i) => i % 3 === 0);
    let compiled = 0;
    let n = 0;
    const pending: Array<Promise<void>> = [];
    const mismatches: string[] = [];
    for (const caller of callers) {
      const run = async () => {
        for (const c of cases) {
          const i = n++;
          const a = await ask(t.url, c, { ...caller, user: `c${i}` });
          const b = await ask(plain.url, c, { ...caller, user: `g${i}` });
          if (a.path === 'compiled') compiled++;
          if (b.path) mismatches.push(`${c.name}: the graphql-js server answered compiled`);
          if (a.status !== b.status || a.body !== b.body)
            mismatches.push(
              `${c.name} ${JSON.stringify(c.variables)} as ${caller.section}/${caller.purpose}:\n  compiled ${a.status} ${a.body.slice(0, 400)}\n  graphql  ${b.status} ${b.body.slice(0, 400)}`,
            );
        }
      };
      pending.push(run());
      if (pending.length === 4) await Promise.all(pending.splice(0));
    }
    await Promise.all(pending);
    expect(mismatches.slice(0, 5)).toEqual([]);

    const events = await t.hub.prisma.auditEvent.findMany({ orderBy: { id: 'asc' } });
    const byUser = new Map<string, (typeof events)[number]>();
    for (const e of events) byUser.set(e.principal.split(':').pop()!, e);
    const audited: string[] = [];
    for (let i = 0; i < n; i++) {
      const a = byUser.get(`c${i}`);
      const b = byUser.get(`g${i}`);
      const view = (e: typeof a) =>
        e && {
          fields: e.fields,
          residentIds: e.residentIds,
          outcome: e.outcome,
          purpose: e.purpose,
          section: e.sectionCode,
          op: e.operationName,
          hash: e.operationHash,
        };
      if (JSON.stringify(view(a)) !== JSON.stringify(view(b)))
        audited.push(`case ${i}: ${JSON.stringify(view(a))} vs ${JSON.stringify(view(b))}`);
    }
    expect(audited.slice(0, 5)).toEqual([]);
    // The comparison means something only if the compiled path answered a good share itself.
    expect(compiled).toBeGreaterThan(n / 4);
    console.info(`differential: ${n} cases, ${compiled} answered by the compiled path`);
  }, 600_000);
});
