import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../../src/auth/tokens.js';
import { openHub, type Hub } from '../../src/db/open.js';
import { startServer, type RunningServer } from '../../src/server/app.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { jwtSecretText } from '../support/hub.js';
import { gid } from '../support/ids.js';
import { insertScenario, purpose, type ScenarioIds, sections } from '../support/scenario.js';
import { residentInput } from '../faults/writes.js';
import { type Standby, standbyUnavailable, startStandby } from './standby.js';

const adminUrl = process.env.DATABASE_URL;
const unavailable = await standbyUnavailable(adminUrl);
if (unavailable && adminUrl) console.warn(`[replicas] read-replica test skipped: ${unavailable}`);

const create = `mutation($i: CreateResidentInput!) { createResident(input: $i) { id name } }`;
const count = `{ residents { totalCount } }`;

/**
 * DATABASE_REPLICA_URLS with a real streaming replica (pg_basebackup of the machine's PostgreSQL,
 * a second postmaster started here). With the replica's replay paused, what a request reads shows
 * where it was read: a row written meanwhile exists on the primary only.
 */
describe.skipIf(unavailable !== null)('read replicas (PostgreSQL streaming replica)', () => {
  let standby: Standby;
  let database: TestDatabase;
  let hub: Hub;
  let server: RunningServer;
  let ids: ScenarioIds;
  beforeAll(async () => {
    standby = await startStandby(adminUrl!);
    database = await createTestDatabase('postgres');
    const url = (database.target as { url: string }).url;
    hub = await openHub({ kind: 'postgres', url, replicaUrls: [standby.urlOf(url)] });
    ids = await insertScenario(hub.prisma);
    await standby.catchUp(url);
    const secret = new TextEncoder().encode(jwtSecretText);
    server = await startServer(hub.prisma, {
      host: '127.0.0.1',
      port: 0,
      auth: { jwtSecret: secret },
      // Asked for, but a replica cannot write: compiled reads append their events apart here.
      auditInRead: true,
    });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await hub?.close();
    await database?.drop();
    await standby?.stop();
  });

  async function gql(query: string, variables: object, section: string, user: string) {
    const token = await issueToken(new TextEncoder().encode(jwtSecretText), {
      section,
      user,
      ttlSeconds: 600,
    });
    const res = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-purpose': purpose,
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: any; errors?: Array<{ extensions?: { code?: string } }> };
  }

  it('reads from the replica, writes to the primary, and gives a writer its own writes', async () => {
    const stats = hub.db.replicaStats!;
    const before = (await gql(count, {}, sections.street, 'reader')).data.residents.totalCount;
    expect(stats.replica).toBeGreaterThan(0);
    await standby.query('SELECT pg_wal_replay_pause()');
    try {
      const input = residentInput(
        1,
        '副本',
        gid('Community', ids.communities.c1),
        gid('Household', ids.households.h1),
      );
      // Within the request, the write and what it returns come from the primary.
      const made = await gql(create, { i: input }, sections.street, 'writer');
      expect(made.errors).toBeUndefined();
      expect(made.data.createResident.name).toBe(input.name);
      // Another principal reads from the paused replica: the row is not there yet.
      const other = await gql(count, {}, sections.street, 'reader');
      expect(other.data.residents.totalCount).toBe(before);
      // The writer reads its own write (ONETABLE_REPLICA_STICKY_SECONDS, from the primary).
      const own = await gql(count, {}, sections.street, 'writer');
      expect(own.data.residents.totalCount).toBe(before + 1);
      // A mutation of another principal runs wholly on the primary: it finds the new row to update.
      const renamed = await gql(
        `mutation($i: UpdateResidentInput!) { updateResident(input: $i) { name version } }`,
        { i: { id: made.data.createResident.id, version: 1, name: '副本改名' } },
        sections.street,
        'editor',
      );
      expect(renamed.errors).toBeUndefined();
      expect(renamed.data.updateResident).toEqual({ name: '副本改名', version: 2 });
    } finally {
      await standby.query('SELECT pg_wal_replay_resume()');
    }
    await standby.catchUp((database.target as { url: string }).url);
    const later = await gql(count, {}, sections.street, 'reader');
    expect(later.data.residents.totalCount).toBe(before + 1);
    expect(stats.fallbacks).toBe(0);
  });

  it('keeps the audit trail on the primary: a read answered by the replica is audited', async () => {
    const events = async () =>
      (await hub.prisma.auditEvent.count({ where: { sectionCode: 'civil-affairs' } })) as number;
    const before = await events();
    const fromReplica = hub.db.replicaStats!.replica;
    const res = await gql(
      `{ residents(first: 3) { edges { node { name } } } }`,
      {},
      'civil-affairs',
      'auditee',
    );
    expect(res.errors).toBeUndefined();
    expect(await events()).toBe(before + 1);
    // The compiled read does not insert its event itself here, though auditInRead is on: it is
    // answered by the replica, and the event appended on the primary.
    expect(hub.db.replicaStats!.replica).toBeGreaterThan(fromReplica);
  });

  it('measures replica lag after writes (reported, not asserted)', async () => {
    const url = (database.target as { url: string }).url;
    const waits: number[] = [];
    for (let i = 0; i < 10; i++) {
      const input = residentInput(
        100 + i,
        '延迟',
        gid('Community', ids.communities.c1),
        gid('Household', ids.households.h1),
      );
      const made = await gql(create, { i: input }, sections.street, 'lag');
      expect(made.errors).toBeUndefined();
      waits.push(await standby.catchUp(url));
    }
    waits.sort((a, b) => a - b);
    console.info(
      `[replicas] replay lag after a write: median ${waits[5]!.toFixed(1)} ms, max ${waits[9]!.toFixed(1)} ms (10 writes); ` +
        `statements on the replica: ${hub.db.replicaStats!.replica}, sent back to the primary: ${hub.db.replicaStats!.fallbacks}`,
    );
  });
});
