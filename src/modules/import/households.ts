import type { RelationToHead } from '../../generated/prisma/enums.js';
import type { Table } from '../../seed/bulk.js';
import { insertMany, inChunks, type Load, nextIds, residentsByIdNumber, rowError } from './sql.js';

/** The lines of one household of the file: by 户号 when given, else by address. */
export interface HouseholdGroup<L> {
  address: string;
  lines: L[];
  /** Set by placeGroups: the household's id, whether it is new, its head on record. */
  householdId?: number;
  created?: boolean;
  headId?: number | null;
}

interface Groupable {
  line: number;
  address?: string;
  householdNumber?: string;
}

/**
 * Forms households: lines sharing a 户号 are one household (their address is the first line's;
 * a line naming another address is an error), lines without 户号 by their address. Lines with
 * neither belong to no household.
 */
export function groupHouseholds<L extends Groupable>(
  load: Load,
  lines: readonly L[],
): { groups: HouseholdGroup<L>[]; alone: L[]; failed: Set<L> } {
  const byKey = new Map<string, HouseholdGroup<L>>();
  const alone: L[] = [];
  const failed = new Set<L>();
  const pending = new Map<string, L[]>();
  for (const line of lines) {
    if (line.householdNumber === undefined && line.address === undefined) {
      alone.push(line);
      continue;
    }
    const key =
      line.householdNumber !== undefined ? `#${line.householdNumber}` : `@${line.address}`;
    let group = byKey.get(key);
    if (!group && line.address !== undefined)
      byKey.set(key, (group = { address: line.address, lines: [] }));
    if (!group) {
      pending.set(key, [...(pending.get(key) ?? []), line]);
      continue;
    }
    if (line.address !== undefined && line.address !== group.address) {
      rowError(
        load,
        line.line,
        'address',
        'differs from the address of the first line of the same 户号',
      );
      failed.add(line);
      continue;
    }
    group.lines.push(line);
  }
  for (const [key, waiting] of pending) {
    const group = byKey.get(key);
    if (group) group.lines.push(...waiting);
    else
      for (const line of waiting) {
        rowError(load, line.line, 'address', 'is required to form the household of this 户号');
        failed.add(line);
      }
  }
  return { groups: [...byKey.values()], alone, failed };
}

/** Households on record in the community at the groups' addresses (the lowest id when several). */
async function householdsAt(load: Load, addresses: readonly string[]) {
  const rows = await inChunks([...new Set(addresses)], (part) =>
    load.tx.$queryRawUnsafe<Array<{ id: number; address: string; headId: number | null }>>(
      // A join, not address = ANY($2): there is no index on address, and a scan comparing each row with the whole array is quadratic.
      `SELECT DISTINCT ON (h.address) h.id, h.address, h.head_id AS "headId"
         FROM household h JOIN unnest($2::text[]) AS a(address) ON h.address = a.address
        WHERE h.community_id = $1 ORDER BY h.address, h.id`,
      load.communityId,
      part,
    ),
  );
  return new Map(rows.map((r) => [r.address, r]));
}

/** Gives each group its household: the one on record at its address, else a new one (inserted now). */
export async function placeGroups<L>(
  load: Load,
  groups: HouseholdGroup<L>[],
): Promise<HouseholdGroup<L>[]> {
  const known = await householdsAt(
    load,
    groups.map((g) => g.address),
  );
  const fresh = groups.filter((g) => !known.has(g.address));
  const ids = await nextIds(load.tx, 'household', fresh.length);
  fresh.forEach((g, i) => Object.assign(g, { householdId: ids[i], created: true, headId: null }));
  for (const g of groups) {
    const k = known.get(g.address);
    if (k) Object.assign(g, { householdId: k.id, created: false, headId: k.headId });
  }
  const table: Table<HouseholdGroup<L>> = {
    name: 'household',
    stamped: true,
    columns: [
      { name: 'id', type: 'int', value: (g) => g.householdId! },
      { name: 'address', type: 'text', value: (g) => g.address },
      { name: 'community_id', type: 'int', value: () => load.communityId },
    ],
  };
  await insertMany(load.tx, table, fresh, load.stamp);
  return fresh;
}

/**
 * The relation of each new member: as written; a new household with no 本人 line gets its first
 * line as head; other lines without a relation are OTHER. A second head is an error.
 */
export function relationsOf<L extends { line: number; relationToHead?: RelationToHead }>(
  load: Load,
  group: HouseholdGroup<L>,
  failed: Set<L>,
): Map<L, RelationToHead> {
  const out = new Map<L, RelationToHead>();
  let hasHead = group.headId !== null && group.headId !== undefined;
  const noneSaysSelf = !group.lines.some((l) => l.relationToHead === 'SELF');
  group.lines.forEach((line, i) => {
    const relation =
      line.relationToHead ?? (i === 0 && noneSaysSelf && !hasHead ? 'SELF' : 'OTHER');
    if (relation === 'SELF' && hasHead) {
      rowError(
        load,
        line.line,
        'relationToHead',
        'says 本人 (head) but the household already has a head',
      );
      failed.add(line);
      return;
    }
    if (relation === 'SELF') hasHead = true;
    out.set(line, relation);
  });
  return out;
}

/** Makes the new heads heads of their households (a household keeps a head it has). */
export async function setHeads(
  load: Load,
  heads: ReadonlyArray<{ householdId: number; residentId: number }>,
): Promise<void> {
  if (heads.length === 0) return;
  await load.tx.$executeRawUnsafe(
    `UPDATE household h SET head_id = v.rid, version = h.version + 1, updated_at = $3::timestamp(3)
       FROM unnest($1::int[], $2::int[]) AS v(hid, rid) WHERE h.id = v.hid AND h.head_id IS NULL`,
    heads.map((h) => h.householdId),
    heads.map((h) => h.residentId),
    load.stamp,
  );
}

/** Removes households this import created that ended up with no member (lines refused in a --partial import). */
export async function dropEmpty(load: Load, householdIds: readonly number[]): Promise<number> {
  if (householdIds.length === 0) return 0;
  return load.tx.$executeRawUnsafe(
    'DELETE FROM household h WHERE h.id = ANY($1::int[]) AND NOT EXISTS (SELECT 1 FROM resident r WHERE r.household_id = h.id)',
    householdIds,
  );
}

/**
 * Household lines: one household per 户号 (or address); an address with a household on record
 * is unchanged. A head named by ID number becomes the head when on record in the community and
 * in no other household.
 */
export async function loadHouseholds(
  load: Load,
  lines: Array<{ line: number; address: string; householdNumber?: string; headIdNumber?: string }>,
): Promise<void> {
  const { groups } = groupHouseholds(load, lines);
  const created = new Set(await placeGroups(load, groups));
  const known = await residentsByIdNumber(
    load.tx,
    lines.flatMap((l) => (l.headIdNumber ? [l.headIdNumber] : [])),
  );
  const heads: Array<{ householdId: number; residentId: number }> = [];
  for (const group of groups) {
    const first = group.lines[0]!;
    load.counts[created.has(group) ? 'created' : 'unchanged'] += 1;
    if (created.has(group)) load.counts.householdsCreated += 1;
    load.counts.unchanged += group.lines.length - 1;
    const head = first.headIdNumber === undefined ? undefined : known.get(first.headIdNumber);
    if (first.headIdNumber === undefined) continue;
    if (
      !head ||
      head.communityId !== load.communityId ||
      (head.householdId !== null && head.householdId !== group.householdId)
    ) {
      rowError(
        load,
        first.line,
        'headIdNumber',
        'names no resident of this community outside other households',
      );
      continue;
    }
    if (group.headId != null && group.headId !== head.id) {
      rowError(load, first.line, 'headIdNumber', 'the household on record has another head');
      continue;
    }
    if (group.headId === head.id) continue;
    heads.push({ householdId: group.householdId!, residentId: head.id });
    load.written.add(head.id);
  }
  if (heads.length === 0) return;
  await load.tx.$executeRawUnsafe(
    `UPDATE resident r SET household_id = v.hid, relation_to_head = 'SELF', version = r.version + 1, updated_at = $3::timestamp(3)
       FROM unnest($1::int[], $2::int[]) AS v(hid, rid) WHERE r.id = v.rid`,
    heads.map((h) => h.householdId),
    heads.map((h) => h.residentId),
    load.stamp,
  );
  await setHeads(load, heads);
}
