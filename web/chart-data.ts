import type { ReportResult } from './report-table.js';

/** First dimension along the axis; a second dimension's values as series of the first measure. */
export function chartData(report: ReportResult) {
  const dimCount = report.rows[0]?.totals.length ?? 1;
  const rows = report.rows.filter((r) => !r.totals.some(Boolean));
  const labels = [...new Set(rows.map((r) => String(r.values[0])))];
  const measureIndex = dimCount;
  if (dimCount < 2) {
    return {
      labels,
      series: report.columns.slice(dimCount).map((c, i) => ({
        label: c.label,
        values: labels.map(
          (l) =>
            (rows.find((r) => String(r.values[0]) === l)?.values[dimCount + i] as number | null) ??
            null,
        ),
      })),
    };
  }
  const keys = [...new Set(rows.map((r) => String(r.values[1])))];
  return {
    labels,
    series: keys.map((k) => ({
      label: k,
      values: labels.map(
        (l) =>
          (rows.find((r) => String(r.values[0]) === l && String(r.values[1]) === k)?.values[
            measureIndex
          ] as number | null) ?? null,
      ),
    })),
  };
}
