import { seedDatabase } from '../../src/seed/index.js';
import type { Caller, TestHub } from '../support/hub.js';
import { callerFor, committeeOf } from './callers.js';

/** The seeded district reports are tested on: small enough for a test, large enough for suppression. */
export const seedReports =
  (residents = 300) =>
  async (hub: TestHub['hub']) =>
    void (await seedDatabase(hub.prisma, { residents, seed: 7 }));

/** Callers with a purpose that covers RESIDENTS and age: health (FULL on age), population (AGGREGATE), veterans, a committee. */
export async function reportCallers(
  t: TestHub,
): Promise<Record<'health' | 'population' | 'veterans' | 'committee', Caller>> {
  const committee = await committeeOf(t);
  return {
    health: await callerFor(t, 'health', 'RESIDENTS', ['Resident.age']),
    population: await callerFor(t, 'population', 'RESIDENTS', ['Resident.age']),
    veterans: await callerFor(t, 'veterans', 'RESIDENTS'),
    committee: await callerFor(t, committee.section, 'RESIDENTS'),
  };
}

export const reportQuery = `query($i: ReportInput!) { report(input: $i) { columns { key label } rows { values totals suppressed } suppressedCells suppressionK perturbed } }`;

export const saveMutation = `mutation($i: SaveReportInput!) { saveReport(input: $i) { id name description input owner { code } sharedWith { code } createdBy } }`;

export const runQuery = `query($id: ID!) { runReport(id: $id) { columns { key label } rows { values totals suppressed } suppressedCells suppressionK perturbed } }`;

/** A report as `reportQuery` and `runQuery` select it. */
export interface ReportAnswer {
  columns: Array<{ key: string; label: string }>;
  rows: Array<{ values: unknown[]; totals: boolean[]; suppressed: boolean }>;
  suppressedCells: number;
  suppressionK: number | null;
  perturbed: boolean;
}
/** What `reportQuery`, `runQuery` and `saveMutation` answer. */
export interface Reported {
  report: ReportAnswer;
}
export interface Ran {
  runReport: ReportAnswer;
}
export interface Saved {
  saveReport: {
    id: string;
    name: string;
    description: string | null;
    input: Record<string, unknown>;
    owner: { code: string };
    sharedWith: Array<{ code: string }>;
    createdBy: string;
  };
}
