import type { PrismaClient } from '../../db/client.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { TaskListFile } from './list-file.js';
import { type TaskSpec, validateTaskList } from './validate.js';

/** What an import changes in a year's list, by task code. */
export interface TaskListDiff {
  year: number;
  added: string[];
  removed: string[];
  /** Changed tasks and which of their attributes changed. */
  changed: { code: string; attributes: string[] }[];
  unchanged: number;
}

type Tx = Prisma.TransactionClient;

async function currentList(tx: Tx, year: number): Promise<Map<string, TaskSpec & { id: number }>> {
  const rows = await tx.task.findMany({
    where: { year },
    select: {
      id: true,
      code: true,
      title: true,
      list: true,
      datasets: true,
      fields: true,
      section: { select: { code: true } },
      assists: {
        where: { section: { level: 'DISTRICT' } },
        select: { section: { select: { code: true } } },
      },
    },
  });
  return new Map(
    rows.map((r) => [
      r.code,
      {
        id: r.id,
        code: r.code,
        title: r.title,
        list: r.list,
        section: r.section.code,
        datasets: r.datasets,
        fields: r.fields,
        assists: r.assists.map((a) => a.section.code).sort(),
      },
    ]),
  );
}

const attributes = ['title', 'list', 'section', 'datasets', 'fields', 'assists'] as const;

function changesOf(before: TaskSpec, after: TaskSpec): string[] {
  const same = (a: unknown, b: unknown) =>
    JSON.stringify(Array.isArray(a) ? [...a].sort() : a) ===
    JSON.stringify(Array.isArray(b) ? [...b].sort() : b);
  return attributes.filter((key) => !same(before[key], after[key]));
}

export function diffTaskLists(
  year: number,
  before: Map<string, TaskSpec>,
  after: TaskSpec[],
): TaskListDiff {
  const incoming = new Set(after.map((t) => t.code));
  const changed = after.flatMap((t) => {
    const old = before.get(t.code);
    const attributes = old ? changesOf(old, t) : [];
    return attributes.length > 0 ? [{ code: t.code, attributes }] : [];
  });
  const added = after.filter((t) => !before.has(t.code)).map((t) => t.code);
  return {
    year,
    added,
    removed: [...before.keys()].filter((code) => !incoming.has(code)).sort(),
    changed,
    unchanged: after.length - added.length - changed.length,
  };
}

/** Writes the new list: updates kept codes (ids stay, so records keep their task), adds, removes. */
async function writeList(
  tx: Tx,
  year: number,
  tasks: TaskSpec[],
  before: Map<string, TaskSpec & { id: number }>,
  diff: TaskListDiff,
) {
  const sections = await tx.section.findMany({ select: { id: true, code: true, level: true } });
  const idOf = new Map(sections.map((s) => [s.code, s.id]));
  const sectionId = (code: string) => idOf.get(code) ?? -1;
  // Records of removed tasks keep existing; their task becomes null (ON DELETE SET NULL).
  await tx.task.deleteMany({ where: { year, code: { in: diff.removed } } });
  for (const t of tasks) {
    const data = {
      title: t.title,
      list: t.list,
      sectionId: sectionId(t.section),
      datasets: t.datasets,
      fields: t.fields,
    };
    const old = before.get(t.code);
    if (!old) await tx.task.create({ data: { code: t.code, year, ...data } });
    else if (changesOf(old, t).length > 0)
      await tx.task.update({ where: { id: old.id }, data: { ...data, version: { increment: 1 } } });
  }
  const ids = new Map(
    (await tx.task.findMany({ where: { year }, select: { id: true, code: true } })).map((r) => [
      r.code,
      r.id,
    ]),
  );
  const district = sections.filter((s) => s.level === 'DISTRICT').map((s) => s.id);
  await tx.taskAssist.deleteMany({
    where: { taskId: { in: [...ids.values()] }, sectionId: { in: district } },
  });
  // Committees and street offices assist every task on the list; district sections as listed.
  const local = sections.filter((s) => s.level !== 'DISTRICT').map((s) => s.id);
  const assists = tasks.flatMap((t) =>
    [...t.assists.map(sectionId), ...local].map((s) => ({
      taskId: ids.get(t.code) ?? -1,
      sectionId: s,
    })),
  );
  await tx.taskAssist.createMany({ data: assists, skipDuplicates: true });
}

/**
 * Validates a task list and shows what it would change in its year's list; unless `dryRun`,
 * replaces that year's list with it. Everything happens in one transaction: a failed import
 * leaves the database as it was.
 */
export async function importTaskList(
  db: PrismaClient,
  file: TaskListFile,
  options: { year?: number; dryRun?: boolean } = {},
): Promise<{ diff: TaskListDiff; applied: boolean }> {
  return db.$transaction(
    async (tx) => {
      const { year, tasks } = await validateTaskList(tx, file, options.year);
      const before = await currentList(tx, year);
      const diff = diffTaskLists(year, before, tasks);
      if (!options.dryRun) await writeList(tx, year, tasks, before, diff);
      return { diff, applied: !options.dryRun };
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}
