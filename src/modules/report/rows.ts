import type { Context } from '../../context.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { PreparedReport } from './engine.js';
import { type Cell, suppress } from './suppress.js';
import type { ReportRowValue, ReportValue } from './types.js';

type RawRow = Record<string, unknown>;
type RawCell = Cell & { row: RawRow };

function cellOf(report: PreparedReport, row: RawRow): RawCell {
  const dims = Array.from({ length: report.dimensions }, (_, i) => i);
  return {
    row,
    keys: dims.map((i) => row[`k${i}`] as string | null),
    totals: dims.map((i) => row[`g${i}`] === 1),
    n: Number(row.n),
    suppressed: false,
  };
}

function rowOf(report: PreparedReport, c: RawCell): ReportRowValue {
  return {
    values: [
      ...c.keys.map((_, i) => (c.totals[i] ? null : c.row[`d${i}`])),
      ...Array.from({ length: report.measures }, (_, i) => (c.suppressed ? null : c.row[`m${i}`])),
    ],
    totals: c.totals,
    suppressed: c.suppressed,
  };
}

/** Turns the statement's rows into report rows, with small-cell (and, with totals, complementary) suppression. */
export function reportOf(report: PreparedReport, rows: RawRow[]): ReportValue {
  const cells = rows.map((row) => cellOf(report, row));
  const suppressedCells = report.k === null ? 0 : suppress(cells, report.dimensions, report.k, report.totals);
  return { columns: report.columns, rows: cells.map((c) => rowOf(report, c)), suppressedCells, suppressionK: report.k };
}

export async function runPrepared(ctx: Context, report: PreparedReport): Promise<ReportValue> {
  return reportOf(report, await ctx.prisma.$queryRaw<RawRow[]>(report.sql));
}

/** Rows fetched per round trip while streaming. */
const batchSize = 5000;

/**
 * Streams the report's rows in batches through a server-side cursor, so a large export never holds
 * the whole result. Complementary suppression needs every cell at once: with totals under
 * suppression the rows are computed in full first (they are few: totals multiply the groups, and
 * only sections limited to AGGREGATE get there). `write` is awaited, so a slow reader holds back
 * the database, not memory.
 */
export async function streamPrepared(ctx: Context, report: PreparedReport, write: (rows: ReportRowValue[]) => Promise<void>): Promise<number> {
  if (report.k !== null && report.totals) {
    const whole = await runPrepared(ctx, report);
    await write(whole.rows);
    return whole.rows.length;
  }
  return ctx.prisma.$transaction(async (tx) => {
    let count = 0;
    await tx.$executeRaw(Prisma.sql`DECLARE report_rows NO SCROLL CURSOR FOR ${report.sql}`);
    for (;;) {
      const rows = await tx.$queryRaw<RawRow[]>(Prisma.sql`FETCH ${Prisma.raw(String(batchSize))} FROM report_rows`);
      if (rows.length === 0) break;
      const cells = rows.map((row) => cellOf(report, row));
      if (report.k !== null) suppress(cells, report.dimensions, report.k, false);
      await write(cells.map((c) => rowOf(report, c)));
      count += rows.length;
      if (rows.length < batchSize) break;
    }
    return count;
  }, { timeout: 10 * 60_000, maxWait: 30_000 });
}
