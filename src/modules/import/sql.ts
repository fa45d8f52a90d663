import type { Prisma } from '../../generated/prisma/client.js';
import { insertStatement, type Table } from '../../seed/bulk.js';
import { type FieldName, headings } from './fields.js';
import { forgetStatementArguments } from './forget.js';
import type { Progress } from './progress.js';
import type { RowError } from './validate.js';

export type Tx = Prisma.TransactionClient;

/**
 * Rows per statement: one bound array per column (see src/seed/bulk.ts), so a dozen parameters
 * each. Prisma keeps the arguments of its last 100 debug calls in memory (see forget.ts); with
 * 1,000 rows a statement that history holds a few thousand people, not the whole file, and the
 * statements are still few (100 for 100,000 residents).
 */
export const chunk = 1000;

/** What an import did, line by line. */
export interface Counts {
  /** Data lines read (blank lines not counted). */
  lines: number;
  created: number;
  updated: number;
  unchanged: number;
  /** On record with other values, kept as they were (--on-existing skip). */
  skipped: number;
  /** Lines with an error (in the error report). */
  failed: number;
  householdsCreated: number;
  tagsAdded: number;
}

/** What the loaders of every kind share: the transaction, where to, who, and the tallies. */
export interface Load {
  tx: Tx;
  communityId: number;
  sectionId: number;
  principalName: string;
  onExisting: 'skip' | 'update' | 'fail';
  /** `YYYY-MM-DD HH:MM:SS.mmm` (UTC) for created_at/updated_at of the rows written. */
  stamp: string;
  counts: Counts;
  errors: RowError[];
  /** Residents whose personal fields were written (for the audit event). */
  written: Set<number>;
  /** Residents compared with the file without being written. */
  read: Set<number>;
  progress: Progress;
  /** Headings as the file writes them (see Layout). */
  labels: Partial<Record<FieldName, string>>;
}

/** A line's error, under the field's heading as the file writes it. */
export function rowError(load: Load, line: number, field: FieldName, message: string): void {
  load.errors.push({
    line,
    field,
    message: `${load.labels[field] ?? headings[field][0]}: ${message}`,
  });
}

/** Inserts rows in chunks; `suffix` (ON CONFLICT …, RETURNING …) is appended to each statement. */
export async function insertMany<R, Out = unknown>(
  tx: Tx,
  table: Table<R>,
  rows: readonly R[],
  stamp: string,
  suffix = '',
  progress?: Progress,
): Promise<Out[]> {
  const out: Out[] = [];
  for (let start = 0; start < rows.length; start += chunk) {
    progress?.(`writing ${table.name}`, start, rows.length);
    const { sql, params } = insertStatement(table, rows.slice(start, start + chunk), stamp);
    if (suffix) out.push(...(await tx.$queryRawUnsafe<Out[]>(`${sql} ${suffix}`, ...params)));
    else await tx.$executeRawUnsafe(sql, ...params);
    forgetStatementArguments();
  }
  return out;
}

/** `n` ids from a table's sequence, so rows can be linked before they are inserted. */
export async function nextIds(
  tx: Tx,
  table: 'resident' | 'household',
  n: number,
): Promise<number[]> {
  if (n === 0) return [];
  const rows = await tx.$queryRawUnsafe<Array<{ id: number }>>(
    `SELECT nextval('${table}_id_seq')::int AS id FROM generate_series(1, $1::int)`,
    n,
  );
  return rows.map((r) => r.id);
}

/** Runs `query` over `values` in chunks (for `= ANY($1)` look-ups of many keys). */
export async function inChunks<V, T>(
  values: readonly V[],
  query: (part: V[]) => Promise<T[]>,
  size = 20_000,
): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < values.length; start += size)
    out.push(...(await query(values.slice(start, start + size))));
  return out;
}

export interface KnownResident {
  id: number;
  idNumber: string;
  name: string;
  communityId: number;
  householdId: number | null;
}

/** Residents on record (within the jurisdiction: row-level security) by ID number. */
export async function residentsByIdNumber(
  tx: Tx,
  idNumbers: readonly string[],
): Promise<Map<string, KnownResident>> {
  const unique = [...new Set(idNumbers)];
  const rows = await inChunks(unique, (part) =>
    tx
      .$queryRawUnsafe<KnownResident[]>(
        `SELECT id, id_number AS "idNumber", name, community_id AS "communityId", household_id AS "householdId"
         FROM resident WHERE id_number = ANY($1::bpchar[])`,
        part,
      )
      .finally(forgetStatementArguments),
  );
  return new Map(rows.map((r) => [r.idNumber.trim(), r]));
}

/** Tags by code and by name (both as written in ledgers): a small table, read whole. */
export async function tagsByWord(tx: Tx): Promise<Map<string, number>> {
  const rows = await tx.$queryRawUnsafe<Array<{ id: number; code: string; name: string }>>(
    'SELECT id, code, name FROM tag',
  );
  const map = new Map<string, number>();
  for (const r of rows) {
    map.set(r.name, r.id);
    map.set(r.code.toUpperCase(), r.id);
  }
  return map;
}

/** Resolves the tag words of a line; unknown ones are a row error (null). */
export function resolveTags(
  load: Load,
  tags: Map<string, number>,
  line: number,
  words: readonly string[],
): number[] | null {
  const ids: number[] = [];
  for (const word of words) {
    const id = tags.get(word) ?? tags.get(word.toUpperCase());
    if (id === undefined) {
      rowError(
        load,
        line,
        'tags',
        'names a tag the hub does not know (give its code or name, see the tags query)',
      );
      return null;
    }
    ids.push(id);
  }
  return ids;
}

/** Puts tags on residents (never takes any off); returns the pairs that were new (`residentId|tagId`). */
export async function addTags(
  load: Load,
  pairs: ReadonlyArray<{ residentId: number; tagId: number }>,
): Promise<Set<string>> {
  const table: Table<{ residentId: number; tagId: number }> = {
    name: 'resident_tag',
    stamped: false,
    columns: [
      { name: 'resident_id', type: 'int', value: (p) => p.residentId },
      { name: 'tag_id', type: 'int', value: (p) => p.tagId },
      { name: 'set_by', type: 'text', value: () => load.principalName.slice(0, 64) },
      { name: 'section_id', type: 'int', value: () => load.sectionId },
    ],
  };
  const added = await insertMany<{ residentId: number; tagId: number }, { r: number; t: number }>(
    load.tx,
    table,
    pairs,
    load.stamp,
    'ON CONFLICT DO NOTHING RETURNING resident_id AS r, tag_id AS t',
  );
  return new Set(added.map((a) => `${a.r}|${a.t}`));
}
