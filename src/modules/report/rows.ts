import type { Context } from '../../context.js';
import { Prisma } from '../../generated/prisma/client.js';
import { protect } from './disclosure/protect.js';
import type { PreparedReport } from './engine.js';
import type { ReportRowValue, ReportValue } from './types.js';

type RawRow = Record<string, unknown>;

/** A row of an unprotected report: exact figures, every row. */
function exactRow(report: PreparedReport, row: RawRow): ReportRowValue {
  const dims = Array.from({ length: report.dimensions }, (_, i) => i);
  const totals = dims.map((i) => row[`g${i}`] === 1);
  return {
    values: [
      ...dims.map((i) => (totals[i] ? null : row[`d${i}`])),
      ...Array.from({ length: report.measures }, (_, i) => row[`m${i}`]),
    ],
    totals,
    suppressed: false,
  };
}

/** Turns the statement's rows into report rows: exact, or under disclosure control (disclosure/protect.ts). */
export function reportOf(
  report: PreparedReport,
  rows: RawRow[],
  population: RawRow[] | null = null,
): ReportValue {
  const p = report.protection;
  if (p === null) {
    return {
      columns: report.columns,
      rows: rows.map((row) => exactRow(report, row)),
      suppressedCells: 0,
      suppressionK: null,
      perturbed: false,
    };
  }
  const released = protect(rows, p, p.settings, population);
  return {
    columns: report.columns,
    rows: released.rows,
    suppressedCells: released.withheldMeasures,
    suppressionK: p.settings.k,
    perturbed: true,
  };
}

/** One statement; two for a protected report narrowed by a sensitive tag (the second without it). */
export async function runPrepared(ctx: Context, report: PreparedReport): Promise<ReportValue> {
  const rows = await ctx.prisma.$queryRaw<RawRow[]>(report.sql);
  const population = report.protection?.population
    ? await ctx.prisma.$queryRaw<RawRow[]>(report.protection.population)
    : null;
  return reportOf(report, rows, population);
}

/** Rows fetched per round trip while streaming. */
const batchSize = 5000;

/**
 * Streams the report's rows in batches through a server-side cursor, so a large export never holds
 * the whole result. A protected report is computed in full first: its dominance rule compares
 * each cell with its lines' totals (such reports stay small: every released cell holds k people
 * or more). `write` is awaited, so a slow reader holds back the database, not memory.
 */
export async function streamPrepared(
  ctx: Context,
  report: PreparedReport,
  write: (rows: ReportRowValue[]) => Promise<void>,
): Promise<number> {
  if (report.protection !== null) {
    const whole = await runPrepared(ctx, report);
    await write(whole.rows);
    return whole.rows.length;
  }
  return ctx.prisma.$transaction(
    async (tx) => {
      let count = 0;
      await tx.$executeRaw(Prisma.sql`DECLARE report_rows NO SCROLL CURSOR FOR ${report.sql}`);
      for (;;) {
        const rows = await tx.$queryRaw<RawRow[]>(
          Prisma.sql`FETCH ${Prisma.raw(String(batchSize))} FROM report_rows`,
        );
        if (rows.length === 0) break;
        await write(rows.map((row) => exactRow(report, row)));
        count += rows.length;
        if (rows.length < batchSize) break;
      }
      return count;
    },
    { timeout: 10 * 60_000, maxWait: 30_000 },
  );
}
