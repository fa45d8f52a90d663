import { createHash } from 'node:crypto';
import { chmod, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type {
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { DatabaseTarget } from '../config.js';
import { lockDataFolder } from './folder-lock.js';
import { ReplicaRouter, type ReplicaStats } from './replicas.js';
import { hubPool, hubRole, PGliteSessions } from './session.js';

/**
 * An open database: the driver-adapter factory Prisma and the schema engine use,
 * and how to close what was opened.
 */
export interface Database {
  target: DatabaseTarget;
  /** As the owner of the tables: for the schema engine (migrations) only. */
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** As the role `onetable_hub`, each statement under its request's scope: for the hub's Prisma client. */
  hubFactory: SqlDriverAdapterFactory;
  /** Statements answered by read replicas, and sent back to the primary (DATABASE_REPLICA_URLS). */
  replicaStats?: ReplicaStats;
  /** The PGlite instance when embedded (single process: never open its folder twice). */
  pglite?: PGlite;
  /**
   * Runs one statement as the owner of the tables, past row-level security and the hub role's
   * grants: for operators' tools and for tests that play a database superuser. Never for requests.
   */
  asOwner(sql: string, values?: unknown[]): Promise<void>;
  /**
   * Listens on a notification channel: `onMessage` per notification, `onState` when listening
   * starts (true) or stops (false: the connection was lost; it is opened again after a second).
   * Resolves with a function that stops listening.
   */
  listen(
    channel: string,
    onMessage: () => void,
    onState: (up: boolean) => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** LISTEN on a connection of its own, opened again after a second whenever it is lost. */
async function listenPg(
  url: string,
  channel: string,
  onMessage: () => void,
  onState: (up: boolean) => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const later = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, 1000);
    retry.unref();
  };
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => n.channel === channel && onMessage());
    c.on('error', () => {}); // 'end' follows and says what matters
    c.on('end', () => {
      if (client === c) client = undefined;
      onState(false);
      later();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      if (stopped) return void (await c.end());
      client = c;
      onState(true);
    } catch {
      await c.end().catch(() => {});
    }
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}

/**
 * pglite-prisma-adapter 0.7 fires `executeScript` without awaiting it, so a failing
 * migration script would surface as an unhandled rejection after the engine has already
 * recorded it as applied. This factory awaits the script and reports its error.
 */
class AwaitingPGliteFactory extends PrismaPGlite {
  constructor(private readonly db: PGlite) {
    super(db);
  }

  override async connect(): Promise<SqlDriverAdapter> {
    const adapter = await super.connect();
    const db = this.db;
    adapter.executeScript = async (script: string) => {
      await db.exec(script);
    };
    return adapter;
  }

  /** The schema engine's shadow database (a fresh in-memory PGlite) gets the same awaiting script. */
  override async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const adapter = await super.connectToShadowDb();
    const shadow = (adapter as unknown as { client: PGlite }).client;
    adapter.executeScript = async (script: string) => {
      await shadow.exec(script);
    };
    return adapter;
  }
}

/**
 * Names a statement so each connection prepares it once and PostgreSQL reuses its plan: Prisma
 * sends unnamed statements, planned again on every request (4–12 ms of planning on a 10 ms page
 * query, found by the benchmarks). The name is a hash of the text, so equal text shares a plan.
 * Statements with long IN lists are left unnamed: their texts vary with the list's length and
 * every named one stays prepared on its connection.
 */
function statementName(query: { sql: string; args: unknown[] }): string {
  if (query.args.length > 64) return undefined as unknown as string;
  return `ot_${createHash('sha1').update(query.sql).digest('hex').slice(0, 24)}`;
}

/**
 * @prisma/adapter-pg 7 runs a migration script by splitting it on every `;`, which cuts a
 * dollar-quoted function body (the audit_event trigger) in pieces. This factory sends the
 * script whole, as one simple-protocol query on its own connection.
 */
class WholeScriptPgFactory extends PrismaPg {
  constructor(private readonly url: string) {
    super({ connectionString: url, max: 10 }, { statementNameGenerator: statementName });
  }

  override async connect() {
    const adapter = await super.connect();
    const url = this.url;
    adapter.executeScript = async (script: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(script);
      } finally {
        await client.end();
      }
    };
    return adapter;
  }
}

/**
 * The data folder holds every resident's record (and the WAL holds ID numbers): readable and
 * writable by its owner only. Files PGlite creates later (WAL segments) follow the process umask,
 * so the umask is narrowed too; files of an older folder are narrowed once on opening.
 */
async function ownerOnly(dataDir: string): Promise<void> {
  process.umask(process.umask() | 0o077);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await chmod(dataDir, 0o700);
  for (const entry of await readdir(dataDir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isDirectory()) await chmod(file, 0o700);
    else if (entry.isFile()) await chmod(file, 0o600);
  }
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    const factory = new WholeScriptPgFactory(target.url);
    const replicas = target.replicaUrls?.length
      ? new ReplicaRouter(target.replicaUrls, { max: 10 })
      : undefined;
    const hubFactory = new PrismaPg(hubPool({ connectionString: target.url, max: 10 }, replicas), {
      statementNameGenerator: statementName,
      disposeExternalPool: true,
    });
    let owner: pg.Pool | undefined;
    const ownerPool = () => {
      owner = new pg.Pool({ connectionString: target.url, max: 1 });
      owner.on('error', () => {}); // an idle connection died (the database dropped, restarted): the pool drops it
      return owner;
    };
    return {
      target,
      factory,
      hubFactory,
      replicaStats: replicas?.stats,
      asOwner: async (sql, values) => void (await (owner ?? ownerPool()).query(sql, values)),
      listen: (channel, onMessage, onState) => listenPg(target.url, channel, onMessage, onState),
      close: async () => void (await owner?.end()),
    };
  }
  const inMemory = target.dataDir.startsWith('memory://');
  if (!inMemory) await ownerOnly(target.dataDir);
  const unlock = inMemory ? async () => {} : await lockDataFolder(target.dataDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(target.dataDir);
    // PGlite lays out a new folder from a bundled image with modes of its own: narrowed again.
    if (!inMemory) await ownerOnly(target.dataDir);
  } catch (error) {
    await unlock();
    throw error;
  }
  const sessions = new PGliteSessions(pglite);
  return {
    target,
    pglite,
    factory: new AwaitingPGliteFactory(sessions.as(null)),
    hubFactory: new AwaitingPGliteFactory(sessions.as(hubRole)),
    asOwner: async (sql, values) => void (await sessions.as(null).query(sql, values)),
    listen: async (channel, onMessage, onState) => {
      // One session: its own notifications arrive with the statement that commits them.
      const stop = await pglite.listen(channel, () => onMessage());
      onState(true);
      return async () => {
        onState(false);
        if (!pglite.closed) await stop();
      };
    },
    close: async () => {
      if (!pglite.closed) await pglite.close();
      await unlock();
    },
  };
}
