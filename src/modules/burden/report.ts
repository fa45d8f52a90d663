import type { Context } from '../../context.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { BurdenKind } from '../../generated/prisma/enums.js';
import { rowId } from '../common/ids.js';
import { recordBurden } from './ledger.js';
import { inList } from '../report/sql.js';
import type { ReportInputValue } from '../report/types.js';

/**
 * The communities a report covers, as a subquery: the caller's jurisdiction (row-level security on
 * `community`) narrowed by the report's communities and subdistricts filters, ascending.
 */
function coverageSql(ctx: Context, input: ReportInputValue): Prisma.Sql {
  const f = input.filter ?? {};
  const where: Prisma.Sql[] = [];
  if (f.communities)
    where.push(
      inList(
        Prisma.sql`id`,
        f.communities.map((id) => rowId('filter.communities', id, 'Community')),
      ),
    );
  if (f.subdistricts)
    where.push(
      inList(
        Prisma.sql`subdistrict_id`,
        f.subdistricts.map((id) => rowId('filter.subdistricts', id, 'Subdistrict')),
      ),
    );
  const cond = where.length === 0 ? Prisma.sql`TRUE` : Prisma.join(where, ' AND ');
  return Prisma.sql`ARRAY(SELECT id FROM community WHERE ${cond} ORDER BY id)`;
}

/** One ledger entry per report run or export: a form no committee had to fill in. */
export async function recordReport(
  ctx: Context,
  kind: BurdenKind,
  input: ReportInputValue,
  savedReportId?: number,
): Promise<void> {
  await recordBurden(ctx.prisma, {
    kind,
    sectionId: ctx.principal.section.id,
    dataset: input.dataset,
    savedReportId: savedReportId ?? null,
    communityIds: coverageSql(ctx, input),
  });
}
