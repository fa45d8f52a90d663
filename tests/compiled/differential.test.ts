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
import { auditEventsInRead, compiledAuditMismatches } from '../../src/telemetry/metrics.js';
import { auditDifferences } from './audit-events.js';

/** A process-wide counter's value (tests compare deltas). */
const count = async (counter: typeof auditEventsInRead) =>
  (await counter.get()).values[0]?.value ?? 0;
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
      // The audit event inserted by the read itself, checked against graphql-js' event.
      { compiledReads: true, auditInRead: true },
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
    const [inReadBefore, mismatchesBefore] = [
      await count(auditEventsInRead),
      await count(compiledAuditMismatches),
    ];
    let compiled = 0;
    const compiledUsers = new Set<string>();
    let n = 0;
    const pending: Array<Promise<void>> = [];
    const mismatches: string[] = [];
    for (const caller of callers) {
      const run = async () => {
        for (const c of cases) {
          const i = n++;
          const a = await ask(t.url, c, { ...caller, user: `c${i}` });
          const b = await ask(plain.url, c, { ...caller, user: `g${i}` });
          if (a.path === 'compiled') {
            compiled++;
            compiledUsers.add(`c${i}`);
          }
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

    // One event per request, equal field for field (the compiled one inserted by its own read).
    const audited = await auditDifferences(t.hub.prisma, n);
    expect(audited.slice(0, 5)).toEqual([]);
    // Every event of a compiled answer was inserted by the answer's own statement.
    const inRead = (await count(auditEventsInRead)) - inReadBefore;
    const principals = await t.hub.prisma.auditEvent.findMany({ select: { principal: true } });
    const ofCompiled = principals.filter((e) => compiledUsers.has(e.principal.split(':').pop()!));
    expect(inRead).toBe(ofCompiled.length);
    expect(inRead).toBeGreaterThan(0);
    expect((await count(compiledAuditMismatches)) - mismatchesBefore).toBe(0);
    // The comparison means something only if the compiled path answered a good share itself.
    expect(compiled).toBeGreaterThan(n / 4);
    console.info(
      `differential: ${n} cases, ${compiled} answered by the compiled path, ${inRead} events inserted by the read`,
    );
  }, 600_000);
});
