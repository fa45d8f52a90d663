import { type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServe, stop } from '../support/cli.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/databases.js';
import { jwtSecretText, tokenFor } from '../support/hub.js';
import { createResident, residentInput, send, type Outcome } from './writes.js';

const committee = 'committee:310106001001';
const marker = '断电测试';

/** A kill -9 of `onetable serve` while residents are being written: nothing half-written, everything acknowledged kept. */
describe.each(testDatabaseKinds())('kill -9 during writes (%s)', (kind) => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  });

  it(
    'loses no acknowledged write, leaves no partial one, and the data reopens',
    { timeout: 240_000 },
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'onetable-kill9-'));
      cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
      const env: Record<string, string> = {
        ONETABLE_DATA_DIR: dataDir,
        ONETABLE_DEMO_RESIDENTS: '30',
        ONETABLE_JWT_SECRET: jwtSecretText,
        ONETABLE_RATE_LIMIT: '0',
        NODE_ENV: 'production',
      };
      if (kind === 'postgres') {
        const database: TestDatabase = await createTestDatabase('postgres');
        cleanup.push(() => database.drop());
        if (database.target.kind === 'postgres') env.DATABASE_URL = database.target.url;
      }
      const first = await startServe(env);
      let running: ChildProcess = first.child;
      cleanup.push(() => (running.exitCode === null ? stop(running) : Promise.resolve()));
      const token = await tokenFor(committee, '刘书记');
      const found = await send(
        first.url,
        token,
        '{ households(first: 1) { edges { node { id community { id } } } } }',
      );
      const household = JSON.parse(found.text).data.households.edges[0].node;
      // Production mode through the environment: a committee may not introspect.
      expect((await send(first.url, token, '{ __schema { queryType { name } } }')).status).toBe(
        403,
      );

      const outcomes: Outcome[] = [];
      let next = 0;
      let killed = false;
      const worker = async () => {
        while (!killed) {
          const i = next++;
          const outcome = await send(first.url, token, createResident, {
            i: residentInput(i, marker, household.community.id, household.id),
          });
          outcomes.push(outcome);
          if (!killed && outcomes.filter((o) => o.id).length >= 12) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        }
      };
      const exited = once(first.child, 'close');
      await Promise.all(Array.from({ length: 6 }, worker));
      const [, signal] = (await exited) as [number | null, string | null];
      expect(signal).toBe('SIGKILL');
      if (kind === 'pglite')
        expect(Number(await readFile(path.join(dataDir, 'onetable.lock'), 'utf8'))).toBe(
          first.child.pid,
        );

      // The stale lock of the dead process does not keep the folder shut; the database reopens.
      const second = await startServe(env);
      running = second.child;
      const acknowledged = outcomes.flatMap((o) => (o.id ? [o.id] : []));
      expect(acknowledged.length).toBeGreaterThanOrEqual(12);
      const query = `query($m: String) { residents(first: 100, filter: { nameContains: $m }) { totalCount edges { node { id household { id } } } } }`;
      const after = await send(second.url, token, query, { m: marker });
      expect(after.status).toBe(200);
      const rows = JSON.parse(after.text).data.residents.edges.map((e: any) => e.node) as Array<{
        id: string;
        household: { id: string } | null;
      }>;
      for (const id of acknowledged) expect(rows.map((r) => r.id)).toContain(id);
      expect(rows.filter((r) => r.household?.id !== household.id)).toEqual([]);
      expect(rows.length).toBeLessThanOrEqual(next);
      expect(await stop(second.child)).toBe(0);
    },
  );
});
