import { createClient, CreateResidentDocument, ResidentsDocument } from '@onetable/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/tokens.js';
import { formatLsn, parseLsn } from '../../src/db/read-after.js';
import { residentInput } from '../faults/writes.js';
import { jwtSecretText, startTestHub, type TestHub } from '../support/hub.js';
import { gid } from '../support/ids.js';
import { insertScenario, purpose, type ScenarioIds, sections } from '../support/scenario.js';
import { type Replica, startReplica, stopReplica } from './cluster.js';
import { type Standby, standbyUnavailable, startStandby } from './standby.js';

const adminUrl = process.env.DATABASE_URL;
const unavailable = await standbyUnavailable(adminUrl);
if (unavailable && adminUrl) console.warn(`[replicas] read-after test skipped: ${unavailable}`);

describe('WAL positions (X-OneTable-After)', () => {
  it('parse, compare and print as PostgreSQL does; anything else is no position', () => {
    expect(formatLsn(parseLsn('16/B374D848')!)).toBe('16/B374D848');
    expect(parseLsn('1/0')! > parseLsn('0/FFFFFFFF')!).toBe(true);
    for (const bad of ['', '16', '16/', '/1', 'x/1', '1/2/3', '123456789/0', "0/0'; --"])
      expect(parseLsn(bad), bad).toBeNull();
  });
});

const count = '{ residents { totalCount } }';
const create = `mutation($i: CreateResidentInput!) { createResident(input: $i) { id } }`;

/**
 * Read-your-writes across two `onetable serve` processes on one primary and its streaming replica,
 * without sticky sessions: a write through one process, the next read through the other. With the
 * replica's replay paused, what a read counts shows where it was answered.
 */
describe.skipIf(unavailable !== null)('read-your-writes across processes (replica)', () => {
  let standby: Standby;
  let t: TestHub;
  let ids: ScenarioIds;
  let a: Replica;
  let b: Replica;
  let token: string;
  beforeAll(async () => {
    standby = await startStandby(adminUrl!);
    t = await startTestHub(
      'postgres',
      async (hub) => void (ids = await insertScenario(hub.prisma)),
    );
    const url = (t.database.target as { url: string }).url;
    await standby.catchUp(url);
    const env = {
      DATABASE_URL: url,
      DATABASE_REPLICA_URLS: standby.urlOf(url),
      ONETABLE_JWT_SECRET: jwtSecretText,
      ONETABLE_SUBJECT_KEY: jwtSecretText,
      ONETABLE_SEED_DEMO: '0',
    };
    [a, b] = await Promise.all([startReplica('a', env), startReplica('b', env)]);
    token = await issueToken(new TextEncoder().encode(jwtSecretText), {
      section: sections.street,
      user: 'writer',
      ttlSeconds: 600,
    });
  }, 300_000); // a base backup and two processes starting, on a shared machine
  afterAll(async () => {
    for (const replica of [a, b]) if (replica) await stopReplica(replica);
    await t?.close();
    await standby?.stop();
  });

  async function post(replica: Replica, query: string, variables = {}, after?: string | null) {
    const res = await fetch(replica.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-purpose': purpose,
        ...(after ? { 'x-onetable-after': after } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
    return { ...body, after: res.headers.get('x-onetable-after') };
  }
  const counted = async (replica: Replica, after?: string | null) =>
    (await post(replica, count, {}, after)).data.residents.totalCount as number;
  const input = (i: number) =>
    residentInput(
      i,
      '读写',
      gid('Community', ids.communities.c1),
      gid('Household', ids.households.h1),
    );

  it("reads a write made through one process from the other, with the write's WAL position", async () => {
    const before = await counted(b);
    expect((await post(b, count)).after).toBeNull(); // a read names no position
    await standby.query('SELECT pg_wal_replay_pause()');
    try {
      const made = await post(a, create, { i: input(1) });
      expect(made.errors).toBeUndefined();
      expect(parseLsn(made.after)).not.toBeNull();
      // Without the position, the other process answers from the paused replica: no new row.
      expect(await counted(b)).toBe(before);
      // With it, from the primary: the replica has not replayed the write.
      const started = performance.now();
      expect(await counted(b, made.after)).toBe(before + 1);
      console.info(
        `[replicas] read with a position the replica lacks: ${(performance.now() - started).toFixed(1)} ms`,
      );
    } finally {
      await standby.query('SELECT pg_wal_replay_resume()');
    }
  });

  it('reads from the replica again once it has replayed the position', async () => {
    const made = await post(a, create, { i: input(2) });
    const lag = await standby.catchUp((t.database.target as { url: string }).url);
    const caughtUp = await counted(b, made.after);
    await standby.query('SELECT pg_wal_replay_pause()');
    try {
      // A row written after the position (its own position not passed on): a read that does not
      // count it was answered by the replica, which the old position no longer excludes.
      expect((await post(a, create, { i: input(3) })).errors).toBeUndefined();
      expect(await counted(b, made.after)).toBe(caughtUp);
    } finally {
      await standby.query('SELECT pg_wal_replay_resume()');
    }
    console.info(`[replicas] replay lag after the write: ${lag.toFixed(1)} ms`);
  });

  it('keeps the position in the SDK: a client behind a round-robin balancer reads its own writes', async () => {
    let turn = 0;
    const balanced: typeof fetch = (_url, init) => fetch([a, b][turn++ % 2]!.url, init);
    const client = createClient({ url: a.url, token, purpose, fetch: balanced });
    const before = (await client.request(ResidentsDocument, { first: 1 })).residents.totalCount;
    await standby.query('SELECT pg_wal_replay_pause()');
    try {
      await client.request(CreateResidentDocument, { input: input(4) as never });
      for (let i = 0; i < 4; i++) {
        const now = await client.request(ResidentsDocument, { first: 1 });
        expect(now.residents.totalCount).toBe(before + 1);
      }
    } finally {
      await standby.query('SELECT pg_wal_replay_resume()');
    }
  });
});
