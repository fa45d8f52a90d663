import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { tempDataDir } from '../support/cli-admin.js';

export type Row = [
  code: string,
  title: string,
  list: string,
  section: string,
  datasets: string,
  fields: string,
  assists: string,
];

export const header = ['code', 'title', 'list', 'section', 'datasets', 'fields', 'assists'];

/** Next year's list as the tests import it: three tasks, one with a quoted comma in its title. */
export const nextYear: Row[] = [
  [
    'T2027-001',
    '协助做好实有人口管理服务',
    'ASSIST',
    'civil-affairs',
    'RESIDENTS;HOUSEHOLDS',
    'Resident.name;Resident.age;Household.address',
    'health',
  ],
  [
    'T2027-002',
    '开展社区关爱走访，关心独居和高龄老人',
    '依法履职',
    'civil-affairs',
    'RESIDENTS',
    'Resident.name;Tag.ELDERLY_ALONE',
    '',
  ],
  ['T2027-003', '协助做好卫生防疫工作', 'ASSIST', 'health', '', '', 'housing;civil-affairs'],
];

const csvCell = (value: string) =>
  /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;

export async function tempFolder(): Promise<string> {
  return tempDataDir('onetable-tasks-');
}

export async function writeCsv(folder: string, name: string, rows: Row[]): Promise<string> {
  const file = path.join(folder, name);
  await writeFile(
    file,
    [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n',
  );
  return file;
}

export async function writeJson(
  folder: string,
  name: string,
  rows: Row[],
  year?: number,
): Promise<string> {
  const file = path.join(folder, name);
  const tasks = rows.map(([code, title, list, section, datasets, fields, assists]) => ({
    code,
    title,
    list,
    section,
    datasets: datasets.split(';').filter(Boolean),
    fields: fields.split(';').filter(Boolean),
    assists,
  }));
  await writeFile(file, JSON.stringify(year === undefined ? tasks : { year, tasks }));
  return file;
}

export async function writeXlsx(folder: string, name: string, rows: Row[]): Promise<string> {
  const file = path.join(folder, name);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('准入清单');
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  await workbook.xlsx.writeFile(file);
  return file;
}
