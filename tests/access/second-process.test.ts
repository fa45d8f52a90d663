import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/tokens.js';
import { startServe, stop } from '../support/cli.js';
import { type GraphQLBody, jwtSecretText, startTestHub, type TestHub } from '../support/hub.js';
import { gid } from '../support/ids.js';
import { insertScenario, purpose, type ScenarioIds } from '../support/scenario.js';

/** Two server processes on one PostgreSQL database: a grant set through one holds on the other at once. */
describe.skipIf(!process.env.DATABASE_URL)(
  'a grant change seen by a second server process (postgres)',
  () => {
    let t: TestHub;
    let ids: ScenarioIds;
    let second: Awaited<ReturnType<typeof startServe>>;
    let dataDir: string;
    beforeAll(async () => {
      t = await startTestHub(
        'postgres',
        async (hub) => void (ids = await insertScenario(hub.prisma)),
      );
      dataDir = await mkdtemp(path.join(tmpdir(), 'onetable-second-'));
      if (t.database.target.kind !== 'postgres') throw new Error('expected PostgreSQL');
      second = await startServe({
        DATABASE_URL: t.database.target.url,
        ONETABLE_JWT_SECRET: jwtSecretText,
        ONETABLE_DATA_DIR: dataDir,
        ONETABLE_SEED_DEMO: '0',
      });
    });
    afterAll(async () => {
      if (second) await stop(second.child);
      await t?.close();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('applies the new level on the next request of the other process', async () => {
      const token = await issueToken(new TextEncoder().encode(jwtSecretText), {
        section: 'housing',
        user: 'tester',
        ttlSeconds: 60,
      });
      const phone = async () => {
        const res = await fetch(second.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            'x-purpose': purpose,
          },
          body: JSON.stringify({
            query: 'query($id: ID!) { resident(id: $id) { phone } }',
            variables: { id: gid('Resident', ids.residents.wangXiuying) },
          }),
        });
        return ((await res.json()) as GraphQLBody<{ resident: { phone: string | null } }>).data
          ?.resident.phone;
      };
      expect(await phone()).toMatch(/^\d{3}\*{4}\d{4}$/);
      const set = await t.gql(
        `mutation { setFieldGrant(input: { section: "housing", typeName: "Resident", fieldName: "phone", level: FULL }) { level } }`,
        {},
        { section: 'admin' },
      );
      expect(set.errors).toBeUndefined();
      expect(await phone()).toMatch(/^\d{11}$/);
    });
  },
);
