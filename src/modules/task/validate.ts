import { personalFieldNames, tagGrantType } from '../../access/fields.js';
import type { PrismaClient } from '../../db/client.js';
import type { TaskList } from '../../generated/prisma/enums.js';
import type { TaskListEntry, TaskListFile } from './list-file.js';

/** The report datasets a task may name. */
export const taskDatasets = [
  'RESIDENTS',
  'HOUSEHOLDS',
  'SERVICE_RECORDS',
  'HOTLINE_CASES',
] as const;

/** A checked task of an imported list. */
export interface TaskSpec {
  code: string;
  title: string;
  list: TaskList;
  /** Code of the responsible section. */
  section: string;
  datasets: string[];
  fields: string[];
  /** Codes of the district sections assisting it. */
  assists: string[];
}

export class TaskListInvalid extends Error {
  override name = 'TaskListInvalid';
  constructor(readonly problems: string[]) {
    super(`the task list has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  }
}

const lists: Record<string, TaskList> = {
  DUTY: 'DUTY',
  ASSIST: 'ASSIST',
  依法履职: 'DUTY',
  依法协助: 'ASSIST',
};

/** Shows a value from the file only when it looks like an identifier (never free text). */
function shown(value: string): string {
  return /^[A-Za-z0-9._:-]{1,48}$/.test(value) ? `"${value}"` : '(value not shown)';
}

/** The year of a list: given, the file's own, or the one all codes (T<year>-NNN) share. */
function yearOf(file: TaskListFile, given: number | undefined): number {
  if (given !== undefined) return given;
  if (file.year !== undefined) return file.year;
  const years = new Set(file.entries.map((e) => /^T(\d{4})-/.exec(e.code)?.[1]));
  const [only] = years;
  if (years.size !== 1 || !only)
    throw new TaskListInvalid([
      'cannot tell the year: pass --year, or use codes T<year>-NNN of one year',
    ]);
  return Number(only);
}

/**
 * Checks every entry against the year, the sections and tags on record and the personal fields
 * of the API, collecting every problem with its line. Messages never quote titles.
 */
export async function validateTaskList(
  db: Pick<PrismaClient, 'section' | 'tag'>,
  file: TaskListFile,
  givenYear?: number,
): Promise<{ year: number; tasks: TaskSpec[] }> {
  const year = yearOf(file, givenYear);
  const problems: string[] = [];
  if (year < 2000 || year > 2100) problems.push(`year must be between 2000 and 2100`);
  if (file.entries.length === 0) problems.push('the list has no tasks');
  const sections = new Map(
    (await db.section.findMany({ select: { code: true, level: true } })).map((s) => [
      s.code,
      s.level,
    ]),
  );
  const tags = new Set(
    (await db.tag.findMany({ select: { code: true } })).map((t) => `${tagGrantType}.${t.code}`),
  );
  const fields = new Set([...personalFieldNames(), ...tags]);
  const seen = new Map<string, number>();
  const tasks: TaskSpec[] = [];
  for (const e of file.entries) {
    const at = `${file.unit} ${e.line}`;
    const bad = (message: string) => problems.push(`${at}: ${message}`);
    if (!/^T\d{4}-\d{3}$/.test(e.code)) bad('code must look like T2027-001');
    else if (!e.code.startsWith(`T${year}-`)) bad(`code ${shown(e.code)} is not of year ${year}`);
    else if (seen.has(e.code))
      bad(`code ${shown(e.code)} repeats ${file.unit} ${seen.get(e.code)}`);
    else seen.set(e.code, e.line);
    if (e.title === '') bad('title is empty');
    else if (e.title.length > 128) bad('title is longer than 128 characters');
    const list = lists[e.list.toUpperCase()] ?? lists[e.list];
    if (!list) bad('list must be DUTY (依法履职) or ASSIST (依法协助)');
    if (sections.get(e.section) !== 'DISTRICT')
      bad(`section ${shown(e.section)} is not a district section on record`);
    for (const d of e.datasets)
      if (!(taskDatasets as readonly string[]).includes(d))
        bad(`dataset ${shown(d)} is not one of ${taskDatasets.join(', ')}`);
    for (const f of e.fields)
      if (!fields.has(f))
        bad(
          `field ${shown(f)} is not a personal field (Type.field) or a tag on record (Tag.<code>)`,
        );
    for (const a of e.assists)
      if (sections.get(a) !== 'DISTRICT')
        bad(`assisting section ${shown(a)} is not a district section on record`);
    tasks.push(specOf(e, list ?? 'DUTY'));
  }
  if (problems.length > 0) throw new TaskListInvalid(problems);
  return { year, tasks };
}

function specOf(e: TaskListEntry, list: TaskList): TaskSpec {
  const unique = (values: string[]) => [...new Set(values)];
  return {
    code: e.code,
    title: e.title,
    list,
    section: e.section,
    datasets: unique(e.datasets),
    fields: unique(e.fields),
    assists: unique(e.assists)
      .filter((a) => a !== e.section)
      .sort(),
  };
}
