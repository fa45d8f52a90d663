import type { PrismaClient } from '../../db/client.js';
import { asSystem } from '../../db/scope.js';
import { intFromEnv } from '../../config.js';
import { logger } from '../../logger.js';
import { auditLinked } from '../../telemetry/metrics.js';

/**
 * The linker: puts committed audit events into the hash chain (migration audit_linker).
 *
 * Requests insert their events without the chain's lock (src/modules/audit/append.ts); after each
 * insert commits, this process asks PostgreSQL's `link_audit_events` to chain what is waiting.
 * The function takes the chain's advisory lock, so one linker runs at a time across all server
 * processes; it links every committed unlinked event (any process's), so an event left behind by
 * a process that died is linked by the next append anywhere, and `audit verify`, checkpoints and
 * the audit trail query link before they read. An event stays unlinked for the link delay below
 * plus one linker statement after its commit (see bench/results for the measured lag).
 *
 * The linker's statement starts with `linkerTag`: it is the hub's background work, not part of
 * the request that happened to start it (tests that count a request's statements leave it out).
 */
export const linkerTag = '/* onetable:audit-linker */';
const batch = 1000;

/** Links every committed unlinked event; returns how many. */
export async function linkAuditEvents(db: PrismaClient): Promise<number> {
  let total = 0;
  for (;;) {
    // The hub's own work: on the primary, under no request's scope, whoever kicked it.
    const [row] = await asSystem(() =>
      db.$queryRawUnsafe<Array<{ linked: number }>>(
        `${linkerTag} SELECT link_audit_events($1::int) AS linked`,
        batch,
      ),
    );
    const linked = Number(row?.linked ?? 0);
    total += linked;
    auditLinked.inc(linked);
    if (linked < batch) return total;
  }
}

/** Runs of the background linker still going, so a closing hub can wait for them. */
const running = new Set<Promise<void>>();
/** Per client: whether a run is due or going, and whether events committed since it began. */
const state = new WeakMap<PrismaClient, { again: boolean }>();

/**
 * How long the linker lets appends gather before a run (ONETABLE_AUDIT_LINK_DELAY_MS, default
 * 10): under load one run links the events of many requests instead of one run per request.
 */
export const linkDelayMs = intFromEnv('ONETABLE_AUDIT_LINK_DELAY_MS', 10, process.env);

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Asks for a link run after an insert committed. The run starts after `linkDelayMs`; requests
 * meanwhile, or during the run, only mark that another run is due, so a burst of appends costs a
 * few linker statements, not one each.
 */
export function kickAuditLinker(db: PrismaClient): void {
  const current = state.get(db);
  if (current) {
    current.again = true;
    return;
  }
  const mine = { again: true };
  state.set(db, mine);
  const run = (async () => {
    try {
      while (mine.again) {
        await pause(linkDelayMs);
        mine.again = false;
        await linkAuditEvents(db);
      }
    } catch (error) {
      // The events are durable; the next run (or verify) links them. No event content is logged.
      logger.warn({ err: { name: (error as Error).name } }, 'audit linker run failed');
    } finally {
      state.delete(db);
    }
  })();
  running.add(run);
  void run.finally(() => running.delete(run));
}

/** Waits for background link runs (before the database closes). */
export async function settleAuditLinker(): Promise<void> {
  while (running.size > 0) await Promise.all([...running]);
}
