import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parseCsv } from './csv.js';

/**
 * Reads a task-list file (准入清单) into raw entries, each with the line (CSV, XLSX row) or the
 * position (JSON, from 1) it came from. Columns / keys: code, title, list, section, datasets,
 * fields, assists; list items are separated by `;` (or `,` `|` and whitespace) in CSV and XLSX,
 * and may be arrays in JSON. Only the shape is checked here; validate.ts checks the content.
 */
export interface TaskListEntry {
  line: number;
  code: string;
  title: string;
  list: string;
  section: string;
  datasets: string[];
  fields: string[];
  assists: string[];
}

export interface TaskListFile {
  /** The year the file names (a JSON file's `year`), if any. */
  year?: number;
  /** `line` or `entry` (JSON), for messages. */
  unit: 'line' | 'entry';
  entries: TaskListEntry[];
}

export const taskListColumns = [
  'code',
  'title',
  'list',
  'section',
  'datasets',
  'fields',
  'assists',
] as const;

export class TaskListFileError extends Error {
  override name = 'TaskListFileError';
}

function items(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter((v) => v !== '');
  if (value == null) return [];
  return String(value)
    .split(/[;,|\s]+/)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function entryOf(line: number, record: Record<string, unknown>): TaskListEntry {
  const text = (key: string) => (record[key] == null ? '' : String(record[key]).trim());
  return {
    line,
    code: text('code'),
    title: text('title'),
    list: text('list'),
    section: text('section'),
    datasets: items(record.datasets),
    fields: items(record.fields),
    assists: items(record.assists),
  };
}

/** Rows of a table (header first) → entries; `firstLine` is the line number of the header. */
function fromTable(rows: string[][], firstLine = 1): TaskListEntry[] {
  const [header, ...body] = rows;
  if (!header) throw new TaskListFileError('the file is empty: expected a header line');
  const names = header.map((h) => h.trim().toLowerCase());
  const missing = taskListColumns.filter((c) => c !== 'assists' && !names.includes(c));
  if (missing.length > 0)
    throw new TaskListFileError(`line ${firstLine}: missing columns ${missing.join(', ')}`);
  return body
    .map((cells, i) => ({ line: firstLine + 1 + i, cells }))
    .filter(({ cells }) => cells.some((c) => c.trim() !== ''))
    .map(({ line, cells }) =>
      entryOf(line, Object.fromEntries(names.map((n, k) => [n, cells[k] ?? '']))),
    );
}

function fromJson(text: string): TaskListFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TaskListFileError('the file is not valid JSON');
  }
  const list = Array.isArray(value) ? value : (value as { tasks?: unknown } | null)?.tasks;
  if (!Array.isArray(list))
    throw new TaskListFileError('expected an array of tasks, or an object { year, tasks: [...] }');
  const year = Array.isArray(value) ? undefined : (value as { year?: unknown }).year;
  if (year !== undefined && !Number.isSafeInteger(year))
    throw new TaskListFileError('year must be a whole number');
  const entries = list.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw new TaskListFileError(`entry ${i + 1}: expected an object`);
    return entryOf(i + 1, item as Record<string, unknown>);
  });
  return { ...(year === undefined ? {} : { year: year as number }), unit: 'entry', entries };
}

async function fromXlsx(file: string): Promise<TaskListFile> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch {
    throw new TaskListFileError('the file is not a readable .xlsx workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new TaskListFileError('the workbook has no sheet');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const values = (row.values as unknown[])
      .slice(1)
      .map((v) =>
        v == null ? '' : typeof v === 'object' && 'text' in v ? String(v.text) : String(v),
      );
    rows[number - 1] = values;
  });
  return { unit: 'line', entries: fromTable(Array.from(rows, (r) => r ?? [])) };
}

/** Reads a .csv, .xlsx or .json task list. */
export async function readTaskListFile(file: string): Promise<TaskListFile> {
  const extension = path.extname(file).toLowerCase();
  if (!['.xlsx', '.json', '.csv'].includes(extension))
    throw new TaskListFileError('the file must end in .csv, .xlsx or .json');
  if (extension === '.xlsx') return fromXlsx(file);
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  if (extension === '.csv') {
    let rows: string[][];
    try {
      rows = parseCsv(text);
    } catch (error) {
      throw new TaskListFileError((error as Error).message);
    }
    return { unit: 'line', entries: fromTable(rows) };
  }
  return fromJson(text);
}
