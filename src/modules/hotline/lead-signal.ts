import type { Context } from '../../context.js';

/**
 * The assist-turned-lead signal (协办变主办): hotline cases on a task of the ASSIST list
 * (依法协助) that the committee handled as LEAD, by category × community × task, in a period
 * and in the previous period of equal length, with the period's months. Months are months in
 * Shanghai time (UTC+8, no daylight saving). Jurisdiction: row-level security, like every statement.
 */
export interface LeadSignalCell {
  category: string;
  communityId: number;
  taskId: number;
  leadCases: number;
  /** All cases of the cell on the period (LEAD and ASSIST). */
  cases: number;
  previousLeadCases: number;
  /** Lead cases per month of the period (`YYYY-MM`), every month listed, zeros included. */
  months: { month: string; leadCases: number }[];
}

interface Row {
  category: string;
  communityId: number;
  taskId: number;
  month: string;
  current: boolean;
  lead: number;
  total: number;
}

const shanghaiMs = 8 * 3_600_000;

/** The months (`YYYY-MM`, Shanghai time) a period [from, to) touches. */
export function monthsOf(from: Date, to: Date): string[] {
  const months: string[] = [];
  const first = new Date(from.getTime() + shanghaiMs);
  const last = new Date(to.getTime() - 1 + shanghaiMs);
  for (
    let y = first.getUTCFullYear(), m = first.getUTCMonth();
    y < last.getUTCFullYear() || (y === last.getUTCFullYear() && m <= last.getUTCMonth());
    m === 11 ? (y++, (m = 0)) : m++
  ) {
    months.push(`${y}-${String(m + 1).padStart(2, '0')}`);
  }
  return months;
}

export async function leadSignal(ctx: Context, from: Date, to: Date): Promise<LeadSignalCell[]> {
  const previousFrom = new Date(from.getTime() - (to.getTime() - from.getTime()));
  const rows = await ctx.prisma.$queryRaw<Row[]>`
    SELECT h.category, h.community_id AS "communityId", h.task_id AS "taskId",
           to_char(h.received_at + interval '8 hours', 'YYYY-MM') AS month,
           (h.received_at >= ${from}) AS current,
           (count(*) FILTER (WHERE h.role = 'LEAD'))::int AS lead, count(*)::int AS total
      FROM hotline_case h JOIN task t ON t.id = h.task_id
     WHERE t.list = 'ASSIST' AND h.received_at >= ${previousFrom} AND h.received_at < ${to}
     GROUP BY 1, 2, 3, 4, 5`;
  const months = monthsOf(from, to);
  const cells = new Map<string, LeadSignalCell>();
  for (const r of rows) {
    const key = JSON.stringify([r.category, r.communityId, r.taskId]);
    let cell = cells.get(key);
    if (!cell) {
      cell = {
        category: r.category,
        communityId: r.communityId,
        taskId: r.taskId,
        leadCases: 0,
        cases: 0,
        previousLeadCases: 0,
        months: months.map((month) => ({ month, leadCases: 0 })),
      };
      cells.set(key, cell);
    }
    if (r.current) {
      cell.leadCases += r.lead;
      cell.cases += r.total;
      const month = cell.months.find((m) => m.month === r.month);
      if (month) month.leadCases += r.lead;
    } else cell.previousLeadCases += r.lead;
  }
  return [...cells.values()]
    .filter((c) => c.leadCases > 0)
    .sort(
      (a, b) =>
        b.leadCases - a.leadCases ||
        a.category.localeCompare(b.category) ||
        a.communityId - b.communityId ||
        a.taskId - b.taskId,
    );
}
