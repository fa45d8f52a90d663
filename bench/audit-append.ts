/**
 * npm run bench:audit — the audit append alone, as requests make it: C concurrent callers, each
 * appending one event (a page of 50 residents) and waiting for it to be durable, again and again,
 * for S seconds, in one or two server processes on one fresh PostgreSQL database. Reports events
 * per second, the append's latency (p50, p99) and, for the linker design, how long events wait
 * to be linked (sampled every 20 ms) and whether `audit verify` passes afterwards.
 *
 *   --dist DIR         the build to measure (default dist/; a worktree's dist/ measures another commit)
 *   --connections 1,8,32   --processes 1,2   --seconds 10
 *
 * DATABASE_URL names the server (default the machine's PostgreSQL); each run gets a new database.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const dist = path.resolve(arg('dist', 'dist'));
const server = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const worker = process.argv.includes('--worker');

interface Measured {
  events: number;
  latencies: number[];
}

async function work(url: string, callers: number, seconds: number): Promise<Measured> {
  const { openHub } = (await import(`${dist}/db/open.js`)) as typeof import('../src/db/open.js');
  const { appendAuditEvent } = (await import(
    `${dist}/modules/audit/chain.js`
  )) as typeof import('../src/modules/audit/chain.js');
  const hub = await openHub({ kind: 'postgres', url });
  const residentIds = Array.from({ length: 50 }, (_, i) => 1000 + i);
  const latencies: number[] = [];
  let until = 0;
  const append = (c: number) =>
    appendAuditEvent(hub.prisma, {
      principal: `token:bench-${c}`,
      sectionCode: 'civil-affairs',
      purpose: 'T2026-001',
      operationName: 'BenchPage',
      operationHash: 'a'.repeat(64),
      fields: ['Resident.name', 'Resident.idNumber', 'Resident.phone', 'Resident.birthDate'],
      residentIds,
      outcome: 'OK',
    });
  // Warm up: connections open and statements prepared before the clock starts.
  await Promise.all(Array.from({ length: callers }, (_, c) => append(c)));
  until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: callers }, async (_, c) => {
      while (performance.now() < until) {
        const started = performance.now();
        await append(c);
        latencies.push(performance.now() - started);
      }
    }),
  );
  await hub.close();
  return { events: latencies.length, latencies };
}

if (worker) {
  process.once('message', (m: { url: string; callers: number; seconds: number }) => {
    void work(m.url, m.callers, m.seconds).then((r) => process.send!(r, () => process.exit(0)));
  });
} else {
  const connections = arg('connections', '1,8,32').split(',').map(Number);
  const processes = arg('processes', '1,2').split(',').map(Number);
  const seconds = Number(arg('seconds', '10'));
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  console.log(
    `| processes | callers | events/s | p50 ms | p99 ms | unlinked, max | linked lag p99 ms | verify |`,
  );
  console.log(`|---:|---:|---:|---:|---:|---:|---:|---|`);
  for (const p of processes) {
    for (const c of connections) {
      if (c < p) continue;
      const name = `onetable_audit_bench_${process.pid}`;
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
      const url = `${server.replace(/\/[^/]*$/, '')}/${name}`;
      // Migrate once before the workers start (they would race to).
      const { openHub } = (await import(
        `${dist}/db/open.js`
      )) as typeof import('../src/db/open.js');
      await (await openHub({ kind: 'postgres', url })).close();
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      const linker = (
        await db.query(
          `SELECT 1 FROM information_schema.columns WHERE table_name = 'audit_event' AND column_name = 'seq'`,
        )
      ).rowCount;
      let maxUnlinked = 0;
      const lags: number[] = [];
      let sampling = Boolean(linker);
      const sampler = (async () => {
        while (sampling) {
          const { rows } = await db.query<{ n: string; age: number | null }>(
            `SELECT count(*) AS n, extract(epoch FROM (now() AT TIME ZONE 'UTC') - min(at)) * 1000 AS age FROM audit_event WHERE seq IS NULL`,
          );
          maxUnlinked = Math.max(maxUnlinked, Number(rows[0]!.n));
          if (rows[0]!.age !== null) lags.push(Number(rows[0]!.age));
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const shares = Array.from({ length: p }, (_, i) => Math.floor(c / p) + (i < c % p ? 1 : 0));
      const results = await Promise.all(
        shares.map(
          (callers) =>
            new Promise<Measured>((resolve, reject) => {
              const child = fork(new URL(import.meta.url).pathname, ['--worker', '--dist', dist], {
                execArgv: process.execArgv,
              });
              child.once('message', (m) => resolve(m as Measured));
              child.once('error', reject);
              child.send({ url, callers, seconds });
            }),
        ),
      );
      sampling = false;
      await sampler;
      const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
      const at = (q: number, list: number[]) =>
        list[Math.min(list.length - 1, Math.floor(q * list.length))] ?? 0;
      let verdict = 'n/a';
      if (linker) {
        const { linkAuditEvents, verifyAuditChain } = (await import(
          `${dist}/modules/audit/chain.js`
        )) as typeof import('../src/modules/audit/chain.js');
        const hub = await openHub({ kind: 'postgres', url });
        await linkAuditEvents(hub.prisma);
        const v = await verifyAuditChain(hub.prisma);
        verdict = v.ok ? `ok (${v.events})` : `BROKEN: ${v.reason}`;
        await hub.close();
      }
      await db.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      lags.sort((a, b) => a - b);
      console.log(
        `| ${p} | ${c} | ${Math.round(latencies.length / seconds)} | ${at(0.5, latencies).toFixed(2)} | ${at(0.99, latencies).toFixed(2)} | ${linker ? maxUnlinked : 'n/a'} | ${linker ? at(0.99, lags).toFixed(0) : 'n/a'} | ${verdict} |`,
      );
    }
  }
  await admin.end();
}
