import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHub, type Hub } from '../../src/db/open.js';
import { startServer, type RunningServer } from '../../src/server/app.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { gid } from '../support/ids.js';
import { insertScenario, sections, type ScenarioIds } from '../support/scenario.js';
import { secret, tokenFor } from '../support/hub.js';
import { TcpProxy, throughProxy } from './tcp-proxy.js';
import {
  cleanFailureCodes,
  createResident,
  leakPattern,
  readResidents,
  residentInput,
  send,
  type Outcome,
} from './writes.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Faults of PostgreSQL, simulated without touching the machine's server (others use it). */
describe.skipIf(!process.env.DATABASE_URL)('PostgreSQL outages', () => {
  let database: TestDatabase;
  let direct: Hub;
  let served: Hub;
  let proxy: TcpProxy;
  let server: RunningServer;
  let ids: ScenarioIds;
  let token: string;
  let base: string;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    direct = await openHub(database.target);
    ids = await insertScenario(direct.prisma);
    const target = new URL(database.target.kind === 'postgres' ? database.target.url : '');
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    served = await openHub({ kind: 'postgres', url: throughProxy(target.toString(), proxy.port) });
    server = await startServer(served.prisma, {
      host: '127.0.0.1',
      port: 0,
      auth: { jwtSecret: secret },
      rateLimits: { requests: 0, authFailures: 0 },
    });
    base = server.url.replace(/\/graphql$/, '');
    token = await tokenFor(sections.c1, '刘书记');
  });
  afterAll(async () => {
    await server?.close();
    await served?.close().catch(() => {});
    await proxy?.close();
    await direct?.close();
    await database?.drop();
  });

  const ready = async () => (await fetch(`${base}/readyz`)).status;
  const waitReady = async () => {
    for (let attempt = 0; attempt < 100 && (await ready()) !== 200; attempt++) await sleep(100);
    return ready();
  };

  it('fails in-flight requests cleanly, reports not ready while down, and recovers by itself', async () => {
    const community = gid('Community', ids.communities.c1);
    const household = gid('Household', ids.households.h1);
    const marker = '断线测试';
    const outcomes: Outcome[] = [];
    let next = 0;
    let cut = false;
    const worker = async () => {
      while (next < 80) {
        const i = next++;
        const outcome =
          i % 3 === 2
            ? await send(server.url, token, readResidents)
            : await send(server.url, token, createResident, {
                i: residentInput(i, marker, community, household),
              });
        outcomes.push(outcome);
        if (!cut && outcomes.filter((o) => o.id).length >= 15) {
          cut = true;
          await proxy.cut(); // the database "restarts": every connection drops, new ones are refused
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(cut).toBe(true);
    expect(await ready()).toBe(503);
    const whileDown = await send(server.url, token, readResidents);
    expect(cleanFailureCodes).toContain(whileDown.code);

    await proxy.restore();
    expect(await waitReady()).toBe(200);
    const after = await Promise.all(
      Array.from({ length: 6 }, () => send(server.url, token, readResidents)),
    );
    expect(after.map((o) => o.status)).toEqual([200, 200, 200, 200, 200, 200]);

    const failed = outcomes.filter((o) => o.status !== 200 || o.code !== null);
    expect(failed.length, 'some requests met the outage').toBeGreaterThan(0);
    for (const o of [...failed, whileDown]) {
      expect(cleanFailureCodes, o.text).toContain(o.code);
      expect(o.text).not.toMatch(leakPattern);
    }
    // Every acknowledged write is there; no resident of the run exists without its household.
    const acknowledged = outcomes.flatMap((o) => (o.id ? [o.id] : []));
    const rows = await direct.prisma.resident.findMany({
      where: { name: { startsWith: marker } },
      select: { id: true, householdId: true },
    });
    for (const id of acknowledged) expect(rows.map((r) => gid('Resident', r.id))).toContain(id);
    expect(rows.filter((r) => r.householdId !== ids.households.h1)).toEqual([]);
  });

  it('recovers when the database terminates its connections (pg_terminate_backend)', async () => {
    expect((await send(server.url, token, readResidents)).status).toBe(200);
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    const dbName = new URL(
      database.target.kind === 'postgres' ? database.target.url : '',
    ).pathname.slice(1);
    const killed = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [dbName],
    );
    await admin.end();
    expect(killed.rowCount).toBeGreaterThan(0);
    const outcomes: Outcome[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      const o = await send(server.url, token, readResidents);
      outcomes.push(o);
      if (o.status === 200 && o.code === null) break;
    }
    expect(outcomes.at(-1)!.status).toBe(200);
    for (const o of outcomes.slice(0, -1)) {
      expect(cleanFailureCodes, o.text).toContain(o.code);
      expect(o.text).not.toMatch(leakPattern);
    }
    expect(await waitReady()).toBe(200);
  });
});
