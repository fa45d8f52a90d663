import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, stop } from '../support/cli.js';
import { jwtSecretText, startTestHub, type TestHub } from '../support/hub.js';
import { callerFor } from './callers.js';
import { type Reported, reportQuery, seedReports } from './fixtures.js';

/**
 * The perturbation is a function of the stored cell keys and the settings only: another server
 * process on the same database (a replica, or this one after a restart) releases the same figures.
 */
describe.skipIf(!process.env.DATABASE_URL)(
  'disclosure control across server processes (postgres)',
  () => {
    let t: TestHub;
    let second: Awaited<ReturnType<typeof startServe>>;
    let dataDir: string;
    beforeAll(async () => {
      t = await startTestHub('postgres', seedReports());
      if (t.database.target.kind !== 'postgres') throw new Error('expected PostgreSQL');
      dataDir = await mkdtemp(path.join(tmpdir(), 'onetable-replica-'));
      second = await startServe({
        DATABASE_URL: t.database.target.url,
        ONETABLE_JWT_SECRET: jwtSecretText,
        ONETABLE_DATA_DIR: dataDir,
        ONETABLE_SEED_DEMO: '0',
      });
    }, 180_000);
    afterAll(async () => {
      if (second) await stop(second.child);
      await t?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('gives the same protected report on a second process', async () => {
      const caller = await callerFor(t, 'population', 'RESIDENTS', ['Resident.age']);
      const input = {
        dataset: 'RESIDENTS',
        dimensions: ['COMMUNITY', 'AGE_BAND'],
        measures: ['COUNT', 'AVG_AGE'],
        totals: true,
      };
      const here = await t.gql<Reported>(reportQuery, { i: input }, caller);
      expect(here.data!.report.perturbed).toBe(true);
      const res = await fetch(second.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await t.token(caller)}`,
          'x-purpose': caller.purpose!,
        },
        body: JSON.stringify({ query: reportQuery, variables: { i: input } }),
      });
      expect(((await res.json()) as { data: unknown }).data).toEqual(here.data);
    });
  },
);
