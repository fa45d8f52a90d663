import { spawnSync } from 'node:child_process';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/tokens.js';
import { runCli } from '../support/cli.js';
import { jwtSecretText, startTestHub, type TestHub } from '../support/hub.js';
import { gid } from '../support/ids.js';
import {
  idNumberOf,
  insertScenario,
  purpose,
  type ScenarioIds,
  sections,
} from '../support/scenario.js';
import { type Replica, startHaproxy, startRedis, startReplica, stopReplica } from './cluster.js';
import { homeVisits, post } from './load.js';

const installed = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
const tools = ['haproxy', 'redis-server'].filter((bin) => !installed(bin));
if (process.env.DATABASE_URL && tools.length)
  console.warn(`[replicas] load-balancer test skipped: not installed: ${tools.join(', ')}`);

const token = (section: string, user: string) =>
  issueToken(new TextEncoder().encode(jwtSecretText), { section, user, ttlSeconds: 600 });

/**
 * Two `onetable serve` processes on one PostgreSQL database and one Redis, behind HAProxy: they
 * behave as one hub (grants, API keys, rate limits, signing keys), and killing one under a load
 * of writes loses no acknowledged write.
 */
describe.skipIf(!process.env.DATABASE_URL || tools.length > 0)(
  'replicas behind HAProxy (postgres)',
  () => {
    let t: TestHub;
    let ids: ScenarioIds;
    let redis: Awaited<ReturnType<typeof startRedis>>;
    let lb: Awaited<ReturnType<typeof startHaproxy>>;
    let a: Replica;
    let b: Replica;
    let env: Record<string, string>;
    beforeAll(async () => {
      t = await startTestHub(
        'postgres',
        async (hub) => void (ids = await insertScenario(hub.prisma)),
      );
      redis = await startRedis();
      const { privateKey } = await generateKeyPair('ES256', { extractable: true });
      env = {
        DATABASE_URL: (t.database.target as { url: string }).url,
        REDIS_URL: redis.url,
        ONETABLE_JWT_SECRET: jwtSecretText,
        ONETABLE_ATTESTATION_KEY: JSON.stringify(await exportJWK(privateKey)),
        ONETABLE_SUBJECT_KEY: jwtSecretText,
        ONETABLE_SEED_DEMO: '0',
        ONETABLE_RATE_LIMIT: '40',
        ONETABLE_ATTEST_PER_SUBJECT_PER_HOUR: '3',
      };
      [a, b] = await Promise.all([startReplica('a', env), startReplica('b', env)]);
      lb = await startHaproxy([a, b]);
    }, 120_000);
    afterAll(async () => {
      await lb?.stop();
      for (const replica of [a, b]) if (replica) await stopReplica(replica);
      await redis?.stop();
      await t?.close();
    });

    it('answers through both replicas in turn', async () => {
      const credential = await token(sections.street, 'turns');
      const seen = new Set<string | null>();
      // HAProxy routes to a replica once its health checks pass: until both answer, at most 20 requests.
      for (let i = 0; i < 20 && seen.size < 2; i++)
        seen.add((await post(lb.url, credential, '{ tasks { code } }')).replica);
      expect([...seen].sort()).toEqual(['a', 'b']);
    });

    it('puts a grant changed through one replica in force on the other at its next request', async () => {
      const housing = await token('housing', 'grants');
      const admin = await token('admin', 'grants');
      const phone = async (replica: Replica) =>
        (
          await post(replica.url, housing, 'query($id: ID!) { resident(id: $id) { phone } }', {
            id: gid('Resident', ids.residents.wangXiuying),
          })
        ).data.resident.phone as string;
      const set = (replica: Replica, level: string) =>
        post(
          replica.url,
          admin,
          `mutation { setFieldGrant(input: { section: "housing", typeName: "Resident", fieldName: "phone", level: ${level} }) { level } }`,
        );
      expect(await phone(b)).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect((await set(a, 'FULL')).errors).toBeUndefined();
      expect(await phone(b)).toMatch(/^\d{11}$/);
      expect((await set(b, 'MASKED')).errors).toBeUndefined();
      expect(await phone(a)).toMatch(/^\d{3}\*{4}\d{4}$/);
    });

    it('refuses a revoked API key on both replicas', async () => {
      const cli = { DATABASE_URL: env.DATABASE_URL!, ONETABLE_DATA_DIR: a.dataDir };
      const created = await runCli(
        ['apikey', 'create', '--section', 'health', '--name', '副本测试'],
        cli,
      );
      expect(created.code).toBe(0);
      const key = created.stdout.trim();
      const id = /API key (\d+)/.exec(created.stderr)?.[1] ?? '';
      for (const replica of [a, b])
        expect((await post(replica.url, key, '{ tasks { code } }')).status).toBe(200);
      expect((await runCli(['apikey', 'revoke', id], cli)).code).toBe(0);
      for (const replica of [a, b])
        expect((await post(replica.url, key, '{ tasks { code } }')).status).toBe(401);
    });

    it('shares one rate-limit budget through Redis', async () => {
      const credential = await token(sections.street, 'budget');
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++)
        statuses.push((await post(lb.url, credential, '{ tasks { code } }')).status);
      expect(statuses.every((s) => s === 200)).toBe(true);
      // The 41st request is over the budget, whichever replica gets it.
      for (const replica of [a, b]) {
        const over = await post(replica.url, credential, '{ tasks { code } }');
        expect(over.status).toBe(429);
      }
    });

    it('verifies on one replica an attestation signed by the other', async () => {
      const street = await token(sections.street, 'attest');
      const made = await post(
        a.url,
        street,
        'mutation($i: AttestInput!) { attest(input: $i) { reference answer } }',
        {
          i: { claim: 'ALIVE', subject: { idNumber: idNumberOf('zhangWei') }, purpose },
        },
      );
      expect(made.errors).toBeUndefined();
      const checked = await post(
        b.url,
        street,
        'query($r: String!) { verifyAttestation(reference: $r) { valid status } }',
        {
          r: made.data.attest.reference,
        },
      );
      expect(checked.data.verifyAttestation).toEqual({ valid: true, status: 'VALID' });
    });

    it('counts attestation limits across replicas', async () => {
      const street = await token(sections.street, 'attest-limit');
      const attest = (replica: Replica) =>
        post(replica.url, street, 'mutation($i: AttestInput!) { attest(input: $i) { answer } }', {
          i: { claim: 'ALIVE', subject: { idNumber: idNumberOf('liFang') }, purpose },
        });
      // ONETABLE_ATTEST_PER_SUBJECT_PER_HOUR=3 for one principal and subject, whichever replica issues.
      for (const replica of [a, b, a]) expect((await attest(replica)).errors).toBeUndefined();
      const fourth = await attest(b);
      expect(fourth.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    });

    it('loses no acknowledged write when a replica is killed under load', async () => {
      const run = await homeVisits(lb.url, {
        resident: gid('Resident', ids.residents.wangXiuying),
        credential: (worker) => token(sections.street, `load-${worker}`),
        workers: 8,
        killAfter: 40,
        stopAfter: 80,
        kill: () => a.child.kill('SIGKILL'),
      });
      const stored = await t.hub.prisma.serviceRecord.count({ where: { id: { in: run.acked } } });
      console.info(
        `[replicas] requests ${run.requests}, acknowledged writes ${run.acked.length}, lost ${run.acked.length - stored}, ` +
          `not acknowledged ${run.failed} (${JSON.stringify(run.failures)}), answered by the survivor after the kill ${run.survivorAfterKill}`,
      );
      expect(stored).toBe(run.acked.length);
      expect(run.acked.length).toBeGreaterThanOrEqual(120);
      // The load balancer routes to the survivor: the last answers all come from b.
      expect(run.lastReplicas.slice(-20).every((r) => r === 'b')).toBe(true);
    });
  },
);
