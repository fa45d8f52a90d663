import type { ServiceKind } from '../../generated/prisma/enums.js';
import type { Table } from '../../seed/bulk.js';
import {
  addTags,
  inChunks,
  insertMany,
  type KnownResident,
  type Load,
  residentsByIdNumber,
  resolveTags,
  rowError,
  tagsByWord,
} from './sql.js';
import type { ServiceLine, TagLine } from './validate.js';

/** The resident a line names: on record in the community, with the name the line gives (when it gives one). */
function residentOf(
  load: Load,
  known: Map<string, KnownResident>,
  line: { line: number; idNumber: string; name?: string },
): KnownResident | undefined {
  const resident = known.get(line.idNumber);
  if (!resident || resident.communityId !== load.communityId) {
    rowError(
      load,
      line.line,
      'idNumber',
      'names no resident on record in this community (import the residents first)',
    );
    return undefined;
  }
  if (line.name !== undefined && line.name !== resident.name) {
    rowError(load, line.line, 'name', 'differs from the name on record for this ID number');
    return undefined;
  }
  load.read.add(resident.id);
  return resident;
}

interface NewService {
  line: ServiceLine;
  residentId: number;
  taskId: number | null;
}

/** Service records: a line already on record (same resident, kind, time and notes) is unchanged. */
export async function loadServices(load: Load, lines: ServiceLine[]): Promise<void> {
  const known = await residentsByIdNumber(
    load.tx,
    lines.map((l) => l.idNumber),
  );
  const codes = [...new Set(lines.flatMap((l) => (l.task ? [l.task] : [])))];
  const tasks = new Map(
    (
      await load.tx.$queryRawUnsafe<Array<{ id: number; code: string }>>(
        'SELECT DISTINCT ON (code) id, code FROM task WHERE code = ANY($1::text[]) ORDER BY code, year DESC',
        codes,
      )
    ).map((t) => [t.code, t.id]),
  );
  const residentIds = [...new Set([...known.values()].map((r) => r.id))];
  const existing = await inChunks(residentIds, (part) =>
    load.tx.$queryRawUnsafe<Array<{ key: string }>>(
      `SELECT resident_id || '|' || kind || '|' || to_char(occurred_at, 'YYYY-MM-DD"T"HH24:MI:SS') || '|' || notes AS key
         FROM service_record WHERE resident_id = ANY($1::int[])`,
      part,
    ),
  );
  const seen = new Set(existing.map((e) => e.key));
  const fresh: NewService[] = [];
  for (const line of lines) {
    const resident = residentOf(load, known, line);
    if (!resident) continue;
    const taskId = line.task === undefined ? null : (tasks.get(line.task) ?? null);
    if (line.task !== undefined && taskId === null) {
      rowError(load, line.line, 'task', 'is not a task on the list');
      continue;
    }
    const key = `${resident.id}|${line.kind}|${line.occurredAt.toISOString().slice(0, 19)}|${line.notes}`;
    if (seen.has(key)) {
      load.counts.unchanged++;
      continue;
    }
    seen.add(key);
    fresh.push({ line, residentId: resident.id, taskId });
  }
  const table: Table<NewService> = {
    name: 'service_record',
    stamped: true,
    columns: [
      {
        name: 'kind',
        type: { enum: 'ServiceKind' },
        value: (s) => s.line.kind satisfies ServiceKind,
      },
      {
        name: 'occurred_at',
        type: 'timestamp',
        value: (s) => s.line.occurredAt.toISOString().replace('T', ' ').replace('Z', ''),
      },
      { name: 'notes', type: 'text', value: (s) => s.line.notes },
      {
        name: 'recorded_by',
        type: 'text',
        value: (s) => (s.line.recordedBy ?? load.principalName).slice(0, 64),
      },
      { name: 'resident_id', type: 'int', value: (s) => s.residentId },
      { name: 'community_id', type: 'int', value: () => load.communityId },
      { name: 'section_id', type: 'int', value: () => load.sectionId },
      { name: 'task_id', type: 'int', value: (s) => s.taskId },
    ],
  };
  await insertMany(load.tx, table, fresh, load.stamp, '', load.progress);
  for (const s of fresh) load.written.add(s.residentId);
  load.counts.created += fresh.length;
}

/** Tags on residents on record: a line whose tags are all there already is unchanged. */
export async function loadTags(load: Load, lines: TagLine[]): Promise<void> {
  const known = await residentsByIdNumber(
    load.tx,
    lines.map((l) => l.idNumber),
  );
  const tags = await tagsByWord(load.tx);
  const wanted: Array<{ line: TagLine; residentId: number; tagIds: number[] }> = [];
  for (const line of lines) {
    const resident = residentOf(load, known, line);
    const tagIds = resident && resolveTags(load, tags, line.line, line.tags);
    if (resident && tagIds) wanted.push({ line, residentId: resident.id, tagIds });
  }
  const added = await addTags(
    load,
    wanted.flatMap((w) => w.tagIds.map((tagId) => ({ residentId: w.residentId, tagId }))),
  );
  for (const w of wanted) {
    const mine = w.tagIds.filter((t) => added.delete(`${w.residentId}|${t}`)).length;
    if (mine > 0) {
      load.written.add(w.residentId);
      load.counts.created++;
    } else load.counts.unchanged++;
    load.counts.tagsAdded += mine;
  }
}
