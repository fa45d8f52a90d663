import { AppError, badInput, ErrorCode } from '../../errors.js';
import {
  type FieldName,
  fieldOfHeading,
  headingKey,
  headings,
  type ImportKind,
  isFieldName,
  kinds,
} from './fields.js';
import type { Sheet, SheetLine } from './parse.js';

/** A mapping file: heading as written in the ledger → field name (null or "" leaves the column out). */
export type Mapping = Record<string, FieldName | null>;

/** Where the data is: the heading line, and the field of each column (undefined: not imported). */
export interface Layout {
  headerLine: number;
  headings: string[];
  columns: Array<FieldName | undefined>;
  /** Headings that name no field of this kind (left out of the import, listed in the summary). */
  ignored: string[];
  /** Each field's heading as the file writes it: error messages name it. */
  labels: Partial<Record<FieldName, string>>;
}

/** How many lines from the top may hold titles before the heading line. */
const searchDepth = 20;

/** Checks a mapping given as JSON (file or query): every target must be a field of the kind. Values never echoed. */
export function parseMapping(kind: ImportKind, json: unknown): Mapping {
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw badInput('mapping', 'must be a JSON object of heading → field');
  const mapping: Mapping = {};
  for (const [heading, field] of Object.entries(json as Record<string, unknown>)) {
    if (field === null || field === '') mapping[headingKey(heading)] = null;
    else if (typeof field === 'string' && isFieldName(field) && kinds[kind].fields.includes(field))
      mapping[headingKey(heading)] = field;
    else
      throw badInput(
        'mapping',
        `targets must be fields of ${kind}: ${kinds[kind].fields.join(', ')}`,
      );
  }
  return mapping;
}

function fieldOf(kind: ImportKind, heading: string, mapping: Mapping): FieldName | undefined {
  const key = headingKey(heading);
  if (key === '') return undefined;
  if (Object.hasOwn(mapping, key)) return mapping[key] ?? undefined;
  const field = fieldOfHeading(heading);
  return field && kinds[kind].fields.includes(field) ? field : undefined;
}

/**
 * Finds the heading line (the one among the first lines naming most fields of the kind: titles
 * and merged group headings above it are skipped) and maps its columns. A field named twice is
 * taken from its first column. Missing required columns are a BAD_USER_INPUT for the whole file.
 */
export function layoutOf(sheet: Sheet, kind: ImportKind, mapping: Mapping = {}): Layout {
  const top: SheetLine[] = [];
  for (const line of sheet.lines) if (top.push(line) >= searchDepth) break;
  let best: { index: number; count: number } = { index: -1, count: 0 };
  top.forEach((line, i) => {
    const fields = new Set(line.cells.map((h) => fieldOf(kind, h, mapping)).filter(Boolean));
    if (fields.size > best.count) best = { index: i, count: fields.size };
  });
  const spec = kinds[kind];
  const expected = spec.required.map((f) => headings[f][0]).join(', ');
  if (best.index < 0)
    throw badInput('file', `no heading line found: expected headings such as ${expected}`);
  const header = top[best.index]!;
  const seen = new Set<FieldName>();
  const ignored: string[] = [];
  const labels: Partial<Record<FieldName, string>> = {};
  const columns = header.cells.map((heading) => {
    const field = fieldOf(kind, heading, mapping);
    if (!field || seen.has(field)) {
      if (heading.trim() !== '') ignored.push(heading.trim());
      return undefined;
    }
    seen.add(field);
    labels[field] = heading.replace(/\s+/g, ' ').trim();
    return field;
  });
  const missing = spec.required.filter((f) => !seen.has(f));
  if (missing.length > 0) {
    // The headings go with the refusal so a mapping screen can offer them (headings, not values).
    throw new AppError(
      ErrorCode.BAD_USER_INPUT,
      `file: no column for ${missing.map((f) => `${headings[f][0]} (${f})`).join(', ')}; give a mapping if the ledger names it otherwise`,
      { field: 'file', headerLine: header.line, headings: header.cells.map((h) => h.trim()) },
    );
  }
  return { headerLine: header.line, headings: header.cells, columns, ignored, labels };
}

/** A data line's values by field, for the lines below the heading; blank lines are left out. */
export function* recordsOf(
  sheet: Sheet,
  layout: Layout,
): Generator<{ line: number; values: Partial<Record<FieldName, string>> }> {
  for (const { line, cells } of sheet.lines) {
    if (line <= layout.headerLine) continue;
    if (cells.every((c) => c.trim() === '')) continue;
    const values: Partial<Record<FieldName, string>> = {};
    layout.columns.forEach((field, i) => {
      if (field) values[field] = cells[i] ?? '';
    });
    yield { line, values };
  }
}
