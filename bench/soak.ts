/**
 * Load and fault soak: `npm run soak [-- --seconds 60 --workers 16 --outage 3]`.
 *
 * Starts the server on a fresh PostgreSQL database (`onetable_soak`, seeded with a demo district)
 * behind a TCP proxy on loopback, runs mixed traffic (reads, version-checked updates, creates,
 * reports), cuts the database connection once mid-run for `--outage` seconds (the proxy drops every
 * connection and refuses new ones, as a restarting PostgreSQL would; the machine's PostgreSQL is
 * never touched) and terminates the database's backends once more later. Then it reports requests
 * served, errors by code, and whether any acknowledged write was lost or half-applied.
 * DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres) names the server to use.
 */
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import pg from 'pg';
import { parseArgs } from 'node:util';
import { issueToken } from '../src/auth/tokens.js';
import { openHub } from '../src/db/open.js';
import { seedDatabase } from '../src/seed/index.js';
import { startServer } from '../src/server/app.js';
import { TcpProxy, throughProxy } from '../tests/faults/tcp-proxy.js';
import { createResident, residentInput, send, type Outcome } from '../tests/faults/writes.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    workers: { type: 'string', default: '16' },
    outage: { type: 'string', default: '3' },
    residents: { type: 'string', default: '5000' },
  },
  allowPositionals: true,
});
const seconds = Number(values.seconds);
const adminUrl = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = 'onetable_soak';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) =>
  console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function admin(sql: string, params: unknown[] = []) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
await admin(`CREATE DATABASE ${dbName}`);
const url = new URL(adminUrl);
url.pathname = `/${dbName}`;
const direct = await openHub({ kind: 'postgres', url: url.toString() });
await seedDatabase(direct.prisma, { residents: Number(values.residents), seed: 1 });
const proxy = new TcpProxy(url.hostname, Number(url.port || 5432));
await proxy.start();
const served = await openHub({ kind: 'postgres', url: throughProxy(url.toString(), proxy.port) });
const secret = new TextEncoder().encode('soak-secret-soak-secret-soak-secret-0123');
const server = await startServer(served.prisma, {
  host: '127.0.0.1',
  port: 0,
  auth: { jwtSecret: secret },
  rateLimits: { requests: 1_000_000, redisUrl: undefined },
});
const base = server.url.replace(/\/graphql$/, '');

// Who calls: the committee of the first community (writes), its street office (reads, reports).
const community = await direct.prisma.community.findFirstOrThrow({
  orderBy: { id: 'asc' },
  include: { subdistrict: true },
});
const households = await direct.prisma.household.findMany({
  where: { communityId: community.id },
  select: { id: true },
});
const residents = await direct.prisma.resident.findMany({
  where: { communityId: community.id },
  select: { id: true },
  take: 300,
});
const committee = await issueToken(secret, {
  section: `committee:${community.code}`,
  user: '刘书记',
  ttlSeconds: 3600,
});
const street = await issueToken(secret, {
  section: `street:${community.subdistrict.code}`,
  user: '王主任',
  ttlSeconds: 3600,
});
const purpose = 'T2026-001';
const communityId = encodeGlobalID('Community', community.id);

const counts = new Map<string, number>();
const latencies: number[] = [];
const created: string[] = [];
/** Resident row id → the highest version acknowledged by an update, with the phone it set. */
const updated = new Map<number, { version: number; phone: string }>();
let sequence = 0;
const count = (kind: string, o: Outcome) =>
  counts.set(
    `${kind} ${o.status} ${o.code ?? 'OK'}`,
    (counts.get(`${kind} ${o.status} ${o.code ?? 'OK'}`) ?? 0) + 1,
  );

async function timed(
  kind: string,
  token: string,
  query: string,
  variables?: unknown,
): Promise<Outcome & { data?: any }> {
  const started = performance.now();
  const o = await send(server.url, token, query, variables, purpose);
  if (o.status === 200 && o.code === null) latencies.push(performance.now() - started);
  count(kind, o);
  let data: any;
  try {
    data = JSON.parse(o.text).data;
  } catch {
    data = undefined;
  }
  return { ...o, data };
}

async function oneStep(worker: number) {
  const dice = Math.random();
  if (dice < 0.45) {
    await timed(
      'read',
      street,
      `query($c: ID) { residents(first: 20, filter: { community: $c }) { totalCount edges { node { id name age household { address } } } } }`,
      { c: communityId },
    );
  } else if (dice < 0.7) {
    const row = residents[Math.floor(Math.random() * residents.length)]!;
    const id = encodeGlobalID('Resident', row.id);
    const read = await timed(
      'update-read',
      committee,
      `query($id: ID!) { resident(id: $id) { version } }`,
      { id },
    );
    const version = read.data?.resident?.version;
    if (typeof version !== 'number') return;
    const phone = `139${String(worker).padStart(2, '0')}${String(sequence++ % 1e6).padStart(6, '0')}`;
    const write = await timed(
      'update',
      committee,
      `mutation($i: UpdateResidentInput!) { updateResident(input: $i) { version phone } }`,
      { i: { id, version, phone } },
    );
    const done = write.data?.updateResident;
    if (done && (updated.get(row.id)?.version ?? 0) < done.version)
      updated.set(row.id, { version: done.version, phone: done.phone });
  } else if (dice < 0.9) {
    const household = households[Math.floor(Math.random() * households.length)]!;
    const o = await timed('create', committee, createResident, {
      i: residentInput(sequence++, '压测', communityId, encodeGlobalID('Household', household.id)),
    });
    if (o.id) created.push(o.id);
  } else {
    await timed(
      'report',
      street,
      `{ report(input: { dataset: RESIDENTS, dimensions: [COMMUNITY, AGE_BAND], measures: [COUNT], totals: true }) { rows { values } } }`,
    );
  }
}

async function readyz() {
  return fetch(`${base}/readyz`).then(
    (r) => r.status,
    () => 0,
  );
}

const started = Date.now();
const deadline = started + seconds * 1000;
const faults = (async () => {
  await sleep(seconds * 400);
  log(`cutting the database connection for ${values.outage} s`);
  await proxy.cut();
  await sleep(Number(values.outage) * 1000);
  log(`while down: /readyz ${await readyz()}`);
  await proxy.restore();
  let attempts = 0;
  while ((await readyz()) !== 200) {
    attempts++;
    await sleep(100);
  }
  log(`database back; /readyz 200 after ${attempts} more probes`);
  await sleep(seconds * 250);
  const killed = await admin(
    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    [dbName],
  );
  log(`terminated ${killed.rowCount} backends of ${dbName}`);
})();
await Promise.all(
  Array.from({ length: Number(values.workers) }, async (_, worker) => {
    while (Date.now() < deadline) await oneStep(worker);
  }),
);
await faults;
const elapsed = (Date.now() - started) / 1000;

// Verification against the database itself.
while ((await readyz()) !== 200) await sleep(100);
const createdRows = await direct.prisma.resident.findMany({
  where: { name: { startsWith: '压测' } },
  select: { id: true, householdId: true },
});
const present = new Set(createdRows.map((r) => r.id));
const lostCreates = created.filter((id) => !present.has(Number(decodeGlobalID(id).id)));
const halfCreated = createdRows.filter((r) => r.householdId === null);
const finals = await direct.prisma.resident.findMany({
  where: { id: { in: [...updated.keys()] } },
  select: { id: true, version: true, phone: true },
});
const lostUpdates = finals.filter((r) => {
  const acked = updated.get(r.id)!;
  return r.version < acked.version || (r.version === acked.version && r.phone !== acked.phone);
});
const total = [...counts.values()].reduce((a, b) => a + b, 0);
const ok = [...counts].filter(([k]) => k.endsWith(' 200 OK')).reduce((a, [, n]) => a + n, 0);
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]?.toFixed(1);
console.log(
  `\nsoak: ${elapsed.toFixed(0)} s, ${values.workers} workers, ${total} requests (${(total / elapsed).toFixed(0)}/s), ${ok} answered without error; latency of those p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`,
);
for (const [key, n] of [...counts].sort()) console.log(`  ${key.padEnd(44)} ${n}`);
console.log(
  `acknowledged creates ${created.length}, lost ${lostCreates.length}; residents of the run without their household (half-applied) ${halfCreated.length}; unacknowledged creates that landed ${createdRows.length - created.length + lostCreates.length}`,
);
console.log(`residents updated ${updated.size}, acknowledged updates lost ${lostUpdates.length}`);
const lost = lostCreates.length + halfCreated.length + lostUpdates.length;
console.log(lost === 0 ? 'nothing lost' : `LOST OR HALF-APPLIED: ${lost}`);
await server.close();
await served.close();
await proxy.close();
await direct.close();
await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
process.exit(lost === 0 ? 0 : 1);
