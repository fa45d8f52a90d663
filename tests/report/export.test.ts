import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totalLabel } from '../../src/modules/report/export-format.js';
import { runCli } from '../support/cli.js';
import { testDatabaseKinds } from '../support/databases.js';
import { type Caller, startTestHub, type TestHub } from '../support/hub.js';
import {
  type Ran,
  reportCallers,
  runQuery,
  type Saved,
  saveMutation,
  seedReports,
} from './fixtures.js';

type Row = { values: unknown[]; totals: boolean[]; suppressed: boolean };
type Report = { columns: Array<{ key: string; label: string }>; rows: Row[]; perturbed: boolean };

/** What a file cell must hold for a GraphQL value: totals are labelled, suppressed measures empty. */
function expectedCells(report: Report): string[][] {
  const dims = report.rows[0]!.totals.length;
  return report.rows.map((r) =>
    r.values.map((v, i) => (i < dims && r.totals[i] ? totalLabel : v === null ? '' : String(v))),
  );
}

/** A minimal RFC 4180 reader for the test: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe.each(testDatabaseKinds())('report export (%s)', (kind) => {
  let t: TestHub;
  let callers: Awaited<ReturnType<typeof reportCallers>>;
  let id: string;
  let dir: string;
  const exportUrl = (reportId: string, format = 'csv') =>
    new URL(`/reports/${encodeURIComponent(reportId)}/export?format=${format}`, t.url).toString();
  const download = async (caller: Caller | null, reportId = id, format = 'csv') => {
    const headers: Record<string, string> = {};
    if (caller) headers.authorization = `Bearer ${await t.token(caller)}`;
    if (caller?.purpose) headers['x-purpose'] = caller.purpose;
    return fetch(exportUrl(reportId, format), { headers });
  };
  beforeAll(async () => {
    t = await startTestHub(kind, seedReports());
    callers = await reportCallers(t);
    const report = {
      dataset: 'RESIDENTS',
      dimensions: ['COMMUNITY', 'AGE_BAND'],
      measures: ['COUNT', 'AVG_AGE'],
      totals: true,
    };
    const res = await t.gql<Saved>(
      saveMutation,
      { i: { name: '居委 × 年龄段', report, sharedWith: ['population'] } },
      callers.health,
    );
    expect(res.errors).toBeUndefined();
    id = res.data!.saveReport.id;
    dir = await mkdtemp(path.join(tmpdir(), 'onetable-export-'));
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  for (const caller of ['health', 'population'] as const) {
    it(`writes CSV with a BOM that matches runReport, for ${caller}`, async () => {
      const res = await download(callers[caller]);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const report = (await t.gql<Ran>(runQuery, { id }, callers[caller])).data!.runReport;
      const [head, ...rows] = parseCsv(bytes.subarray(3).toString('utf8'));
      expect(head).toEqual(report.columns.map((c) => c.label));
      expect(rows).toEqual(expectedCells(report));
      // Population holds age only at AGGREGATE: the same perturbed figures as the GraphQL answer, small cells left out.
      expect(report.perturbed).toBe(caller === 'population');
    });
  }

  it('writes XLSX with bilingual headings that matches runReport', async () => {
    const res = await download(callers.population, id, 'xlsx');
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const cells: string[][] = [];
    sheet.eachRow((row) =>
      cells.push(
        (row.values as unknown[])
          .slice(1)
          .map((v) => (v === null || v === undefined ? '' : String(v))),
      ),
    );
    const report = (await t.gql<Ran>(runQuery, { id }, callers.population)).data!.runReport;
    expect(cells[0]).toEqual([
      '居村 Community',
      '年龄段 Age band',
      '人数 Residents',
      '平均年龄 Average age',
    ]);
    const expected = expectedCells(report).map((r) => {
      while (r.at(-1) === '') r.pop();
      return r;
    });
    expect(cells.slice(1)).toEqual(expected);
  });

  it('refuses without credentials, purpose, visibility or a known format — and audits the refusal', async () => {
    const body = async (res: Response) =>
      ((await res.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!
        .extensions.code;
    const anonymous = await download(null);
    expect([anonymous.status, await body(anonymous)]).toEqual([401, 'UNAUTHENTICATED']);
    const noPurpose = await download({ section: 'health' });
    expect([noPurpose.status, await body(noPurpose)]).toEqual([403, 'PURPOSE_REQUIRED']);
    expect(
      await t.hub.prisma.auditEvent.findFirstOrThrow({ orderBy: { id: 'desc' } }),
    ).toMatchObject({ operationName: 'exportReport', outcome: 'DENIED', sectionCode: 'health' });
    const stranger = await download(callers.veterans);
    expect(await body(stranger)).toBe('NOT_FOUND');
    expect(await body(await download(callers.health, id, 'pdf'))).toBe('BAD_USER_INPUT');
    expect(await body(await download(callers.health, 'garbage'))).toBe('BAD_USER_INPUT');
  });

  it('audits the export before the data and records it in the burden ledger', async () => {
    const res = await download(callers.population);
    await res.arrayBuffer();
    const event = await t.hub.prisma.auditEvent.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(event).toMatchObject({
      operationName: 'exportReport',
      outcome: 'OK',
      sectionCode: 'population',
      residentIds: [],
    });
    expect(event.fields).toEqual(['Report.RESIDENTS', 'Resident.age']);
    const entry = await t.hub.prisma.burdenEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(entry).toMatchObject({ kind: 'EXPORT', dataset: 'RESIDENTS' });
  });

  it('onetable report run writes the file for a scheduled job, and nothing when refused', async () => {
    const out = path.join(dir, 'report.csv');
    const base = new URL(t.url).origin;
    const ok = await runCli(
      [
        'report',
        'run',
        id,
        '--format',
        'csv',
        '--out',
        out,
        '--purpose',
        callers.health.purpose!,
        '--url',
        base,
      ],
      { ONETABLE_TOKEN: await t.token(callers.health) },
    );
    expect(ok.code, ok.stderr).toBe(0);
    const direct = Buffer.from(await (await download(callers.health)).arrayBuffer());
    expect(await readFile(out)).toEqual(direct);
    const refused = path.join(dir, 'refused.csv');
    const no = await runCli(
      [
        'report',
        'run',
        id,
        '--out',
        refused,
        '--purpose',
        callers.veterans.purpose!,
        '--url',
        base,
      ],
      { ONETABLE_TOKEN: await t.token(callers.veterans) },
    );
    expect(no.code).toBe(1);
    expect(no.stderr).toContain('NOT_FOUND');
    await expect(readFile(refused)).rejects.toThrow();
  });
});
