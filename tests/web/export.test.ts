import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIdNumber } from '../../src/modules/resident/id-number.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario, sections, tasks } from '../support/scenario.js';
import { haveChromium, launch, openPage, shot, signInAs } from './chromium.js';

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of cells; the BOM is dropped. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = text.startsWith('\uFEFF') ? 1 : 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted || (c !== ',' && c !== '\n' && c !== '\r')) cell += c;
    else if (c === ',') endCell();
    else if (c === '\n') {
      endCell();
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

/** What the page shows for what the file holds: a withheld value (— on the page) is an empty cell. */
const asShown = (cell: string) => (cell === '' ? '—' : cell === '合计 Total' ? '合计' : cell);

/**
 * Export of a protected report, end to end: the committee holds Resident.age at AGGREGATE only,
 * so a report by age band is under disclosure control; the CSV and XLSX the browser downloads
 * hold the figures the page showed, and what the page withheld stays withheld in both.
 */
describe.skipIf(!haveChromium)('exporting a report from the browser, in Chromium', () => {
  let t: TestHub;
  let base: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let shown: string[][] = [];
  beforeAll(async () => {
    // Noise of at most ±1: two households stay between 1 and k − 1 whatever the cell key draws.
    process.env.ONETABLE_PERTURBATION_MAX_NOISE = '1';
    t = await startTestHub('pglite', async (hub) => {
      const { communities, households } = await insertScenario(hub.prisma);
      await hub.prisma.fieldGrant.updateMany({
        where: { section: { code: sections.c1 }, typeName: 'Resident', fieldName: 'age' },
        data: { level: 'AGGREGATE' },
      });
      // 36 elderly residents in the committee's two households: every age band holds a dozen
      // people or more and two households (under k = 5, so withheld).
      await hub.prisma.resident.createMany({
        data: Array.from({ length: 36 }, (_, i) => {
          const birth = new Date(Date.UTC(1938 + (i % 3) * 10, i % 12, 1 + (i % 27)));
          return {
            idNumber: formatIdNumber('310106', birth, 100 + i),
            name: `居民${i}`,
            gender: i % 2 ? 'MALE' : 'FEMALE',
            birthDate: birth,
            ethnicity: '汉族',
            residenceType: 'REGISTERED',
            communityId: communities.c1,
            householdId: i % 2 ? households.h1 : households.h2,
            relationToHead: 'OTHER',
            moveInDate: new Date('2010-05-01'),
          } as const;
        }),
      });
    });
    base = t.url.replace(/\/graphql$/, '');
    browser = await launch();
    page = await openPage(browser, base, problems);
  }, 120_000);
  afterAll(async () => {
    delete process.env.ONETABLE_PERTURBATION_MAX_NOISE;
    await browser?.close();
    await t?.close();
  });

  const download = async (button: string) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    expect(file.suggestedFilename()).toMatch(/^按年龄段\.(csv|xlsx)$/);
    return readFile((await file.path())!);
  };

  it('saves a protected report by age band and shows withheld households as —', async () => {
    await signInAs(page, base, sections.c1);
    await page.selectOption('[data-testid=purpose]', tasks.population);
    await page.uncheck('[data-testid=option-COMMUNITY] input');
    await page.check('[data-testid=option-AGE_BAND] input');
    await page.check('[data-testid=option-HOUSEHOLDS] input');
    await page.check('label:has-text("小计合计") input');
    await page.fill('[placeholder=报表名称]', '按年龄段');
    await page.click('text=保存');
    const item = page.locator('ul.saved li', { hasText: '按年龄段' });
    await item.locator('[data-testid=saved-open]').click();
    await page.waitForSelector('[data-testid=report-table] tbody tr', { timeout: 20_000 });
    expect(await page.textContent('[data-testid=disclosure]')).toContain('Protected figures');
    const table = page.locator('[data-testid=report-table]');
    const head = await table.locator('thead th').allTextContents();
    const body: string[][] = [];
    for (const row of await table.locator('tbody tr').all())
      body.push(await row.locator('td').allTextContents());
    shown = [head, ...body];
    expect(head).toEqual(['年龄段 Age band', '人数 Residents', '户数 Households']);
    expect(body.length).toBeGreaterThanOrEqual(3);
    expect(body.some((row) => row[0] === '合计')).toBe(true);
    // Two households in every band and in the total: under k, withheld.
    expect(body.map((row) => row[2])).toEqual(body.map(() => '—'));
    expect(body.every((row) => row[1] !== '—')).toBe(true);
    await shot(page, 'export-report');
  });

  it('downloads the CSV: the same cells as the page, withheld cells empty', async () => {
    const csv = parseCsv((await download('[data-testid=export-csv]')).toString('utf8'));
    expect(csv.map((row) => row.map(asShown))).toEqual(shown);
    const households = csv.slice(1).map((row) => row[2]);
    expect(households.filter((cell) => cell === '').length).toBe(
      shown.slice(1).filter((row) => row[2] === '—').length,
    );
  });

  it('downloads the XLSX: the same cells as the page, withheld cells blank', async () => {
    const workbook = new ExcelJS.Workbook();
    const bytes = await download('[data-testid=export-xlsx]');
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
    const sheet = workbook.worksheets[0]!;
    const cells: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      cells.push(shown[0]!.map((_, i) => asShown(String(row.getCell(i + 1).value ?? ''))));
    });
    expect(cells).toEqual(shown);
    // Counts are numbers in the sheet, not text; withheld cells hold nothing at all.
    const second = sheet.getRow(2);
    expect(typeof second.getCell(2).value).toBe('number');
    const blank = [];
    for (let r = 2; r <= sheet.rowCount; r++)
      if (sheet.getRow(r).getCell(3).value === null) blank.push(r);
    expect(blank.length).toBe(shown.slice(1).filter((row) => row[2] === '—').length);
    expect(problems).toEqual([]);
  });
});
