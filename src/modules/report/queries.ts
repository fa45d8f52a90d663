import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { recordReport } from '../burden/report.js';
import { prepareReport } from './engine.js';
import { runPrepared } from './rows.js';
import { Report, ReportInput, type ReportInputValue, type ReportValue } from './types.js';

/** Runs a report for the caller and records it in the burden ledger. */
export async function runReport(
  ctx: Context,
  input: ReportInputValue,
  savedReportId?: number,
): Promise<ReportValue> {
  const prepared = await prepareReport(ctx, input);
  const report = await runPrepared(ctx, prepared);
  await recordReport(ctx, 'REPORT_RUN', input, savedReportId);
  return report;
}

builder.queryFields((t) => ({
  report: t.field({
    description:
      '报表 A self-serve aggregate computed in the database; needs a purpose and AGGREGATE on every graded field used',
    type: Report,
    args: {
      input: t.arg({
        type: ReportInput,
        required: true,
        description: 'Dataset, dimensions, measures, filters, totals',
      }),
    },
    resolve: (_root, args, ctx) => runReport(ctx, args.input),
  }),
}));
