/**
 * The civil-affairs monthly elderly-care list (独居老人关爱走访清单): everyone tagged
 * ELDERLY_ALONE who still lives in the caller's jurisdiction, with age, address and the latest
 * home visit, those not visited for a while first. Reads the hub through the SDK only.
 */
import {
  CareListDocument,
  type CareListQuery,
  type OneTableClient,
  TasksDocument,
} from '@onetable/sdk';

type CareListNode = CareListQuery['residents']['edges'][number]['node'];

export interface CareListRow {
  community: string;
  name: string;
  age: number | null;
  address: string;
  phone: string;
  /** Date of the latest home visit among the recent service records (Shanghai time), or null. */
  lastVisit: string | null;
  visitedBy: string | null;
  /** No home visit within `dueAfterDays` days. */
  due: boolean;
}

export interface CareListOptions {
  tag: string;
  community?: string;
  asOf: Date;
  dueAfterDays: number;
}

/** The task code to name as purpose: the year's task about caring for people living alone. */
export async function findCareTask(hub: OneTableClient): Promise<string | undefined> {
  const { tasks } = await hub.request(TasksDocument, {});
  return tasks.find((task) => task.title.includes('独居'))?.code;
}

const shanghaiDate = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);

function toRow(resident: CareListNode, options: CareListOptions): CareListRow {
  const visit = resident.serviceRecords.edges
    .map((edge) => edge.node)
    .find((record) => record.kind === 'HOME_VISIT');
  const dueBefore = options.asOf.getTime() - options.dueAfterDays * 86_400_000;
  return {
    community: resident.community.name,
    name: resident.name ?? '',
    age: resident.age,
    address: resident.household?.address ?? '',
    phone: resident.phone ?? '',
    lastVisit: visit ? shanghaiDate(visit.occurredAt) : null,
    visitedBy: visit?.recordedBy ?? null,
    due: !visit || Date.parse(visit.occurredAt) < dueBefore,
  };
}

/** Fetches every page of the list and sorts it: due first, then the longest since a visit. */
export async function buildCareList(
  hub: OneTableClient,
  options: CareListOptions,
): Promise<CareListRow[]> {
  const rows: CareListRow[] = [];
  const variables = { tag: options.tag, community: options.community ?? null, first: 100 };
  for await (const resident of hub.paginate(
    CareListDocument,
    variables,
    (data) => data.residents,
  )) {
    rows.push(toRow(resident, options));
  }
  return rows.sort(
    (a, b) =>
      Number(b.due) - Number(a.due) ||
      (a.lastVisit ?? '').localeCompare(b.lastVisit ?? '') ||
      a.community.localeCompare(b.community) ||
      a.name.localeCompare(b.name),
  );
}

const headings = [
  '社区 community',
  '姓名 name',
  '年龄 age',
  '地址 address',
  '电话 phone',
  '最近走访 last visit',
  '走访人 by',
  '需走访 due',
];

function cells(row: CareListRow): string[] {
  return [
    row.community,
    row.name,
    row.age === null ? '' : String(row.age),
    row.address,
    row.phone,
    row.lastVisit ?? '',
    row.visitedBy ?? '',
    row.due ? '是 yes' : '',
  ];
}

export function toCsv(rows: CareListRow[]): string {
  const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  return [headings, ...rows.map(cells)].map((line) => line.map(quote).join(',')).join('\n') + '\n';
}

/** A plain text table; CJK characters count as two columns. */
export function toTable(rows: CareListRow[]): string {
  const width = (text: string) =>
    [...text].reduce((sum, char) => sum + (/[\u2e80-\uffff]/.test(char) ? 2 : 1), 0);
  const lines = [headings, ...rows.map(cells)];
  const widths = headings.map((_, column) =>
    Math.max(...lines.map((line) => width(line[column] ?? ''))),
  );
  const pad = (text: string, column: number) =>
    text + ' '.repeat((widths[column] ?? 0) - width(text));
  return lines.map((line) => line.map(pad).join('  ').trimEnd()).join('\n') + '\n';
}
