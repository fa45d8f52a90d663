import type {
  RelationToHead,
  ResidenceType,
  ResidentStatus,
} from '../../generated/prisma/enums.js';
import { insertStatement, type Table } from '../../seed/bulk.js';
import { isoDay } from './clean.js';
import { forgetStatementArguments } from './forget.js';
import { headings, type FieldName } from './fields.js';
import { dropEmpty, groupHouseholds, placeGroups, relationsOf, setHeads } from './households.js';
import {
  addTags,
  chunk,
  inChunks,
  type Load,
  nextIds,
  resolveTags,
  rowError,
  tagsByWord,
} from './sql.js';
import type { ResidentLine } from './validate.js';

/** A resident on record, as compared with a line of the file. */
interface OnRecord {
  id: number;
  idNumber: string;
  name: string;
  phone: string | null;
  ethnicity: string;
  residenceType: ResidenceType;
  status: ResidentStatus;
  moveInDate: string;
  communityId: number;
}

async function onRecord(load: Load, idNumbers: string[]): Promise<Map<string, OnRecord>> {
  const rows = await inChunks(idNumbers, (part) =>
    load.tx
      .$queryRawUnsafe<OnRecord[]>(
        `SELECT id, id_number AS "idNumber", name, phone, ethnicity, residence_type::text AS "residenceType", status::text AS status,
              to_char(move_in_date, 'YYYY-MM-DD') AS "moveInDate", community_id AS "communityId"
         FROM resident WHERE id_number = ANY($1::bpchar[])`,
        part,
      )
      .finally(forgetStatementArguments),
  );
  return new Map(rows.map((r) => [r.idNumber, r]));
}

/** The fields of a line that differ from the record (fields the file does not give are not compared). */
function differences(line: ResidentLine, record: OnRecord): FieldName[] {
  const diff: FieldName[] = [];
  if (line.name !== record.name) diff.push('name');
  if (line.ethnicity !== record.ethnicity) diff.push('ethnicity');
  if (line.phone !== undefined && line.phone !== record.phone) diff.push('phone');
  if (line.residenceType !== undefined && line.residenceType !== record.residenceType)
    diff.push('residenceType');
  if (line.status !== undefined && line.status !== record.status) diff.push('status');
  if (line.moveInDate !== undefined && isoDay(line.moveInDate) !== record.moveInDate)
    diff.push('moveInDate');
  return diff;
}

interface NewResident {
  line: ResidentLine;
  id: number;
  householdId: number | null;
  relation: RelationToHead | null;
}

const residentTable = (load: Load, today: string): Table<NewResident> => ({
  name: 'resident',
  stamped: true,
  columns: [
    { name: 'id', type: 'int', value: (r) => r.id },
    { name: 'id_number', type: 'text', value: (r) => r.line.idNumber },
    { name: 'name', type: 'text', value: (r) => r.line.name },
    { name: 'gender', type: { enum: 'Gender' }, value: (r) => r.line.gender },
    { name: 'birth_date', type: 'date', value: (r) => isoDay(r.line.birthDate) },
    { name: 'phone', type: 'text', value: (r) => r.line.phone ?? null },
    { name: 'ethnicity', type: 'text', value: (r) => r.line.ethnicity },
    {
      name: 'residence_type',
      type: { enum: 'ResidenceType' },
      value: (r) => r.line.residenceType ?? 'REGISTERED',
    },
    { name: 'status', type: { enum: 'ResidentStatus' }, value: (r) => r.line.status ?? 'ACTIVE' },
    { name: 'community_id', type: 'int', value: () => load.communityId },
    { name: 'household_id', type: 'int', value: (r) => r.householdId },
    { name: 'relation_to_head', type: { enum: 'RelationToHead' }, value: (r) => r.relation },
    {
      name: 'move_in_date',
      type: 'date',
      value: (r) => (r.line.moveInDate ? isoDay(r.line.moveInDate) : today),
    },
  ],
});

/**
 * Inserts the new residents; an ID number on record where row-level security hides it conflicts
 * with the unique index and is left out. Returns the ids of the rows left out — found only for a
 * chunk that inserted fewer rows than it had (no 100,000 returned ids for a clean import).
 */
async function insertOrRefused(
  load: Load,
  table: Table<NewResident>,
  members: NewResident[],
): Promise<Set<number>> {
  const refused = new Set<number>();
  for (let start = 0; start < members.length; start += chunk) {
    const part = members.slice(start, start + chunk);
    load.progress('writing residents', start, members.length);
    const { sql, params } = insertStatement(table, part, load.stamp);
    const inserted = await load.tx.$executeRawUnsafe(
      `${sql} ON CONFLICT (id_number) DO NOTHING`,
      ...params,
    );
    forgetStatementArguments();
    if (inserted === part.length) continue;
    const present = await load.tx.$queryRawUnsafe<Array<{ id: number }>>(
      'SELECT id FROM resident WHERE id = ANY($1::int[])',
      part.map((m) => m.id),
    );
    const ids = new Set(present.map((r) => r.id));
    for (const m of part) if (!ids.has(m.id)) refused.add(m.id);
  }
  return refused;
}

/** Overwrites records with the file's values (fields the file does not give stay as they are). */
async function updateAll(
  load: Load,
  updates: Array<{ line: ResidentLine; record: OnRecord }>,
): Promise<void> {
  for (let start = 0; start < updates.length; start += chunk) {
    const part = updates.slice(start, start + chunk);
    const col = <T>(f: (u: (typeof part)[number]) => T) => part.map(f);
    await load.tx.$executeRawUnsafe(
      `UPDATE resident r SET name = v.name, phone = v.phone, ethnicity = v.ethnicity, residence_type = v.rt::"ResidenceType",
              status = v.st::"ResidentStatus", move_in_date = v.mi::date, version = r.version + 1, updated_at = $8::timestamp(3)
         FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS v(id, name, phone, ethnicity, rt, st, mi)
        WHERE r.id = v.id`,
      col((u) => u.record.id),
      col((u) => u.line.name),
      col((u) => (u.line.phone !== undefined ? u.line.phone : u.record.phone)),
      col((u) => u.line.ethnicity),
      col((u) => u.line.residenceType ?? u.record.residenceType),
      col((u) => u.line.status ?? u.record.status),
      col((u) => (u.line.moveInDate ? isoDay(u.line.moveInDate) : u.record.moveInDate)),
      load.stamp,
    );
    forgetStatementArguments();
  }
}

/**
 * Loads resident lines: people on record are compared (unchanged, skipped, updated or an error
 * as --on-existing says), new people are inserted into households formed from the file, tags
 * are added. An ID number on record outside the jurisdiction cannot be inserted (the unique
 * index sees every community): the line is an error.
 */
export async function loadResidents(
  load: Load,
  lines: ResidentLine[],
  partial: boolean,
): Promise<void> {
  const tags = await tagsByWord(load.tx);
  const fresh: ResidentLine[] = [];
  const tagging: Array<{ residentId: number; tagId: number }> = [];
  const tagIds = new Map<ResidentLine, number[]>();
  // A chunk of lines at a time: the records compared with them are never all in memory at once.
  for (let start = 0; start < lines.length; start += chunk) {
    const part = lines.slice(start, start + chunk);
    load.progress('comparing with the records', start, lines.length);
    const updates = await compare(load, part, tags, tagIds, tagging, fresh);
    await updateAll(load, updates);
  }
  await insertFresh(load, fresh, tagIds, tagging, partial);
}

/** Sorts lines into new people and people on record (unchanged, skipped, updated or an error). */
async function compare(
  load: Load,
  lines: ResidentLine[],
  tags: Map<string, number>,
  tagIds: Map<ResidentLine, number[]>,
  tagging: Array<{ residentId: number; tagId: number }>,
  fresh: ResidentLine[],
): Promise<Array<{ line: ResidentLine; record: OnRecord }>> {
  const records = await onRecord(
    load,
    lines.map((l) => l.idNumber),
  );
  const updates: Array<{ line: ResidentLine; record: OnRecord }> = [];
  for (const line of lines) {
    const ids = resolveTags(load, tags, line.line, line.tags);
    if (ids === null) continue;
    if (ids.length > 0) tagIds.set(line, ids);
    const record = records.get(line.idNumber);
    if (!record) {
      fresh.push(line);
      continue;
    }
    load.read.add(record.id);
    if (record.communityId !== load.communityId) {
      rowError(
        load,
        line.line,
        'idNumber',
        'is on record in another community; move the resident there instead of importing',
      );
      continue;
    }
    const diff = differences(line, record);
    if (diff.length > 0 && load.onExisting === 'skip') {
      load.counts.skipped++;
      continue;
    }
    if (diff.length > 0 && load.onExisting === 'fail') {
      rowError(
        load,
        line.line,
        'idNumber',
        `is on record with other ${diff.map((f) => load.labels[f] ?? headings[f][0]).join(', ')} (--on-existing fail)`,
      );
      continue;
    }
    if (diff.length > 0) {
      updates.push({ line, record });
      load.written.add(record.id);
      load.counts.updated++;
    } else load.counts.unchanged++;
    for (const tagId of ids) tagging.push({ residentId: record.id, tagId });
  }
  return updates;
}

/** Inserts the new people into households formed from the file, and all the tags. */
async function insertFresh(
  load: Load,
  fresh: ResidentLine[],
  tagIds: Map<ResidentLine, number[]>,
  tagging: Array<{ residentId: number; tagId: number }>,
  partial: boolean,
): Promise<void> {
  const { groups, alone, failed } = groupHouseholds(load, fresh);
  const created = await placeGroups(load, groups);
  const members: NewResident[] = alone.map((line) => ({
    line,
    id: 0,
    householdId: null,
    relation: null,
  }));
  for (const group of groups) {
    const relations = relationsOf(load, group, failed);
    for (const [line, relation] of relations)
      members.push({ line, id: 0, householdId: group.householdId!, relation });
  }
  const ids = await nextIds(load.tx, 'resident', members.length);
  members.forEach((m, i) => (m.id = ids[i]!));
  const today = isoDay(
    new Date(Math.floor((Date.now() + 8 * 3_600_000) / 86_400_000) * 86_400_000),
  );
  const refused = await insertOrRefused(load, residentTable(load, today), members);
  for (const m of members) {
    if (refused.has(m.id)) {
      rowError(load, m.line.line, 'idNumber', 'is already on record outside this community');
      continue;
    }
    load.written.add(m.id);
    load.counts.created++;
    for (const tagId of tagIds.get(m.line) ?? []) tagging.push({ residentId: m.id, tagId });
  }
  await setHeads(
    load,
    members
      .filter((m) => m.relation === 'SELF' && !refused.has(m.id))
      .map((m) => ({ householdId: m.householdId!, residentId: m.id })),
  );
  const dropped = partial
    ? await dropEmpty(
        load,
        created.map((g) => g.householdId!),
      )
    : 0;
  load.counts.householdsCreated += created.length - dropped;
  load.counts.tagsAdded += (await addTags(load, tagging)).size;
}
