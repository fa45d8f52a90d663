import type { Caller, TestHub } from '../support/hub.js';

/**
 * A caller of `section` whose purpose may be used for a report: the first task the section owns
 * or assists whose datasets include `dataset` and whose fields include `fields` (the task list
 * bounds every purpose). Falls back to the section's first task, so a refusal can be tested.
 */
export async function callerFor(
  t: TestHub,
  section: string,
  dataset: string,
  fields: string[] = [],
): Promise<Caller> {
  const tasks = await t.hub.prisma.task.findMany({
    where: {
      OR: [{ section: { code: section } }, { assists: { some: { section: { code: section } } } }],
    },
    orderBy: [{ year: 'desc' }, { id: 'asc' }],
  });
  const fit = tasks.find(
    (task) => task.datasets.includes(dataset) && fields.every((f) => task.fields.includes(f)),
  );
  const task = fit ?? tasks[0];
  if (!task) throw new Error(`section ${section} has no task`);
  return { section, purpose: task.code };
}

/** The code of a committee section of a community with residents (the lowest id). */
export async function committeeOf(t: TestHub): Promise<{ section: string; communityId: number }> {
  const c = await t.hub.prisma.community.findFirstOrThrow({
    where: { residents: { some: {} } },
    orderBy: { id: 'asc' },
  });
  return { section: `committee:${c.code}`, communityId: c.id };
}
