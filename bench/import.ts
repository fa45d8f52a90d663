/**
 * Ledger import speed and memory: a 100,000-line residents ledger (made with the seeder's
 * generators) imported with `onetable import` into a fresh database — PostgreSQL and PGlite —
 * then imported again (nothing changes the second time). Prints wall time and the peak RSS of
 * the CLI process (VmHWM from /proc; PostgreSQL's own memory is not in it, PGlite's is).
 *
 *   npm run bench:import [-- --residents 100000 --systems postgres,pglite]
 *
 * PostgreSQL: the server at BENCH_PG_URL (default postgresql://postgres@127.0.0.1:5432); the
 * database onetable_bench_import is dropped and created. Runs dist/ (npm run build first).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { issueToken } from '../src/auth/tokens.js';
import type { DatabaseTarget } from '../src/config.js';
import { openHub } from '../src/db/open.js';
import { seedDatabase } from '../src/seed/index.js';
import { ledgerCommunity, writeLedgerFile } from './ledger-file.js';

const { values } = parseArgs({
  options: {
    residents: { type: 'string', default: '100000' },
    systems: { type: 'string', default: 'postgres,pglite' },
  },
  allowPositionals: true,
});
const residents = Number(values.residents);
const secret = 'bench-import-secret-bench-import-secret-0';
const cli = path.resolve(import.meta.dirname, '../dist/cli/main.js');

async function freshPostgres(): Promise<DatabaseTarget> {
  const base = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS onetable_bench_import WITH (FORCE)');
  await admin.query('CREATE DATABASE onetable_bench_import');
  await admin.end();
  return { kind: 'postgres', url: `${base}/onetable_bench_import` };
}

/** Runs the CLI, sampling its peak RSS (VmHWM) until it exits. */
async function timedImport(
  env: NodeJS.ProcessEnv,
  file: string,
): Promise<{ ms: number; peakMb: number; summary: string; code: number | null }> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [cli, 'import', 'residents', file, '--purpose', 'T2026-001', '--community', ledgerCommunity],
    { env },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  let peakKb = 0;
  const sample = async () => {
    const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
    peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
  };
  const timer = setInterval(() => void sample(), 50);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(timer);
  return {
    ms: performance.now() - started,
    peakMb: peakKb / 1024,
    summary: (stdout + stderr).trim(),
    code,
  };
}

const folder = await mkdtemp(path.join(tmpdir(), 'onetable-bench-import-'));
try {
  const file = path.join(folder, 'ledger.csv');
  const made = await writeLedgerFile(file, residents);
  console.log(`ledger: ${made.residents} residents in ${made.households} households (${file})`);
  for (const system of values.systems.split(',')) {
    const target: DatabaseTarget =
      system === 'postgres'
        ? await freshPostgres()
        : { kind: 'pglite', dataDir: path.join(folder, 'pglite') };
    const hub = await openHub(target);
    await seedDatabase(hub.prisma, { residents: 0, seed: 1 });
    await hub.close();
    // A street office of the community's subdistrict imports (the committee would do the same).
    const token = await issueToken(new TextEncoder().encode(secret), {
      section: `street:${ledgerCommunity.slice(0, 9)}`,
      user: 'bench',
      ttlSeconds: 3600,
    });
    const env = {
      ...process.env,
      LOG_LEVEL: 'warn',
      ONETABLE_JWT_SECRET: secret,
      ONETABLE_TOKEN: token,
      ...(target.kind === 'postgres'
        ? { DATABASE_URL: target.url }
        : { DATABASE_URL: '', ONETABLE_DATA_DIR: target.dataDir }),
    };
    for (const run of ['first import', 'same file again']) {
      const result = await timedImport(env, file);
      const counts =
        /created \d+, updated \d+, unchanged \d+, skipped \d+, failed \d+; households created \d+/.exec(
          result.summary,
        )?.[0] ?? result.summary;
      console.log(
        `${system.padEnd(8)} ${run.padEnd(16)} ${(result.ms / 1000).toFixed(1).padStart(6)} s  peak RSS ${result.peakMb.toFixed(0).padStart(4)} MB  exit ${result.code}  ${counts}`,
      );
    }
  }
} finally {
  await rm(folder, { recursive: true, force: true });
}
