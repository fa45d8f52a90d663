import { AsyncLocalStorage } from 'node:async_hooks';
import { PrismaClient } from '../generated/prisma/client.js';
import type { Database } from './adapter.js';
import { asSystem, currentSession } from './scope.js';
import { tracedFactory } from '../telemetry/traced-adapter.js';

export type { PrismaClient };

/** Receives every SQL statement Prisma sends (text only: parameters are never passed on). */
export type StatementListener = (sql: string) => void;

/** Where a request to Prisma's batching loader was made: its jurisdiction travels with it. */
const madeIn = Symbol('onetable.scope');
type Loader = {
  batchBy?: unknown;
  singleLoader?: unknown;
  batchLoader?: unknown;
};
type Snapshot = <R>(fn: () => R) => R;

/**
 * Prisma merges `findUnique` calls made in the same tick into one statement, across requests, and
 * runs every batch from one `process.nextTick` — in the async context of whichever request came
 * first. Each statement must run under its own request's scope (src/db/scope.ts): so the batch
 * key gets the scope (calls of different jurisdictions never share a statement) and each batch
 * runs in the context it was made in. Prisma has no option for this; if its internals move, the
 * hub refuses to start rather than mix jurisdictions (tests/access/choke-point.test.ts).
 */
function keyBatchesByScope(prisma: PrismaClient): void {
  const loader = (prisma as unknown as { _requestHandler?: { dataloader?: { options?: Loader } } })
    ._requestHandler?.dataloader?.options;
  const { batchBy, singleLoader, batchLoader } = loader ?? {};
  if (
    !loader ||
    typeof batchBy !== 'function' ||
    typeof singleLoader !== 'function' ||
    typeof batchLoader !== 'function'
  ) {
    throw new Error(
      'Prisma internals changed: cannot keep findUnique batches within one jurisdiction',
    );
  }
  type Request = { [madeIn]?: Snapshot };
  loader.batchBy = (request: Request) => {
    const key = (batchBy as (r: Request) => string | undefined)(request);
    if (key === undefined) return undefined;
    request[madeIn] = AsyncLocalStorage.snapshot();
    return `${key}@${currentSession().key}`;
  };
  const within = (request: Request | undefined, run: () => unknown) =>
    request?.[madeIn] ? request[madeIn](run) : run();
  loader.singleLoader = (request: Request) =>
    within(request, () => (singleLoader as (r: Request) => unknown)(request));
  loader.batchLoader = (requests: Request[]) =>
    within(requests[0], () => (batchLoader as (r: Request[]) => unknown)(requests));
}

const withReplicas = new WeakSet<object>();

/** Whether the client's reads may go to read replicas (DATABASE_REPLICA_URLS): then no read may write. */
export const readsFromReplicas = (prisma: unknown): boolean =>
  typeof prisma === 'object' && prisma !== null && withReplicas.has(prisma);

/**
 * Creates the Prisma client over an open database. It connects as the role `onetable_hub`, and
 * every statement runs under the scope of the request it belongs to (row-level security).
 * Statement listeners see the SQL text of each query, which is what tests count to catch N+1
 * regressions; bound values (personal data) are deliberately not handed out.
 */
export function createPrismaClient(db: Database, listeners: Set<StatementListener> = new Set()) {
  const prisma = new PrismaClient({
    adapter: tracedFactory(db.hubFactory),
    log: [{ emit: 'event', level: 'query' }],
  });
  if (db.replicaStats) withReplicas.add(prisma);
  keyBatchesByScope(prisma);
  prisma.$on('query', (event) => {
    for (const listener of listeners) listener(event.query);
  });
  return { prisma, listeners };
}

/**
 * The same client, running every operation as the hub itself: the whole district, whatever
 * request it is called from. Only the access and audit machinery may hold it (as `ctx.unscoped`);
 * tests/access/choke-point.test.ts fails when a module uses it. A proxy rather than a Prisma
 * extension: extensions cost a pass through Prisma's extension machinery on every call, and this
 * client runs on every request (authentication, grants, the audit append).
 */
export function unscopedClient(prisma: PrismaClient): PrismaClient {
  const asHub =
    (call: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) =>
      asSystem(async () => await call(...args));
  const delegates = new Map<PropertyKey, unknown>();
  return new Proxy(prisma, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value === 'function')
        return asHub((value as (...a: unknown[]) => unknown).bind(target));
      if (
        typeof prop !== 'string' ||
        prop.startsWith('$') ||
        value === null ||
        typeof value !== 'object'
      )
        return value;
      // A model delegate (prisma.resident): each of its operations runs as the hub.
      if (!delegates.has(prop)) {
        delegates.set(
          prop,
          new Proxy(value, {
            get(model, op, r) {
              const fn = Reflect.get(model, op, r) as unknown;
              return typeof fn === 'function'
                ? asHub((fn as (...a: unknown[]) => unknown).bind(model))
                : fn;
            },
          }),
        );
      }
      return delegates.get(prop);
    },
  });
}
