import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { badInput } from '../../errors.js';
import type { SheetLine } from './parse.js';

/**
 * XLSX ledgers, read as a stream (exceljs' WorkbookReader): rows become text cells as they are
 * parsed, so a 100,000-line workbook never exists as exceljs' whole object model (a cell object
 * with styles per cell). The streaming reader ignores merged cells, so the sheet's `<mergeCell>`
 * ranges are read from its XML separately (streamed too) and applied to the text lines.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell of exceljs as text: dates as YYYY-MM-DD (with HH:MM when not midnight), formulas by result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const day = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const minutes = value.getUTCHours() * 60 + value.getUTCMinutes();
    return minutes === 0 ? day : `${day} ${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    return '';
  }
  return String(value);
}

/** `B12` → { row: 12, column: 2 }. */
function address(ref: string): { row: number; column: number } {
  const [, letters = 'A', digits = '1'] = /^([A-Z]+)(\d+)$/.exec(ref) ?? [];
  let column = 0;
  for (const ch of letters) column = column * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(digits), column };
}

/** The merged ranges of one worksheet's XML, scanned as a stream (they follow the rows). */
async function mergesOf(zip: JSZip, sheetNo: string): Promise<Array<[string, string]>> {
  const file = zip.file(`xl/worksheets/sheet${sheetNo}.xml`);
  if (!file) return [];
  const ranges: Array<[string, string]> = [];
  const pattern = /<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+):([A-Z]+\d+)"/g;
  let tail = '';
  const scan = (chunk: Buffer) => {
    const text = tail + chunk.toString('latin1'); // tags and cell references are ASCII
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      ranges.push([match[1]!, match[2]!]);
      last = match.index + match[0].length;
    }
    tail = text.slice(Math.max(last, text.length - 200)); // a tag cut between two chunks
  };
  await new Promise<void>((resolve, reject) => {
    file
      .nodeStream('nodebuffer')
      .on('data', (chunk: Buffer) => scan(chunk))
      .on('end', () => resolve())
      .on('error', reject);
  });
  return ranges;
}

/** The first worksheet with content, as text lines; a merged cell's value repeated in every cell it covers. */
export async function readXlsx(bytes: Uint8Array): Promise<SheetLine[]> {
  let lines: SheetLine[] = [];
  let sheetNo: string | null = null;
  let width = 0;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes)]), {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    });
    for await (const worksheet of reader) {
      // Every row the sheet stores is kept (blank ones too: the error report repeats the sheet).
      const rows: SheetLine[] = [];
      let content = false;
      let rowsWidth = 0;
      for await (const row of worksheet) {
        if (sheetNo !== null) continue; // drain the later sheets
        const values = row.values as ExcelJS.CellValue[];
        const cells = Array.from({ length: Math.max(values.length - 1, 0) }, (_, i) =>
          cellText(values[i + 1] ?? null),
        );
        content ||= cells.some((c) => c !== '');
        rowsWidth = Math.max(rowsWidth, cells.length);
        rows.push({ line: row.number, cells });
      }
      if (sheetNo === null && content) {
        sheetNo = String((worksheet as unknown as { id: string | number }).id);
        lines = rows;
        width = rowsWidth;
      }
    }
  } catch {
    throw badInput('file', 'is not a readable XLSX workbook');
  }
  if (sheetNo === null) return [];
  const zip = await JSZip.loadAsync(bytes);
  const byNumber = new Map(lines.map((l) => [l.line, l]));
  for (const [from, to] of await mergesOf(zip, sheetNo)) {
    const a = address(from);
    const b = address(to);
    const value = byNumber.get(a.row)?.cells[a.column - 1] ?? '';
    width = Math.max(width, b.column);
    for (let r = a.row; r <= b.row; r++) {
      const line = byNumber.get(r);
      if (!line) continue;
      for (let c = a.column; c <= b.column; c++) line.cells[c - 1] = value;
    }
  }
  for (const line of lines) while (line.cells.length < width) line.cells.push('');
  return lines;
}
