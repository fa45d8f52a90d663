import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL tool as the `postgres` OS user (the tests run as root in CI). */
function asPostgres(bin: string, args: string[]) {
  return process.getuid?.() === 0
    ? run('runuser', ['-u', 'postgres', '--', bin, ...args])
    : run(bin, args);
}

/** A streaming replica of the PostgreSQL of DATABASE_URL, started by a test in a temporary folder. */
export interface Standby {
  port: number;
  /** The same URL on the standby: a database of the primary, read from the replica. */
  urlOf(primaryUrl: string): string;
  /** Waits until the standby has replayed everything the primary has written so far; returns the wait in ms. */
  catchUp(primaryUrl: string): Promise<number>;
  query(sql: string): Promise<pg.QueryResult>;
  stop(): Promise<void>;
}

async function binDir(adminUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const { rows } = await client.query<{ v: string }>(
    "SELECT current_setting('server_version_num') AS v",
  );
  await client.end();
  return `/usr/lib/postgresql/${Math.floor(Number(rows[0]!.v) / 10000)}/bin`;
}

/**
 * Takes a base backup of the primary (pg_basebackup -R: standby.signal and primary_conninfo
 * written for us) and starts a second postmaster on it, on a free port. Needs a `replication`
 * line for 127.0.0.1 in the primary's pg_hba.conf (`.ci/run` adds it) and the postgres OS user.
 */
export async function startStandby(adminUrl: string): Promise<Standby> {
  const bin = await binDir(adminUrl);
  const primary = new URL(adminUrl);
  const folder = await mkdtemp(path.join(tmpdir(), 'onetable-standby-'));
  const data = path.join(folder, 'data');
  if (process.getuid?.() === 0) await chown(folder, ...(await postgresIds()));
  const port = await freePort();
  await asPostgres(`${bin}/pg_basebackup`, [
    ...['-h', primary.hostname, '-p', primary.port || '5432', '-U', primary.username || 'postgres'],
    ...['-D', data, '-X', 'stream', '-R', '-c', 'fast'],
  ]);
  // Debian keeps the configuration in /etc: the copy gets files of its own.
  const conf = [
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${folder}'`,
    'hot_standby = on',
  ];
  await writeFile(path.join(data, 'postgresql.conf'), conf.join('\n') + '\n');
  await writeFile(
    path.join(data, 'pg_hba.conf'),
    'local all all trust\nhost all all 127.0.0.1/32 trust\n',
  );
  if (process.getuid?.() === 0) {
    const [uid, gid] = await postgresIds();
    for (const file of ['postgresql.conf', 'pg_hba.conf'])
      await chown(path.join(data, file), uid, gid);
  }
  await asPostgres(`${bin}/pg_ctl`, [
    '-D',
    data,
    '-l',
    path.join(folder, 'log'),
    '-w',
    '-t',
    '60',
    'start',
  ]);
  const urlOf = (url: string) => {
    const copy = new URL(url);
    copy.port = String(port);
    return copy.toString();
  };
  const standbyAdmin = urlOf(adminUrl);
  const query = async (sql: string) => {
    const client = new pg.Client({ connectionString: standbyAdmin });
    await client.connect();
    try {
      return await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    port,
    urlOf,
    query,
    async catchUp(primaryUrl) {
      const client = new pg.Client({ connectionString: primaryUrl });
      await client.connect();
      const { rows } = await client.query<{ lsn: string }>(
        'SELECT pg_current_wal_lsn()::text AS lsn',
      );
      await client.end();
      const started = performance.now();
      for (;;) {
        const { rows: done } = await query(
          `SELECT pg_last_wal_replay_lsn() >= '${rows[0]!.lsn}'::pg_lsn AS ok`,
        );
        if (done[0].ok) return performance.now() - started;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async stop() {
      await asPostgres(`${bin}/pg_ctl`, ['-D', data, '-m', 'fast', '-w', 'stop']).catch(() => {});
      await rm(folder, { recursive: true, force: true });
    },
  };
}

async function postgresIds(): Promise<[number, number]> {
  const { stdout } = await run('id', ['-u', 'postgres']);
  const { stdout: group } = await run('id', ['-g', 'postgres']);
  return [Number(stdout.trim()), Number(group.trim())];
}

/** Why a streaming replica cannot be started here, or null when it can (checked before the suite). */
export async function standbyUnavailable(adminUrl: string | undefined): Promise<string | null> {
  if (!adminUrl) return 'DATABASE_URL is not set (PostgreSQL only)';
  if (!existsSync(await binDir(adminUrl).catch(() => '/nonexistent')))
    return 'no PostgreSQL server binaries';
  const client = new pg.Client({
    connectionString: adminUrl,
    replication: 'database',
  } as pg.ClientConfig);
  try {
    await client.connect();
    await client.end();
    return null;
  } catch (error) {
    return `no replication access to the primary (pg_hba.conf): ${(error as Error).message}`;
  }
}
