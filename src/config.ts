import path from 'node:path';

/** Runtime configuration, read once from the environment. */
export interface Config {
  /** PostgreSQL connection string; when absent the embedded PGlite database is used. */
  databaseUrl: string | undefined;
  /** Streaming replicas of that PostgreSQL that take a request's reads (DATABASE_REPLICA_URLS). */
  databaseReplicaUrls: string[];
  /** Folder of the embedded PGlite database. */
  dataDir: string;
  host: string;
  port: number;
  /** Seed demo data into an empty database when the server starts. */
  seedDemo: boolean;
  demoResidents: number;
  /** Production mode (NODE_ENV=production or `serve --production`): introspection for admin only. */
  production: boolean;
  /** Execute only the operations of schema/operations/ (ONETABLE_TRUSTED_OPERATIONS=1). */
  trustedOperations: boolean;
  /** Longest lifetime (exp - iat) of a hub token, in seconds (ONETABLE_TOKEN_MAX_TTL, default 12h). */
  tokenMaxTtlSeconds: number;
  /** JSON-lines file the server appends signed audit checkpoints to; none when absent. */
  auditCheckpointFile: string | undefined;
  /** Seconds between two audit checkpoints (ONETABLE_AUDIT_CHECKPOINT_SECONDS, default 300). */
  auditCheckpointSeconds: number;
}

export const defaultTokenMaxTtlSeconds = 12 * 3600;

export function intFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

const durationUnits = { '': 1, s: 1, m: 60, h: 3600, d: 86400 } as const;

/** A positive duration in seconds, written as seconds (`3600`) or with a unit (`30m`, `8h`, `7d`). */
export function durationFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const match = /^(\d+)([smhd]?)$/.exec(raw.trim());
  const seconds = match
    ? Number(match[1]) * durationUnits[match[2] as keyof typeof durationUnits]
    : NaN;
  if (!Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new Error(
      `${name} must be a positive number of seconds or a duration such as 30m, 8h or 7d, got "${raw}"`,
    );
  }
  return seconds;
}

/** DATABASE_REPLICA_URLS: streaming replicas of DATABASE_URL's PostgreSQL (src/db/replicas.ts). */
export function replicaUrlsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env.DATABASE_REPLICA_URLS?.trim();
  if (!raw) return [];
  const urls = raw.split(',').map((url) => url.trim());
  for (const url of urls) {
    if (!/^postgres(ql)?:\/\/[^\s]+$/.test(url))
      throw new Error('DATABASE_REPLICA_URLS must be a comma-separated list of postgresql:// URLs');
  }
  if (!env.DATABASE_URL)
    throw new Error('DATABASE_REPLICA_URLS needs DATABASE_URL: PGlite has no replicas');
  return urls;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReplicaUrls: replicaUrlsFromEnv(env),
    dataDir: path.resolve(env.ONETABLE_DATA_DIR || 'data'),
    host: env.HOST || '127.0.0.1',
    port: intFromEnv('PORT', 4000, env),
    seedDemo: env.ONETABLE_SEED_DEMO !== '0',
    demoResidents: intFromEnv('ONETABLE_DEMO_RESIDENTS', 5000, env),
    production: env.NODE_ENV === 'production',
    trustedOperations: /^(1|true|yes|on)$/i.test(env.ONETABLE_TRUSTED_OPERATIONS ?? ''),
    tokenMaxTtlSeconds: durationFromEnv('ONETABLE_TOKEN_MAX_TTL', defaultTokenMaxTtlSeconds, env),
    auditCheckpointFile: env.ONETABLE_AUDIT_CHECKPOINT_FILE?.trim()
      ? path.resolve(env.ONETABLE_AUDIT_CHECKPOINT_FILE.trim())
      : undefined,
    auditCheckpointSeconds: durationFromEnv('ONETABLE_AUDIT_CHECKPOINT_SECONDS', 300, env),
  };
}

/** A database location: a PostgreSQL URL, or a PGlite folder (`memory://` for a throwaway one). */
export type DatabaseTarget =
  { kind: 'postgres'; url: string; replicaUrls?: string[] } | { kind: 'pglite'; dataDir: string };

export function databaseTarget(
  config: Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Pick<Config, 'databaseReplicaUrls'>>,
): DatabaseTarget {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl, replicaUrls: config.databaseReplicaUrls }
    : { kind: 'pglite', dataDir: config.dataDir };
}

/** Describes a target without credentials, for logs. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.kind === 'pglite') return `PGlite at ${target.dataDir}`;
  const url = new URL(target.url);
  return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
}
