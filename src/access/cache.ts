import { setImmediate as nextTurn } from 'node:timers/promises';
import type { PrismaClient } from '../db/client.js';

/**
 * What a principal's requests need before any data is read, cached per server process: sections
 * by code, and per (section, purpose) the row Access.load reads (grants, jurisdiction, task).
 * Without it every request paid two statements for them.
 *
 * A grant change still holds from the next request, on every process:
 * - the tables behind the cache notify channel `onetable_access` at commit (migration
 *   access_notify), and every process drops its whole cache on the notification;
 * - before a request looks in the cache it lets pending I/O run once (`fresh()`), so a
 *   notification that reached the process before the request did is applied first;
 * - the process's own writes to those tables drop the cache as soon as they are seen;
 * - while the notification channel is down (never opened, connection lost) nothing is cached;
 * - an entry lives `maxAgeMs` at most (ONETABLE_ACCESS_CACHE_SECONDS, default 60; 0 turns the
 *   cache off), a backstop should a notification ever be missed;
 * - it holds at most `maxEntries` entries, the oldest dropped first: the purpose is any task code
 *   a caller writes in X-Purpose, so a credential could otherwise grow it without bound.
 */
export class AccessCache {
  private readonly entries = new Map<string, { value: unknown; at: number }>();
  private generation = 0;
  private live = false;

  constructor(
    readonly maxAgeMs: number,
    readonly maxEntries = 10_000,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Drops everything (a notification, or one of this process's own writes). */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Whether the notification channel is up: caching only then. */
  setLive(live: boolean): void {
    this.live = live && this.maxAgeMs > 0;
    this.invalidate();
  }

  get enabled(): boolean {
    return this.live;
  }

  /** Lets notifications already received be applied before a request reads the cache. */
  async fresh(): Promise<void> {
    if (this.live) await nextTurn();
  }

  /**
   * The cached value of `key`, else `load()`'s, kept unless the cache was dropped meanwhile (a
   * load that raced a change must not outlive it).
   */
  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.live) return load();
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < this.maxAgeMs) return hit.value as T;
    const generation = this.generation;
    const value = await load();
    if (this.live && generation === this.generation) {
      this.entries.delete(key);
      // A Map iterates in insertion order: the first key is the oldest entry.
      if (this.entries.size >= this.maxEntries)
        this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { value, at: Date.now() });
    }
    return value;
  }
}

/** Tables whose rows the cache depends on (the triggers of migration access_notify). */
export const accessTables = ['section', 'field_grant', 'task', 'task_assist', 'community'];
const writes = new RegExp(
  `^\\s*(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|TRUNCATE)\\s+("public"\\.)?"?(${accessTables.join('|')})"?\\b`,
  'i',
);

/** Whether a statement this process sent writes one of those tables. */
export const writesAccessTable = (sql: string) => writes.test(sql);

const caches = new WeakMap<PrismaClient, AccessCache>();

/** The cache of a hub's Prisma client (set up by openHub); none for a client without one. */
export function accessCacheOf(prisma: PrismaClient): AccessCache | undefined {
  return caches.get(prisma);
}

export function setAccessCache(prisma: PrismaClient, cache: AccessCache): void {
  caches.set(prisma, cache);
}
