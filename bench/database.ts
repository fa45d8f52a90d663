/**
 * The benchmark databases: one dedicated PostgreSQL database per size (onetable_bench_100k,
 * onetable_bench_1m), seeded with `onetable seed` when missing or incomplete (or on --reseed).
 * Only databases named onetable_bench_* are ever created or dropped.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { fromDist } from './dist.js';
import type { Fixture } from './scenarios/index.js';

export interface Dataset {
  label: string;
  residents: number;
  database: string;
}

export const datasets: Record<string, Dataset> = {
  '100k': { label: '100k', residents: 100_000, database: 'onetable_bench_100k' },
  '1m': { label: '1m', residents: 1_000_000, database: 'onetable_bench_1m' },
};

/** Server URL without a database (env BENCH_PG_URL), e.g. postgresql://postgres@127.0.0.1:5432 */
export const serverUrl = (
  process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432'
).replace(/\/+$/, '');
export const databaseUrl = (database: string) => `${serverUrl}/${database}`;

async function withClient<T>(
  database: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(database) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * What the seeded data depends on: the seed's source and the migrations. Kept as the database's
 * comment after seeding; a database with another fingerprint is seeded again.
 */
function seedFingerprint(residents: number): string {
  const hash = createHash('sha256').update(String(residents));
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else hash.update(file).update(readFileSync(file));
    }
  };
  walk('src/seed');
  walk('prisma/migrations');
  return `onetable-bench seed ${hash.digest('hex').slice(0, 16)}`;
}

async function seededWith(database: string): Promise<string | null | undefined> {
  const row = await withClient('postgres', (c) =>
    c.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [database],
    ),
  );
  return row.rowCount === 0 ? undefined : row.rows[0]!.comment;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/** Makes sure the dataset's database holds exactly its residents; seeds it otherwise. */
export async function ensureDataset(
  dataset: Dataset,
  reseed: boolean,
  say: (line: string) => void,
): Promise<void> {
  if (!/^onetable_bench_[a-z0-9_]+$/.test(dataset.database))
    throw new Error(`refusing to touch database ${dataset.database}`);
  const fingerprint = seedFingerprint(dataset.residents);
  const current = await seededWith(dataset.database);
  if (!reseed && current === fingerprint) {
    say(`${dataset.database}: seeded by the current seed code, reused`);
    return;
  }
  const why = reseed
    ? '--reseed'
    : current === undefined
      ? 'missing'
      : 'seeded by other seed code or unfinished';
  say(
    `${dataset.database}: ${why}; seeding ${dataset.residents} residents (1,000,000 take 1.5–8 minutes)`,
  );
  await withClient('postgres', async (c) => {
    if (current !== undefined) await c.query(`DROP DATABASE ${dataset.database} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${dataset.database}`);
  });
  const env = { ...process.env, DATABASE_URL: databaseUrl(dataset.database) };
  await run(
    process.execPath,
    ['dist/cli/main.js', 'seed', '--residents', String(dataset.residents)],
    env,
  );
  await withClient(dataset.database, (c) => c.query('VACUUM ANALYZE'));
  await withClient('postgres', (c) =>
    c.query(`COMMENT ON DATABASE ${dataset.database} IS '${fingerprint}'`),
  );
}

/** The personal fields the scenarios read (see scenarios/graphql.ts). */
const neededFields = [
  'Resident.name',
  'Resident.idNumber',
  'Resident.phone',
  'Resident.birthDate',
  'Resident.age',
  'Household.address',
  'ServiceRecord.notes',
];

/** Token, purpose and resident ids for the caller the benchmark plays: the civil-affairs section. */
export async function loadFixture(
  dataset: Dataset,
  secret: string,
  today: string,
): Promise<Fixture & { section: string }> {
  const section = 'civil-affairs';
  return withClient(dataset.database, async (c) => {
    // A task of the section's own whose purpose covers what the scenarios read (the task list's
    // fields and datasets, where the schema has them).
    const bounded = await c.query(
      `SELECT 1 FROM information_schema.columns WHERE table_name = 'task' AND column_name = 'fields'`,
    );
    const task = await c.query<{ code: string }>(
      `SELECT t.code FROM task t JOIN section s ON s.id = t.section_id WHERE s.code = $1
       ${bounded.rowCount ? `AND t.fields @> $2::text[] AND 'RESIDENTS' = ANY (t.datasets)` : 'AND $2::text[] IS NOT NULL'}
       ORDER BY t.year DESC, t.code LIMIT 1`,
      [section, neededFields],
    );
    if (!task.rows[0])
      throw new Error(
        `${dataset.database}: no task of ${section} covers ${neededFields.join(', ')}; try --reseed`,
      );
    // 2,000 residents with service records, spread over the whole table (a fixed pseudo-random order).
    const ids = await c.query<{ id: number }>(
      `SELECT resident_id AS id FROM (SELECT DISTINCT resident_id FROM service_record) d ORDER BY hashint4(resident_id), resident_id LIMIT 2000`,
    );
    const { issueToken } = await fromDist<typeof import('../src/auth/tokens.js')>('auth/tokens.js');
    const token = await issueToken(new TextEncoder().encode(secret), {
      section,
      user: '压测',
      ttlSeconds: 24 * 3600,
    });
    return {
      section,
      token,
      purpose: task.rows[0].code,
      residentIds: ids.rows.map((r) => r.id),
      today,
    };
  });
}

export async function postgresVersion(): Promise<string> {
  return withClient(
    'postgres',
    async (c) => (await c.query('SHOW server_version')).rows[0].server_version as string,
  );
}
