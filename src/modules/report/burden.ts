import type { Context } from '../../context.js';
import type { BurdenKind } from '../../generated/prisma/enums.js';
import { rowId } from '../common/ids.js';
import { recordBurden } from '../burden/ledger.js';
import type { ReportInputValue } from './types.js';

/** The communities a report covers: the caller's jurisdiction narrowed by the report's filters. */
async function coverage(ctx: Context, input: ReportInputValue): Promise<number[]> {
  const f = input.filter ?? {};
  const rows = await ctx.prisma.community.findMany({
    where: {
      ...(f.communities ? { id: { in: f.communities.map((id) => rowId('filter.communities', id, 'Community')) } } : {}),
      ...(f.subdistricts ? { subdistrictId: { in: f.subdistricts.map((id) => rowId('filter.subdistricts', id, 'Subdistrict')) } } : {}),
    },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  return rows.map((r) => r.id);
}

/** One ledger entry per report run or export: a form no committee had to fill in. */
export async function recordReport(ctx: Context, kind: BurdenKind, input: ReportInputValue, savedReportId?: number): Promise<void> {
  await recordBurden(ctx.db, {
    kind,
    sectionId: ctx.principal.section.id,
    dataset: input.dataset,
    savedReportId: savedReportId ?? null,
    communityIds: await coverage(ctx, input),
  });
}
