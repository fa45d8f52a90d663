import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { primaryPosition } from './read-after.js';
import type { ReplicaRouter } from './replicas.js';
import { currentSession } from './scope.js';
import { unwatchPool, watchPool } from '../telemetry/metrics.js';

/**
 * Connections of the hub's Prisma client run as the role `onetable_hub` (it owns no table, so
 * row-level security always applies to it) with the scope of the statement's request
 * (src/db/scope.ts). Each connection remembers the settings it holds and is switched, with one
 * statement, only when the next statement needs other ones. On PostgreSQL the hub's own work
 * (authentication, grants, the audit append) has connections of its own, so requests of one
 * jurisdiction never switch a connection. Migrations use other connections, as the owner.
 */
export const hubRole = 'onetable_hub';

const switchSql =
  "SELECT set_config('role', $1, false), set_config('onetable.scope', $2, false), set_config('statement_timeout', $3, false)";

interface Wanted {
  role: string;
  scope: string;
  timeout: string;
  key: string;
}

function wanted(role: string): Wanted & { system: boolean } {
  const session = currentSession();
  const key = `${role}|${session.key}`;
  return {
    role,
    scope: session.scope,
    timeout: String(session.statementTimeoutMs),
    key,
    system: session.system,
  };
}

/**
 * A pg pool whose every statement and every transaction runs with its request's settings. Prisma's
 * pg adapter uses only `query` (one statement on any connection) and `connect` (a connection for
 * a transaction); both are replaced here, so no statement reaches PostgreSQL around them.
 */
export function hubPool(config: pg.PoolConfig, router?: ReplicaRouter): pg.Pool {
  // `pool` is what Prisma holds; statements go to `requests` or to `system` (the hub's own work).
  const pool = new pg.Pool(config);
  const requests = new pg.Pool(config);
  const system = new pg.Pool({ ...config, max: Math.max(2, Math.ceil((config.max ?? 10) / 2)) });
  for (const p of [requests, system]) p.on('error', () => {}); // an idle connection died: the pool drops it
  watchPool('requests', requests);
  watchPool('system', system);
  router?.setPrimary(primaryPosition(system));
  const held = new WeakMap<pg.PoolClient, string>();
  const connect = (want: { system: boolean }) => (want.system ? system : requests).connect();

  /** A checked-out client has no idle-error listener: a connection dying meanwhile must not go uncaught. */
  const ignore = () => {};

  /** A connection with the statement's settings: of `target` (a replica) or of the primary. */
  async function ready(target?: pg.Pool): Promise<pg.PoolClient> {
    const want = wanted(hubRole);
    const client = await (target ? target.connect() : connect(want));
    if (held.get(client) === want.key) return client;
    client.on('error', ignore);
    try {
      await client.query(switchSql, [want.role, want.scope, want.timeout]);
      held.set(client, want.key);
      return client;
    } catch (error) {
      client.release(error as Error);
      throw error;
    } finally {
      client.removeListener('error', ignore);
    }
  }

  // A transaction runs on the primary (and its request reads from the primary from then on).
  pool.connect = (async () => {
    router?.transaction(currentSession().system);
    return ready();
  }) as never;
  pool.end = (async () => {
    unwatchPool('requests', requests);
    unwatchPool('system', system);
    await Promise.all([requests.end(), system.end(), router?.end()]);
  }) as never;
  // As pg-pool's own query: a failed statement's connection is released with the error (discarded).
  async function once(target: pg.Pool | undefined, config: pg.QueryConfig, values?: unknown[]) {
    const client = await ready(target);
    client.on('error', ignore);
    let failed: Error | undefined;
    try {
      return await client.query(config, values);
    } catch (error) {
      failed = error as Error;
      throw error;
    } finally {
      client.removeListener('error', ignore);
      client.release(failed);
    }
  }
  // A request's read goes to a replica when DATABASE_REPLICA_URLS names some (src/db/replicas.ts).
  pool.query = (async (config: pg.QueryConfig, values?: unknown[]) => {
    const replica = router?.pick(config.text, currentSession().system);
    if (!replica) return once(undefined, config, values);
    return router!.run(replica, (target) => once(target, config, values), requests);
  }) as never;
  return pool;
}

/**
 * PGlite is one session shared by everything in the process: the hub's client (as `onetable_hub`,
 * scoped) and the schema engine (as the owner). Each user gets a view of it whose calls run one at
 * a time (a transaction holds its turn until it ends), each after switching the session to its
 * settings when another user or request left it in different ones.
 */
export class PGliteSessions {
  private held = '';
  private turn: Promise<unknown> = Promise.resolve();

  constructor(readonly pglite: PGlite) {}

  /** A PGlite look-alike for a driver adapter: `role` null runs as the session user (the owner). */
  as(role: string | null): PGlite {
    const pglite = this.pglite;
    const run = <T>(work: () => Promise<T>) => this.exclusive(role ?? 'none', work);
    return new Proxy(pglite, {
      get(target, prop, receiver) {
        if (prop === 'query')
          return (sql: string, params?: unknown[], options?: object) =>
            run(() => target.query(sql, params, options));
        if (prop === 'exec')
          return (sql: string, options?: object) => run(() => target.exec(sql, options));
        if (prop === 'transaction')
          return (fn: Parameters<PGlite['transaction']>[0]) => run(() => target.transaction(fn));
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  private exclusive<T>(role: string, work: () => Promise<T>): Promise<T> {
    const want = wanted(role);
    const result = this.turn.then(async () => {
      if (this.held !== want.key) {
        await this.pglite.query(switchSql, [want.role, want.scope, want.timeout]);
        this.held = want.key;
      }
      return work();
    });
    this.turn = result.catch(() => {});
    return result;
  }
}
