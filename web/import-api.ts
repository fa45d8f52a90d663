import { RequestFailed, type GqlError } from './gql.js';
import { sessionHeaders } from './session.js';
import { headings, importKinds, kinds, type ImportKind } from '../src/modules/import/fields.js';

/**
 * The import screen's calls: the same POST /import/<kind> route the CLI sends its file to (so the
 * screen, the CLI and the route run one piece of code), signed in by the session cookie.
 *
 * The kinds, their fields and the heading the hub names each field by are the hub's own
 * declaration (src/modules/import/fields.ts: plain data, no server code), bundled at build: the
 * screen offers exactly what the import reads, from one list, with no call to make.
 */
export { importKinds, type ImportKind };

export const fieldsOf: Record<ImportKind, readonly string[]> = Object.fromEntries(
  importKinds.map((kind) => [kind, kinds[kind].fields]),
) as Record<ImportKind, readonly string[]>;

/** A field as the screen names it: the ledger heading the hub knows it by first. */
export const fieldLabels: Record<string, string> = Object.fromEntries(
  Object.entries(headings).map(([field, names]) => [field, names[0] ?? field]),
);

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
