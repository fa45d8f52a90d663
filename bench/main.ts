/**
 * `npm run bench`: OneTable against PostGraphile 5 and a raw-SQL baseline, on the same seeded
 * PostgreSQL database, in the same run, as separate server processes driven by autocannon,
 * alternating the systems round by round. Writes bench/results/<date>.md. See README, Benchmarks.
 *
 *   npm run bench -- --quick          100k residents, concurrency 1 and 8, short rounds (a few minutes)
 *   npm run bench                     100k and 1M residents, concurrency 1, 8, 32 (about 30 minutes)
 */
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { countStatements, validate } from './checks.js';
import { databaseUrl, ensureDataset, loadFixture, postgresVersion } from './database.js';
import { drive, emptySample, merge, percentile, rateOf, type Sample } from './load.js';
import { parseOptions } from './options.js';
import { type Running, startSystem } from './processes.js';
import { type DatasetResult, machine, writeResults } from './results.js';

const options = parseOptions(process.argv.slice(2));
const say = (line: string) => process.stdout.write(`${line}\n`);

if (options.build) {
  say('building dist/ (tsc; --no-build skips)…');
  const built = spawnSync('npx', ['tsc', '-p', 'src/tsconfig.json'], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('build failed');
}

const runs =
  options.datasets.length *
  options.scenarios.length *
  options.connections.length *
  options.rounds *
  options.systems.length;
const minutes =
  (runs * (options.seconds + 1) +
    options.datasets.length *
      options.scenarios.length *
      options.systems.length *
      (options.warmupSeconds + 1)) /
  60;
say(
  `${runs} measured runs of ${options.seconds} s: about ${Math.ceil(minutes) + 1} minutes of load, plus start-up and any seeding`,
);

const secret = randomBytes(32).toString('base64url');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'onetable-bench-'));
const today = new Date().toISOString().slice(0, 10);
const startedAt = new Date();
const loadavg = os.loadavg();
const results: DatasetResult[] = [];
/** CPU profiles (--profile) are kept outside the repository. */
const profiles = path.join(os.tmpdir(), 'onetable-bench-profiles');

const fmt = (s: Sample) => {
  const sorted = [...s.latencies].sort((a, b) => a - b);
  return `${(s.requests / s.seconds).toFixed(0).padStart(6)} req/s  p50 ${percentile(sorted, 50).toFixed(1)} ms  p99 ${percentile(sorted, 99).toFixed(1)} ms${s.failures ? `  ${s.failures} FAILED` : ''}`;
};

try {
  for (const dataset of options.datasets) {
    await ensureDataset(dataset, options.reseed, say);
    const fixture = await loadFixture(dataset, secret, today);
    const env = {
      DATABASE_URL: databaseUrl(dataset.database),
      ONETABLE_JWT_SECRET: secret,
      // The fixture's token lives 24 h (a full run with every dataset); the hub's default maximum is 12 h.
      ONETABLE_TOKEN_MAX_TTL: '24h',
      ONETABLE_DATA_DIR: path.join(scratch, 'data'),
      ONETABLE_SEED_DEMO: '0',
      BENCH_TODAY: today,
      // The benchmark is one principal at thousands of requests a minute: keep the per-principal
      // limiter (in-process counters) but with a budget the load never reaches.
      ONETABLE_RATE_LIMIT: '1000000000',
      REDIS_URL: '',
    };
    const targets: Running[] = [];
    try {
      for (const spec of options.systems) {
        const profileDir = options.profile.includes(spec.id) ? profiles : undefined;
        targets.push(await startSystem(spec, env, scratch, profileDir));
        say(`[${dataset.label}] started ${spec.label} (pid ${targets.at(-1)!.pid})`);
      }
      const rows = await validate(targets, fixture);
      const statements = Object.fromEntries(
        await Promise.all(
          targets.map(async (t) => [t.spec.id, await countStatements(t, fixture)] as const),
        ),
      );
      const idleRss = Object.fromEntries(targets.map((t) => [t.spec.id, t.rss()]));
      for (const t of targets)
        say(
          `[${dataset.label}] ${t.spec.id}: SQL statements per request ${JSON.stringify(statements[t.spec.id])}`,
        );
      const cells = new Map<string, Sample>();
      const most = Math.max(...options.connections);
      for (const scenario of options.scenarios) {
        // Warm-up: two requests per connection, completed; then, if that was quick, a timed run.
        for (const target of targets) {
          const first = await drive(target, scenario, fixture, most, { amount: most * 2 });
          if (first.seconds < options.warmupSeconds)
            await drive(target, scenario, fixture, most, { seconds: options.warmupSeconds });
        }
        for (const connections of options.connections) {
          // Each run is a number of requests sized from the system's last rate to last about
          // --seconds, at least two per connection: slow systems finish what they start.
          const rates = new Map<string, number>();
          for (const target of targets) {
            rates.set(
              target.spec.id,
              rateOf(
                await drive(target, scenario, fixture, connections, { amount: connections * 2 }),
              ),
            );
          }
          for (let round = 0; round < options.rounds; round++) {
            // Rotate the order every round, so no system always runs right after the same one.
            const order = targets.map((_, i) => targets[(i + round) % targets.length]!);
            for (const target of order) {
              const amount = Math.max(
                connections * 2,
                Math.round((rates.get(target.spec.id) ?? 0) * options.seconds),
              );
              const sample = await drive(target, scenario, fixture, connections, { amount });
              rates.set(target.spec.id, rateOf(sample));
              const key = `${target.spec.id}|${scenario}|${connections}`;
              cells.set(key, merge(cells.get(key) ?? emptySample(), sample));
              say(
                `[${dataset.label}] ${scenario} c=${connections} round ${round + 1}/${options.rounds} ${target.spec.id.padEnd(17)} ${fmt(sample)}`,
              );
            }
          }
        }
      }
      results.push({ dataset, rows, statements, idleRss, cells });
    } finally {
      await Promise.all(targets.map((t) => t.stop()));
    }
  }
  const file = await writeResults(options, results, {
    ...(await machine(await postgresVersion())),
    startedAt,
    finishedAt: new Date(),
    loadavg,
  });
  say(`results written to ${file}`);
  if (options.profile.length)
    say(`CPU profiles in ${profiles}/<system>/ (npx tsx bench/profile-summary.ts <file>)`);
  rmSync(scratch, { recursive: true, force: true });
} catch (error) {
  say(`benchmark failed; server logs kept in ${scratch}`);
  throw error;
}
