import pg from 'pg';
import { intFromEnv } from '../config.js';
import { type PrimaryPosition, ReplayPositions } from './read-after.js';
import { type ReadRouting, readRouting } from './scope.js';

/**
 * Read replicas (DATABASE_REPLICA_URLS): the statements of a request that only read go to a
 * streaming replica of the primary; everything else stays on the primary:
 * - writes, transactions and locking reads (`FOR UPDATE`/`FOR SHARE`);
 * - the hub's own work: authentication, grants, the audit append (they run as the system, which
 *   has connections of its own on the primary);
 * - every statement of a mutation, and of a request to another route than /graphql and /subgraph
 *   that is not a GET (an import, say): what they read decides what they write;
 * - read-your-writes: every statement of a request after its first write, and every read of a
 *   principal for ONETABLE_REPLICA_STICKY_SECONDS after its last write through this process;
 *   across processes, a read of a request that names a WAL position (X-OneTable-After,
 *   src/db/read-after.ts) that the replica has not replayed yet.
 * A replica that cannot be reached, or refuses a statement as read-only, is not an error for the
 * client: the statement runs again on the primary (counted in `stats.fallbacks`).
 */
const readOnly = /^\s*SELECT\b/i;
const locking = /\bFOR\s+(NO\s+KEY\s+)?(UPDATE|SHARE|KEY\s+SHARE)\b/i;

/** Errors after which a statement sent to a replica is sent again to the primary. */
function replicaUnusable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string')
    return error instanceof Error && /connect|terminat/i.test(error.message);
  // read_only_sql_transaction, connection exceptions, admin shutdown / crash shutdown / cannot connect now.
  return (
    code === '25006' || code.startsWith('08') || /^57P0[1-3]$/.test(code) || /^E[A-Z]+$/.test(code)
  );
}

/**
 * Sends every further statement of the running request to the primary: for mutations and other
 * writing requests, whose reads decide what they write (a version, a limit's count) and must not
 * lag behind the primary.
 */
export function usePrimary(): void {
  const routing = readRouting();
  if (routing) routing.wrote = true;
}

export interface ReplicaStats {
  /** Statements answered by a replica. */
  replica: number;
  /** Statements sent to a replica and run again on the primary. */
  fallbacks: number;
  /** Requests sent to the primary because a replica had not replayed the position they named. */
  behind: number;
}

/** Picks, for each statement of a request, a replica pool or none (the primary). */
export class ReplicaRouter {
  readonly stats: ReplicaStats = { replica: 0, fallbacks: 0, behind: 0 };
  private readonly replayed = new ReplayPositions();
  private position?: PrimaryPosition;
  private next = 0;
  private readonly lastWrite = new Map<string, number>();
  private readonly pools: pg.Pool[];

  constructor(
    urls: string[],
    config: pg.PoolConfig,
    private readonly stickyMs = intFromEnv('ONETABLE_REPLICA_STICKY_SECONDS', 10, process.env) *
      1000,
  ) {
    this.pools = urls.map((connectionString) => {
      const pool = new pg.Pool({ ...config, connectionString });
      pool.on('error', () => {}); // an idle connection died: the pool drops it
      return pool;
    });
  }

  /** How to ask the primary for its WAL position (the hub's own connections to it). */
  setPrimary(position: PrimaryPosition): void {
    this.position = position;
  }

  /** The replica for this statement of a request, or undefined for the primary. */
  pick(sql: string, system: boolean): pg.Pool | undefined {
    if (this.pools.length === 0 || system) return undefined;
    const routing = readRouting();
    if (!routing) return undefined;
    if (!readOnly.test(sql) || locking.test(sql)) {
      this.wrote(routing);
      return undefined;
    }
    if (routing.wrote) return undefined;
    const since = routing.principal ? this.lastWrite.get(routing.principal) : undefined;
    if (since !== undefined && Date.now() - since < this.stickyMs) return undefined;
    this.next = (this.next + 1) % this.pools.length;
    return this.pools[this.next];
  }

  /** A transaction of a request: on the primary, and the request counts as having written. */
  transaction(system: boolean): void {
    const routing = system ? undefined : readRouting();
    if (routing) this.wrote(routing);
  }

  private wrote(routing: ReadRouting) {
    routing.wrote = true;
    routing.written = this.position;
    if (!routing.principal) return;
    this.lastWrite.delete(routing.principal); // re-inserted last: the map stays in write order
    this.lastWrite.set(routing.principal, Date.now());
    for (const [principal, at] of this.lastWrite) {
      if (Date.now() - at < this.stickyMs && this.lastWrite.size <= 10_000) break;
      this.lastWrite.delete(principal);
    }
  }

  /**
   * Runs `work` on the replica; when the replica cannot take it, or has not replayed the WAL
   * position the request named, on the primary instead (and the rest of the request with it).
   */
  async run<T>(
    replica: pg.Pool,
    work: (pool: pg.Pool) => Promise<T>,
    primary: pg.Pool,
  ): Promise<T> {
    const routing = readRouting();
    if (routing?.after !== undefined) {
      const ready = await this.replayed.reached(replica, routing.after).catch(() => false);
      if (!ready) {
        routing.wrote = true;
        this.stats.behind += 1;
        return work(primary);
      }
    }
    try {
      const result = await work(replica);
      this.stats.replica += 1;
      return result;
    } catch (error) {
      if (!replicaUnusable(error)) throw error;
      this.stats.fallbacks += 1;
      return work(primary);
    }
  }

  end(): Promise<unknown> {
    return Promise.all(this.pools.map((pool) => pool.end()));
  }
}
