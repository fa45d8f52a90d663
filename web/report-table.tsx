import { useT } from './i18n.js';

export interface ReportResult {
  columns: Array<{ key: string; label: string }>;
  rows: Array<{ values: unknown[]; totals: boolean[]; suppressed: boolean }>;
  suppressedCells: number;
  suppressionK: number | null;
  perturbed: boolean;
}

/** The report as a table, with what disclosure control withheld explained above it. */
export function ReportTable({ report }: { report: ReportResult }) {
  const t = useT();
  const dimCount = report.rows[0]?.totals.length ?? 0;
  return (
    <div className="report-table">
      {report.perturbed ? (
        <p className="disclosure" data-testid="disclosure">
          受保护的统计 Protected figures: 计数含少量固定噪声（默认 ±3
          以内），同一问题总得同一数字；人数少于 k = {report.suppressionK} 的行不显示； “—”
          为按披露控制隐去的数值
          {report.suppressedCells ? `（${report.suppressedCells} 行有隐去的数值）` : ''}
          ；合计单独扰动，与各行之和可能略有出入。 Counts carry a little fixed noise; rows under k
          are left out; “—” is withheld; totals are perturbed on their own.
        </p>
      ) : (
        <p className="exact">精确数字 Exact figures.</p>
      )}
      <table data-testid="report-table">
        <thead>
          <tr>
            {report.columns.map((c) => (
              <th key={c.key}>{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row, i) => (
            <tr key={i} className={row.totals.some(Boolean) ? 'total' : ''}>
              {row.values.map((v, j) => {
                if (j < dimCount && row.totals[j]) return <td key={j}>{t('合计')}</td>;
                if (v === null)
                  return (
                    <td key={j} className="withheld" title={t('已隐去')}>
                      —
                    </td>
                  );
                return <td key={j}>{String(v)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {report.rows.length === 0 ? <p>无数据行 No rows (or every row under k).</p> : null}
    </div>
  );
}
