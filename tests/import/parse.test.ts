import { describe, expect, it } from 'vitest';
import { cleanText, parseLedgerDate, parseLedgerTime } from '../../src/modules/import/clean.js';
import { layoutOf, recordsOf } from '../../src/modules/import/mapping.js';
import { decodeText, parseCsv, readSheet } from '../../src/modules/import/parse.js';
import { gbk, ledgerHeadings, messyRows, toCsv, toXlsx, utf8Bom } from './fixtures.js';

describe('cleaning ledger cells', () => {
  it('reads dates as ledgers write them', () => {
    const jan5 = '2026-01-05T00:00:00.000Z';
    for (const text of [
      '2026-01-05',
      '2026/1/5',
      '2026.1.5',
      '2026年1月5日',
      '20260105',
      '46027',
      ' ２０２６－０１－０５ '.replace('－', '-').replace('－', '-'),
    ]) {
      expect(parseLedgerDate(text)?.toISOString(), text).toBe(jan5);
    }
    for (const text of ['2026-02-30', '2026/13/1', 'yesterday', '5/1/2026', ''])
      expect(parseLedgerDate(text), text).toBeNull();
    expect(parseLedgerTime('2026-01-05 14:30')?.toISOString()).toBe('2026-01-05T06:30:00.000Z');
    expect(parseLedgerTime('2026年1月5日')?.toISOString()).toBe('2026-01-04T16:00:00.000Z');
  });

  it('folds full-width characters and removes stray spaces', () => {
    expect(cleanText('  １３９ 1234\u00A05678 ')).toBe('139 1234 5678');
    expect(cleanText(' 孙 丽\u200B')).toBe('孙丽');
    expect(cleanText('Ma  Li')).toBe('Ma Li');
  });
});

describe('reading ledger files', () => {
  it('tells UTF-8 (with or without BOM) from GB18030/GBK', () => {
    const text = toCsv(messyRows());
    expect(decodeText(utf8Bom(text))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText(Buffer.from(text))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText(gbk(text))).toEqual({ text, encoding: 'gb18030' });
  });

  it('parses quoted CSV cells with commas, quotes and line breaks, keeping line numbers', () => {
    const lines = parseCsv('a,b\r\n"x, y","say ""hi""\nagain"\n\nlast,1');
    expect(lines.map((l) => l.line)).toEqual([1, 2, 4, 5]);
    expect(lines[1]!.cells).toEqual(['x, y', 'say "hi"\nagain']);
    expect(lines[3]!.cells).toEqual(['last', '1']);
  });

  it('finds the heading line below a merged title and fills merged cells down', async () => {
    const sheet = await readSheet(await toXlsx(messyRows()));
    const layout = layoutOf(sheet, 'residents');
    expect(layout.headerLine).toBe(2);
    expect(layout.ignored).toEqual(['序号', '备注']);
    const records = [...recordsOf(sheet, layout)];
    expect(records.map((r) => r.line)).toEqual([3, 4, 6, 7, 8, 9]);
    expect(records[1]!.values.householdNumber).toBe('H01');
    expect(records[1]!.values.address).toBe('华山路100弄8号201室');
    expect(records[2]!.values.birthDate).toBe('15207'); // an Excel serial, read as a date when validated
  });

  it('refuses a file without the required columns, naming them and no value', async () => {
    const sheet = await readSheet(Buffer.from(toCsv([['张三']], ['姓名'])));
    expect(() => layoutOf(sheet, 'residents')).toThrow(
      /no column for 身份证号 \(idNumber\), 民族 \(ethnicity\)/,
    );
    expect(() => layoutOf(sheet, 'residents', { 姓名: 'name', 名: 'idNumber' })).toThrow(/民族/);
    expect(ledgerHeadings).toContain('公民身份号码');
  });
});
