import { seedDatabase } from '../../src/seed/index.js';
import type { Caller, TestHub } from '../support/hub.js';

/** The seeded district reports are tested on: small enough for a test, large enough for suppression. */
export const seedReports = (residents = 300) => async (hub: TestHub['hub']) => void (await seedDatabase(hub.prisma, { residents, seed: 7 }));

/** Callers with a purpose their section owns: health (FULL on age), population (AGGREGATE), veterans, a committee. */
export async function reportCallers(t: TestHub): Promise<Record<'health' | 'population' | 'veterans' | 'committee', Caller>> {
  const callers = {} as Record<'health' | 'population' | 'veterans' | 'committee', Caller>;
  for (const code of ['health', 'population', 'veterans'] as const) {
    const task = await t.hub.prisma.task.findFirst({ where: { section: { code } }, orderBy: { id: 'asc' } });
    callers[code] = { section: code, purpose: task!.code };
  }
  const anyTask = await t.hub.prisma.task.findFirst({ orderBy: { id: 'asc' } });
  const c = await t.hub.prisma.community.findFirstOrThrow({ where: { residents: { some: {} } }, orderBy: { id: 'asc' } });
  callers.committee = { section: `committee:${c.code}`, purpose: anyTask!.code };
  return callers;
}

export const reportQuery = `query($i: ReportInput!) { report(input: $i) { columns { key label } rows { values totals suppressed } suppressedCells suppressionK } }`;

export const saveMutation = `mutation($i: SaveReportInput!) { saveReport(input: $i) { id name description input owner { code } sharedWith { code } createdBy } }`;

export const runQuery = `query($id: ID!) { runReport(id: $id) { columns { key label } rows { values totals suppressed } suppressedCells suppressionK } }`;
