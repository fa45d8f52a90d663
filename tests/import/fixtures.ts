import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { formatIdNumber, idCheckDigit } from '../../src/modules/resident/id-number.js';

/** Ledgers are built here, in code: no binary fixture is checked in. */
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
export const id = (birth: string, seq: number) => formatIdNumber('310106', day(birth), seq);
/** A number whose check digit is wrong. */
export function badCheckDigit(birth: string, seq: number): string {
  const good = id(birth, seq);
  const wrong = '0123456789X'.split('').find((c) => c !== idCheckDigit(good.slice(0, 17)))!;
  return good.slice(0, 17) + wrong;
}
const fullWidth = (text: string) =>
  text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

export const people = {
  zhao: { name: '赵建国', id: id('1948-05-05', 13) },
  sun: { name: '孙丽', id: id('1950-02-10', 24) },
  qian: { name: '钱多多', id: id('1941-08-19', 36) },
  badCheck: { name: '李错', id: badCheckDigit('1960-01-01', 17) },
  wrongGender: { name: '吴反', id: id('1970-03-03', 28) },
} as const;

export const ledgerHeadings = [
  '序号',
  '户号',
  '姓名',
  '性别',
  '公民身份号码',
  '出生日期',
  '民族',
  '联系电话',
  '现住址',
  '与户主关系',
  '人员类别',
  '备注',
];

/**
 * A messy committee ledger: a household of two by 户号 (the second line leaves the address to
 * the first), full-width digits, stray spaces, three date styles, an Excel serial, a blank line,
 * a wrong check digit, an ID number given twice, a gender that contradicts the ID number.
 * Valid: lines of 赵建国, 孙丽, 钱多多 (3 residents, 2 households); errors: 3 lines.
 */
export function messyRows(): string[][] {
  return [
    [
      '1',
      'H01',
      '赵建国',
      '男',
      people.zhao.id,
      '1948/5/5',
      '汉族',
      '１３９１２３４５６７８',
      '华山路100弄8号201室',
      '户主',
      '退役军人',
      '',
    ],
    [
      '2',
      'H01',
      ' 孙 丽',
      '女',
      ` ${people.sun.id} `,
      '1950年2月10日',
      '汉族',
      ' 139 1234 5679 ',
      '',
      '配偶',
      '',
      '老伴',
    ],
    ['', '', '', '', '', '', '', '', '', '', '', ''],
    [
      '3',
      'H02',
      '钱多多',
      '女',
      fullWidth(people.qian.id),
      '15207',
      '回族',
      '021-62345678',
      '华山路１００弄9号102室',
      '本人',
      '独居老人',
      '',
    ],
    [
      '4',
      'H03',
      '李错',
      '男',
      people.badCheck.id,
      '1960-01-01',
      '汉族',
      '13912345670',
      '华山路100弄10号',
      '本人',
      '',
      '',
    ],
    [
      '5',
      'H04',
      '赵建国',
      '男',
      people.zhao.id,
      '1948-05-05',
      '汉族',
      '',
      '华山路100弄11号',
      '本人',
      '',
      '重复',
    ],
    [
      '6',
      'H05',
      '吴反',
      '男',
      people.wrongGender.id,
      '1970-03-03',
      '汉族',
      '',
      '华山路100弄12号',
      '本人',
      '',
      '',
    ],
  ];
}

/** Line numbers (as the spreadsheet shows them, with a title line above the headings in XLSX) of the bad lines. */
export const badLines = { csv: [6, 7, 8], xlsx: [7, 8, 9] };

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
export function toCsv(rows: string[][], headings = ledgerHeadings): string {
  return [headings, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const utf8Bom = (text: string) =>
  Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
/** What Excel on a Chinese Windows saves as "CSV": GBK. */
export const gbk = (text: string) => iconv.encode(text, 'gbk');

/** The ledger as an XLSX: a merged title line, 户号 and 住址 merged down the lines of household H01. */
export async function toXlsx(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  sheet.addRow(['华山居委会实有人口台账（2026年）']);
  sheet.mergeCells(1, 1, 1, ledgerHeadings.length);
  sheet.addRow(ledgerHeadings);
  for (const row of rows)
    sheet.addRow(row.map((v, i) => (i === 5 && /^\d{5}$/.test(v) ? Number(v) : v)));
  // 户号 (B) and 住址 (I) of H01 merged over its two lines (3 and 4); the second line's own cells are empty.
  sheet.mergeCells('B3:B4');
  sheet.mergeCells('I3:I4');
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
