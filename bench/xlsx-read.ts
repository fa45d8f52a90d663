/**
 * Reading a large XLSX ledger: peak RSS and time of `readSheet` alone, in a child process per
 * implementation, on a workbook of N lines made with the seeder's generators (bench/ledger-file).
 *
 *   npx tsx bench/xlsx-read.ts [--residents 100000] [--parse dist/modules/import/parse.js,…]
 *
 * Give several built parse.js files (e.g. another checkout's dist) to compare implementations.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { csvLines, decodeText } from '../src/modules/import/parse.js';
import { writeLedgerFile } from './ledger-file.js';

const { values } = parseArgs({
  options: {
    residents: { type: 'string', default: '100000' },
    parse: { type: 'string', default: 'dist/modules/import/parse.js' },
  },
});

/** The CSV ledger rewritten as XLSX with exceljs' streaming writer (one sheet, shared strings). */
async function toXlsx(csv: string, xlsx: string): Promise<void> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: true });
  const sheet = writer.addWorksheet('台账');
  for (const { cells } of csvLines(decodeText(await readFile(csv)).text))
    sheet.addRow(cells).commit();
  sheet.commit();
  await writer.commit();
}

const child = `
const { readSheet } = await import(process.argv[1]);
const { readFile } = await import('node:fs/promises');
const started = performance.now();
const sheet = await readSheet(await readFile(process.argv[2]));
let lines = 0;
for (const _ of sheet.lines) lines++;
console.log(JSON.stringify({ lines, ms: Math.round(performance.now() - started) }));
`;

async function measure(parse: string, file: string) {
  const proc = spawn(process.execPath, [
    '--input-type=module',
    '-e',
    child,
    path.resolve(parse),
    file,
  ]);
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d));
  proc.stderr.on('data', (d: Buffer) => (out += d));
  let peakKb = 0;
  const timer = setInterval(() => {
    void readFile(`/proc/${proc.pid}/status`, 'utf8').then(
      (s) => (peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0))),
      () => {},
    );
  }, 50);
  await new Promise((resolve) => proc.on('close', resolve));
  clearInterval(timer);
  return `${out.trim()} peak RSS ${(peakKb / 1024).toFixed(0)} MB`;
}

async function main(): Promise<void> {
  const folder = await mkdtemp(path.join(tmpdir(), 'onetable-bench-xlsx-'));
  try {
    const csv = path.join(folder, 'ledger.csv');
    const xlsx = path.join(folder, 'ledger.xlsx');
    await writeLedgerFile(csv, Number(values.residents));
    await toXlsx(csv, xlsx);
    console.log(
      `${values.residents} lines, ${((await readFile(xlsx)).length / 1e6).toFixed(1)} MB of XLSX`,
    );
    for (const parse of values.parse.split(','))
      console.log(`${parse}: ${await measure(parse, xlsx)}`);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

void main();
