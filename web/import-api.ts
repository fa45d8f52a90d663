import { RequestFailed, type GqlError } from './gql.js';
import { sessionHeaders } from './session.js';

/**
 * The import screen's calls: the same POST /import/<kind> route the CLI sends its file to (so the
 * screen, the CLI and the route run one piece of code), signed in by the session cookie.
 */
export const importKinds = ['residents', 'households', 'services', 'tags'] as const;
export type ImportKind = (typeof importKinds)[number];

/** The fields of each kind, as the hub's import reads them (src/modules/import/fields.ts). */
export const fieldsOf: Record<ImportKind, string[]> = {
  residents: [
    'name',
    'idNumber',
    'gender',
    'birthDate',
    'ethnicity',
    'phone',
    'address',
    'householdNumber',
    'relationToHead',
    'residenceType',
    'status',
    'moveInDate',
    'tags',
  ],
  households: ['address', 'householdNumber', 'headIdNumber'],
  services: ['idNumber', 'name', 'occurredAt', 'notes', 'serviceKind', 'task', 'recordedBy'],
  tags: ['idNumber', 'name', 'tags'],
};

/** A field as the screen names it: the ledger heading the hub knows it by, and the field. */
export const fieldLabels: Record<string, string> = {
  name: '姓名',
  idNumber: '身份证号',
  gender: '性别',
  birthDate: '出生日期',
  ethnicity: '民族',
  phone: '联系电话',
  address: '住址',
  householdNumber: '户号',
  relationToHead: '与户主关系',
  residenceType: '户籍类型',
  status: '人员状态',
  moveInDate: '入住日期',
  tags: '人员类别',
  headIdNumber: '户主身份证号',
  occurredAt: '走访日期',
  notes: '走访内容',
  serviceKind: '服务类型',
  task: '任务编号',
  recordedBy: '走访人',
};

export interface ImportAnswer {
  applied: boolean;
  dryRun: boolean;
  community: string;
  format: string;
  encoding: string;
  headerLine: number;
  columns: Array<{ heading: string; field: string | null }>;
  counts: Record<string, number>;
  errors: Array<{ line: number; field?: string; message: string }>;
  sha256: string;
}

export interface ImportRequest {
  kind: ImportKind;
  file: File;
  purpose: string;
  community: string;
  onExisting: string;
  partial: boolean;
  dryRun: boolean;
  /** heading → field (null: not imported), when the user adjusted the columns. */
  mapping: Record<string, string | null> | null;
}

/** A refusal of the whole file; `headings` when the heading line lacked a required column. */
export class ImportRefused extends RequestFailed {
  constructor(
    errors: GqlError[],
    readonly headings: string[] | null,
  ) {
    super(errors);
  }
}

export async function postImport(request: ImportRequest): Promise<ImportAnswer> {
  const query = new URLSearchParams({ onExisting: request.onExisting });
  if (request.dryRun) query.set('dryRun', 'true');
  if (request.partial) query.set('partial', 'true');
  if (request.community.trim()) query.set('community', request.community.trim());
  if (request.mapping) query.set('mapping', JSON.stringify(request.mapping));
  const res = await fetch(`/import/${request.kind}?${query}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/octet-stream', ...sessionHeaders(request.purpose) },
    body: request.file,
  });
  const body = (await res.json().catch(() => null)) as
    | (ImportAnswer & { errors: ImportAnswer['errors'] })
    | { errors?: Array<GqlError & { extensions?: { headings?: string[] } }> }
    | null;
  if (res.ok && body && 'counts' in body) return body;
  const errors = (body as { errors?: Array<GqlError & { extensions?: { headings?: string[] } }> })
    ?.errors ?? [{ message: `HTTP ${res.status}` }];
  throw new ImportRefused(errors, errors[0]?.extensions?.headings ?? null);
}
