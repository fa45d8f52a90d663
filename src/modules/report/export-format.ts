import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ReportColumnValue, ReportRowValue } from './types.js';

/** A sink the report rows stream into, batch by batch. */
export interface ExportWriter {
  contentType: string;
  extension: string;
  /** Writes the heading; the first `dimensions` columns are dimensions. */
  start(columns: ReportColumnValue[], dimensions: number): Promise<void>;
  write(rows: ReportRowValue[]): Promise<void>;
  end(): Promise<void>;
}

/** What a total row shows in the dimension it totals over. */
export const totalLabel = '合计 Total';

function shown(row: ReportRowValue, i: number, dimensions: number): unknown {
  return i < dimensions && row.totals[i] ? totalLabel : row.values[i];
}

async function drained(out: Writable): Promise<void> {
  if (out.writableNeedDrain) await once(out, 'drain');
}

/**
 * One CSV field: quoted when needed; a text starting with = + - @ or a control character gets a
 * leading apostrophe so a spreadsheet never runs it as a formula. Null (a suppressed measure) is empty.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV in UTF-8 with a byte-order mark, so Excel shows Chinese headings and names correctly. */
export function csvWriter(out: Writable): ExportWriter {
  let dimensions = 0;
  const line = (cells: unknown[]) => `${cells.map(csvField).join(',')}\r\n`;
  return {
    contentType: 'text/csv; charset=utf-8',
    extension: 'csv',
    async start(columns, count) {
      dimensions = count;
      out.write(`\uFEFF${line(columns.map((c) => c.label))}`);
    },
    async write(rows) {
      out.write(
        rows.map((row) => line(row.values.map((_, i) => shown(row, i, dimensions)))).join(''),
      );
      await drained(out);
    },
    async end() {
      await new Promise<void>((resolve) => out.end(resolve));
    },
  };
}

/** XLSX through exceljs' streaming writer: rows are committed as they come, never held in a workbook. */
export function xlsxWriter(out: Writable): ExportWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: false,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet('报表 Report');
  let dimensions = 0;
  return {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
    async start(columns, count) {
      dimensions = count;
      sheet.columns = columns.map((c) => ({
        header: c.label,
        key: c.key,
        width: Math.max(12, c.label.length * 2),
      }));
      sheet.getRow(1).font = { bold: true };
      sheet.getRow(1).commit();
    },
    async write(rows) {
      for (const row of rows)
        sheet.addRow(row.values.map((_, i) => shown(row, i, dimensions))).commit();
      await drained(out);
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
