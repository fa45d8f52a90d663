import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import type { Sheet } from './parse.js';
import type { RowError } from './validate.js';

/** Heading of the column the error report adds. */
export const errorHeading = '错误 error';

/** Where the report goes by default: next to the input, `<name>.errors.csv` (or `.xlsx` for a workbook). */
export function defaultReportPath(input: string, format: 'csv' | 'xlsx'): string {
  const parsed = path.parse(input);
  return path.join(parsed.dir, `${parsed.name}.errors.${format}`);
}

/** Each line's messages joined, by line number. */
function messagesByLine(errors: readonly RowError[]): Map<number, string> {
  const map = new Map<number, string[]>();
  for (const e of errors) map.set(e.line, [...(map.get(e.line) ?? []), e.message]);
  return new Map([...map].map(([line, list]) => [line, list.join('; ')]));
}

const csvCell = (value: string) =>
  /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

/**
 * The spreadsheet as read, from the heading line down, with an error column: the importer fixes
 * the marked lines and imports the file again (lines already imported stay unchanged). CSV in
 * UTF-8 with a BOM (Excel opens it as Unicode) or XLSX, chosen by the extension of `file`.
 * Written to `<file>.part` and renamed, mode 0600: it holds personal data.
 */
export async function writeErrorReport(
  sheet: Sheet,
  headerLine: number,
  errors: readonly RowError[],
  file: string,
): Promise<void> {
  const messages = messagesByLine(errors);
  let width = 0;
  for (const l of sheet.lines) width = Math.max(width, l.cells.length);
  function* rows() {
    for (const l of sheet.lines) {
      if (l.line < headerLine) continue;
      const cells = [...l.cells, ...Array<string>(width - l.cells.length).fill('')];
      yield [...cells, l.line === headerLine ? errorHeading : (messages.get(l.line) ?? '')];
    }
  }
  const part = `${file}.part`;
  try {
    if (file.toLowerCase().endsWith('.xlsx')) {
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: part });
      const worksheet = workbook.addWorksheet('errors');
      for (const row of rows()) worksheet.addRow(row).commit();
      await workbook.commit();
    } else {
      const out = createWriteStream(part, { mode: 0o600 });
      out.write('\uFEFF');
      for (const row of rows())
        if (!out.write(`${row.map(csvCell).join(',')}\r\n`)) await once(out, 'drain');
      out.end();
      await once(out, 'finish');
    }
    await rename(part, file);
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
}
