import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The jurisdiction every SQL statement runs under: the one choke point of row scoping.
 *
 * PostgreSQL's row-level security (migration `row_level_security`) limits the rows of every table
 * that belongs to a community to the communities named by the session setting `onetable.scope`.
 * This module decides that setting for each statement: the connections (src/db/session.ts) ask
 * `currentSession()` before a statement runs and switch when their settings differ.
 *
 * - An HTTP request runs inside `withRequestScope`: until its principal is known its scope is
 *   NOTHING (a statement sees no row); then `setRequestScope` narrows it to the jurisdiction.
 * - The hub's own machinery (migrations, seeding, access decisions, the audit trail, CLI commands)
 *   runs outside any request, or explicitly inside `asSystem`: the whole district.
 */
export type ScopeSetting = string;

/** The whole district. */
export const DISTRICT: ScopeSetting = '*';
/** No community at all: what a request sees before (or without) a principal. */
export const NOTHING: ScopeSetting = '';

interface Store {
  /** A request's statements, or the hub's own work (which has connections of its own). */
  kind: 'request' | 'system';
  scope: ScopeSetting;
  /** PostgreSQL's statement_timeout for the statements of a request; 0 for the hub's own work. */
  statementTimeoutMs: number;
  /** Read routing of a request (src/db/replicas.ts): who asks, and whether it has written yet. */
  reads?: ReadRouting;
}

/** How a request's reads are routed between the primary and replicas (src/db/replicas.ts). */
export interface ReadRouting {
  principal?: string;
  /** Every further statement goes to the primary. */
  wrote: boolean;
  /** The WAL position the client has seen (X-OneTable-After): no replica behind it answers. */
  after?: bigint;
  /** Set once a statement wrote through a process with replicas: where the primary is now. */
  written?: () => Promise<bigint | null>;
}

const storage = new AsyncLocalStorage<Store>();

/** The scope setting of a list of communities (null: the whole district). */
export function scopeOf(communityIds: readonly number[] | null): ScopeSetting {
  if (communityIds === null) return DISTRICT;
  for (const id of communityIds)
    if (!Number.isSafeInteger(id)) throw new Error('community ids must be integers');
  return `{${communityIds.join(',')}}`;
}

/**
 * The session settings the statement about to run needs: its request's scope (the district
 * outside any request) and statement timeout; `key` tells two sets of settings apart.
 */
export function currentSession(): {
  system: boolean;
  scope: ScopeSetting;
  statementTimeoutMs: number;
  key: string;
} {
  const store = storage.getStore();
  const scope = store?.scope ?? DISTRICT;
  const statementTimeoutMs = store?.statementTimeoutMs ?? 0;
  return {
    system: (store?.kind ?? 'system') === 'system',
    scope,
    statementTimeoutMs,
    key: `${scope}|${statementTimeoutMs}`,
  };
}

/**
 * Runs one HTTP request: everything it starts sees nothing until `setRequestScope`, and each of
 * its statements is cancelled by PostgreSQL after `statementTimeoutMs` (0: no limit).
 */
export function withRequestScope<T>(work: () => T, statementTimeoutMs = 0): T {
  return storage.run({ kind: 'request', scope: NOTHING, statementTimeoutMs }, work);
}

/** Narrows the running request to its principal's jurisdiction (once it is known). */
export function setRequestScope(communityIds: readonly number[] | null): void {
  const store = storage.getStore();
  if (!store) throw new Error('setRequestScope outside withRequestScope');
  store.scope = scopeOf(communityIds);
}

/** Names the running request's principal, for read-your-writes across its requests (src/db/replicas.ts). */
export function setRequestPrincipal(label: string): void {
  const store = storage.getStore();
  if (store?.kind === 'request')
    store.reads = { ...store.reads, wrote: store.reads?.wrote ?? false, principal: label };
}

/** The read routing state of the running request; undefined outside a request. */
export function readRouting(): ReadRouting | undefined {
  const store = storage.getStore();
  if (store?.kind !== 'request') return undefined;
  return (store.reads ??= { wrote: false });
}

/**
 * Runs `work` as the hub itself (the whole district), even inside a request. Only the access and
 * audit machinery may do this, through the client named `unscoped` (src/db/client.ts); a test
 * fails when a resolver uses it.
 */
export function asSystem<T>(work: () => Promise<T>): Promise<T> {
  // Awaited inside: Prisma's promises are lazy and run in the context that awaits them. The
  // request's statement timeout still holds.
  const statementTimeoutMs = storage.getStore()?.statementTimeoutMs ?? 0;
  return storage.run(
    { kind: 'system', scope: DISTRICT, statementTimeoutMs },
    async () => await work(),
  );
}

/**
 * Runs `work` in a jurisdiction without an HTTP request: for harnesses that execute the schema in
 * process (benchmarks, tests). The server itself uses `withRequestScope` and `setRequestScope`.
 */
export function inScope<T>(
  communityIds: readonly number[] | null,
  work: () => Promise<T>,
): Promise<T> {
  return storage.run(
    { kind: 'request', scope: scopeOf(communityIds), statementTimeoutMs: 0 },
    async () => await work(),
  );
}
