import type pg from 'pg';
import { readRouting } from './scope.js';

/**
 * Read-your-writes across processes, without sticky sessions (DATABASE_REPLICA_URLS).
 *
 * A request that wrote answers with the primary's WAL position after its writes
 * (`pg_current_wal_lsn()`) in the response header `X-OneTable-After`. A client sends the latest
 * position it was given back in the same request header; whichever process answers then reads
 * from a replica only once that replica has replayed the WAL up to it
 * (`pg_last_wal_replay_lsn()`), and from the primary otherwise. The header is a position in the
 * WAL, nothing about the client or its data; one that does not parse is ignored.
 */
export const afterHeader = 'x-onetable-after';

const lsnPattern = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i;

/** A PostgreSQL LSN (`16/B374D848`) as a number that compares; null when it is not one. */
export function parseLsn(text: string | null | undefined): bigint | null {
  const match = typeof text === 'string' ? lsnPattern.exec(text.trim()) : null;
  if (!match) return null;
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

export function formatLsn(lsn: bigint): string {
  const hex = (n: bigint) => n.toString(16).toUpperCase();
  return `${hex(lsn >> 32n)}/${hex(lsn & 0xffffffffn)}`;
}

/** The running request reads nothing older than `header` (the value of X-OneTable-After). */
export function readAfter(header: string | string[] | undefined): void {
  const routing = readRouting();
  const lsn = parseLsn(Array.isArray(header) ? header[0] : header);
  if (routing && lsn !== null) routing.after = lsn;
}

/** Where the primary's WAL is: asked of the hub's own connections to the primary. */
export type PrimaryPosition = () => Promise<bigint | null>;

export function primaryPosition(primary: pg.Pool): PrimaryPosition {
  return async () => {
    const { rows } = await primary.query<{ lsn: string }>(
      'SELECT pg_current_wal_lsn()::text AS lsn',
    );
    return parseLsn(rows[0]?.lsn);
  };
}

/**
 * The value of X-OneTable-After for the running request: the primary's position when the request
 * wrote through a process with replicas, else undefined (no header: nothing to wait for).
 */
export async function positionAfterWrites(): Promise<string | undefined> {
  const position = readRouting()?.written;
  if (!position) return undefined;
  const lsn = await position().catch(() => null);
  return lsn === null ? undefined : formatLsn(lsn);
}

/**
 * The replay position of each replica, as last seen: it only grows, so a replica once seen at or
 * past a position needs no statement to be trusted for it again.
 */
export class ReplayPositions {
  private readonly seen = new Map<pg.Pool, bigint>();

  /** Whether `replica` has replayed the WAL up to `lsn` (asked of it when not known yet). */
  async reached(replica: pg.Pool, lsn: bigint): Promise<boolean> {
    if ((this.seen.get(replica) ?? -1n) >= lsn) return true;
    const { rows } = await replica.query<{ lsn: string | null }>(
      'SELECT pg_last_wal_replay_lsn()::text AS lsn',
    );
    const replayed = parseLsn(rows[0]?.lsn);
    if (replayed === null) return false; // not a standby (or never replayed): not to be trusted
    if (replayed > (this.seen.get(replica) ?? -1n)) this.seen.set(replica, replayed);
    return replayed >= lsn;
  }
}
