import { badInput } from '../../errors.js';
import { readXlsx } from './xlsx.js';

/** One line of a spreadsheet: its number as the spreadsheet shows it (1-based) and its cells. */
export interface SheetLine {
  line: number;
  cells: string[];
}

/** A ledger file read into text cells, before headings are found. */
export interface Sheet {
  format: 'csv' | 'xlsx';
  /** utf-8, utf-16le, utf-16be or gb18030 for CSV; xlsx files are always Unicode. */
  encoding: string;
  /** The lines, read again on each iteration (a CSV's cells exist only while a line is looked at). */
  lines: Iterable<SheetLine>;
}

/** Whether the bytes are an XLSX (a zip) rather than text. */
export function isXlsx(bytes: Uint8Array): boolean {
  return (
    bytes.length > 4 &&
    bytes[0] === 0x50 &&
    bytes[1] === 0x4b &&
    bytes[2] === 0x03 &&
    bytes[3] === 0x04
  );
}

/**
 * The text of a CSV file: UTF-8 with or without BOM, UTF-16 with BOM, else GB18030 (a superset
 * of GBK, what Excel saves as "CSV" on a Chinese Windows) when the bytes are not valid UTF-8.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** The delimiter of a CSV text: a tab when the first line has tabs and no commas, else a comma. */
function delimiterOf(text: string): string {
  const first = text.slice(0, text.search(/\r?\n|$/));
  return first.includes('\t') && !first.includes(',')
    ? '\t'
    : first.includes(';') && !first.includes(',')
      ? ';'
      : ',';
}

/**
 * RFC 4180 CSV: quoted fields may hold delimiters, quotes ("") and line breaks. Cells are sliced
 * out of the text (not built a character at a time, which leaves V8 a rope of one-character
 * strings per cell: hundreds of megabytes for a 100,000-line ledger).
 */
export function parseCsv(text: string): SheetLine[] {
  return [...csvLines(text)];
}

/** The lines of a CSV text one at a time (see parseCsv). */
export function* csvLines(text: string): Generator<SheetLine> {
  const delimiter = delimiterOf(text);
  let cells: string[] = [];
  let line = 1;
  let start = 1;
  let i = 0;
  const n = text.length;
  while (i <= n) {
    let cell: string;
    if (text[i] === '"') {
      const parts: string[] = [];
      let from = ++i;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) {
          parts.push(text.slice(from));
          i = n;
          break;
        }
        for (let k = i; k < quote; k++) if (text.charCodeAt(k) === 10) line++;
        if (text[quote + 1] === '"') {
          parts.push(text.slice(from, quote + 1));
          i = from = quote + 2;
          continue;
        }
        parts.push(text.slice(from, quote));
        i = quote + 1;
        break;
      }
      // Text after the closing quote, up to the delimiter, is kept (as spreadsheets do).
      let end = i;
      while (end < n && text[end] !== delimiter && text[end] !== '\n' && text[end] !== '\r') end++;
      cell = parts.join('') + text.slice(i, end);
      i = end;
    } else {
      let end = i;
      while (end < n && text[end] !== delimiter && text[end] !== '\n' && text[end] !== '\r') end++;
      cell = text.slice(i, end);
      i = end;
    }
    cells.push(cell);
    if (i < n && text[i] === delimiter) {
      i++;
      continue;
    }
    // End of a record: a line break or the end of the text.
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    i++;
    line++;
    if (!(i > n && cells.length === 1 && cells[0] === '')) yield { line: start, cells };
    cells = [];
    start = line;
  }
}

/** Reads a CSV or XLSX file (told apart by its bytes, not its name). */
export async function readSheet(bytes: Uint8Array): Promise<Sheet> {
  if (bytes.length === 0) throw badInput('file', 'is empty');
  if (isXlsx(bytes)) return { format: 'xlsx', encoding: 'utf-8', lines: await readXlsx(bytes) };
  const { text, encoding } = decodeText(bytes);
  if (text.includes('\u0000')) throw badInput('file', 'is neither a CSV text nor an XLSX workbook');
  return { format: 'csv', encoding, lines: { [Symbol.iterator]: () => csvLines(text) } };
}
