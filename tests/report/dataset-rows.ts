import { ageOn, today } from '../../src/modules/resident/age.js';
import type { TestHub } from '../support/hub.js';

/**
 * The seeded rows of every report dataset, read with Prisma and reduced in JavaScript: the
 * independent computation report results are checked against.
 */
export const bandOf = (age: number) =>
  age < 18
    ? '0-17'
    : age < 35
      ? '18-34'
      : age < 60
        ? '35-59'
        : age < 70
          ? '60-69'
          : age < 80
            ? '70-79'
            : '80+';
export const sizeOf = (members: number) => (members >= 5 ? '5+' : String(members));
/** YYYY-MM in China Standard Time (UTC+8). */
export const monthOf = (at: Date) =>
  new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);

export interface Person {
  id: number;
  key: number;
  communityId: number;
  community: string;
  band: string;
  gender: string;
  status: string;
  residenceType: string;
  householdId: number | null;
  size: string | null;
  tags: string[];
}
export interface Home {
  id: number;
  key: number;
  memberKeys: Array<{ id: number; key: number }>;
  communityId: number;
  community: string;
  members: number;
  size: string;
  bands: string[];
}
export interface Visit {
  id: number;
  key: number;
  kind: string;
  month: string;
  day: string;
  communityId: number;
  community: string;
  person: Person;
}
export interface Case {
  category: string;
  status: string;
  role: string;
  month: string;
  communityId: number;
  community: string;
}

export interface DatasetRows {
  people: Person[];
  homes: Home[];
  visits: Visit[];
  cases: Case[];
}

export async function readDatasets(t: TestHub): Promise<DatasetRows> {
  const db = t.hub.prisma;
  const on = today();
  const names = new Map((await db.community.findMany()).map((c) => [c.id, c.name]));
  // The cell keys of disclosure control are not in the Prisma client (@ignore): read them directly.
  const keysOf = async (table: 'resident' | 'household' | 'service_record') =>
    new Map(
      (
        await db.$queryRawUnsafe<Array<{ id: number; cell_key: number }>>(
          `SELECT id, cell_key FROM ${table}`,
        )
      ).map((r) => [r.id, r.cell_key]),
    );
  const [residentKeys, householdKeys, recordKeys] = [
    await keysOf('resident'),
    await keysOf('household'),
    await keysOf('service_record'),
  ];
  const residents = await db.resident.findMany({
    include: { tags: { include: { tag: true } } },
    orderBy: { id: 'asc' },
  });
  const households = await db.household.findMany({
    include: { members: { select: { id: true, birthDate: true } } },
  });
  const sizes = new Map(households.map((h) => [h.id, sizeOf(h.members.length)]));
  const people: Person[] = residents.map((r) => ({
    id: r.id,
    key: residentKeys.get(r.id)!,
    communityId: r.communityId,
    community: names.get(r.communityId)!,
    band: bandOf(ageOn(r.birthDate, on)),
    gender: r.gender,
    status: r.status,
    residenceType: r.residenceType,
    householdId: r.householdId,
    size: r.householdId === null ? null : sizes.get(r.householdId)!,
    tags: r.tags.map((x) => x.tag.code),
  }));
  const homes: Home[] = households.map((h) => ({
    id: h.id,
    key: householdKeys.get(h.id)!,
    memberKeys: h.members.map((m) => ({ id: m.id, key: residentKeys.get(m.id)! })),
    communityId: h.communityId,
    community: names.get(h.communityId)!,
    members: h.members.length,
    size: sizeOf(h.members.length),
    bands: h.members.map((m) => bandOf(ageOn(m.birthDate, on))),
  }));
  const byId = new Map(people.map((p) => [p.id, p]));
  const visits: Visit[] = (await db.serviceRecord.findMany()).map((s) => ({
    id: s.id,
    key: recordKeys.get(s.id)!,
    kind: s.kind,
    month: monthOf(s.occurredAt),
    day: new Date(s.occurredAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10),
    communityId: s.communityId,
    community: names.get(s.communityId)!,
    person: byId.get(s.residentId)!,
  }));
  const cases: Case[] = (await db.hotlineCase.findMany()).map((c) => ({
    category: c.category,
    status: c.status,
    role: c.role,
    month: monthOf(c.receivedAt),
    communityId: c.communityId,
    community: names.get(c.communityId)!,
  }));
  return { people, homes, visits, cases };
}

/** Rows grouped by a key, as a Map of key → rows. */
export function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

export const distinct = <T>(values: T[]) => new Set(values).size;

export interface ReportRow {
  values: unknown[];
  totals: boolean[];
  suppressed: boolean;
}

/** Report rows by their dimension values joined with `|` (detail rows only). */
export function rowsByKey(rows: ReportRow[], dimensions: number): Map<string, unknown[]> {
  return new Map(
    rows
      .filter((r) => !r.totals.some(Boolean))
      .map((r) => [r.values.slice(0, dimensions).join('|'), r.values.slice(dimensions)]),
  );
}
