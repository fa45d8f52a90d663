import { useEffect, useState } from 'react';
import { ChartView } from './chart.js';
import { gql, RequestFailed } from './gql.js';
import { useT } from './i18n.js';

interface Counts {
  reports: number;
  exports: number;
  attestations: number;
  committeeForms: number;
}
interface Summary {
  total: Counts;
  bySection: Array<{ section: { code: string; name: string }; counts: Counts }>;
  byCommunity: Array<{ community: { id: string; name: string }; counts: Counts }>;
}

/**
 * The baseline (forms and certificates a committee filled per month before self-serve reads) is
 * the dashboard's saved setting in this browser (localStorage): the hub has no table for it yet.
 */
const baselineKey = 'onetable.burden.baseline';

function lastMonths(count: number): Array<{ month: string; from: string; to: string }> {
  const now = new Date();
  const months = [];
  for (let i = count - 1; i >= 0; i--) {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
    months.push({
      month: start.toISOString().slice(0, 7),
      from: start.toISOString().slice(0, 10),
      to: end.toISOString().slice(0, 10),
    });
  }
  return months;
}

/** 减负看板 Forms and certificates replaced by self-serve reports, exports and attestations. */
export function BurdenPage() {
  const t = useT();
  const months = lastMonths(6);
  const [perMonth, setPerMonth] = useState<Summary[]>([]);
  const [error, setError] = useState('');
  const [baseline, setBaseline] = useState(() => Number(localStorage.getItem(baselineKey) ?? 0));
  const [draft, setDraft] = useState(String(baseline || ''));

  useEffect(() => {
    Promise.all(
      months.map((m) =>
        gql<{ burdenSummary: Summary }>('WebBurdenSummary', { from: m.from, to: m.to }).then(
          (r) => r.data.burdenSummary,
        ),
      ),
    ).then(setPerMonth, (e: unknown) =>
      setError(e instanceof RequestFailed ? e.message : String(e)),
    );
  }, []);
  const latest = perMonth[perMonth.length - 1];
  const spared = perMonth.map((s) => s.total.committeeForms + s.total.attestations);
  const saveBaseline = () => {
    const value = Math.max(0, Number(draft) || 0);
    localStorage.setItem(baselineKey, String(value));
    setBaseline(value);
  };

  return (
    <section className="burden" data-testid="burden">
      {error ? <p className="error">{error}</p> : null}
      <label>
        {t('基线')}:{' '}
        <input value={draft} onChange={(e) => setDraft(e.target.value)} inputMode="numeric" />
      </label>
      <button onClick={saveBaseline}>{t('保存基线')}</button>
      <ChartView
        kind="line"
        labels={months.map((m) => m.month)}
        series={[
          { label: t('免填表格') + ' + ' + t('开证明数'), values: spared },
          { label: t('报表数'), values: perMonth.map((s) => s.total.reports) },
          ...(baseline ? [{ label: t('基线'), values: months.map(() => baseline) }] : []),
        ]}
      />
      <table>
        <thead>
          <tr>
            <th>{t('月份')}</th>
            <th>{t('报表数')}</th>
            <th>{t('导出数')}</th>
            <th>{t('开证明数')}</th>
            <th>{t('免填表格')}</th>
            {baseline ? <th>% {t('基线')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {perMonth.map((s, i) => (
            <tr key={i}>
              <td>{months[i]!.month}</td>
              <td>{s.total.reports}</td>
              <td>{s.total.exports}</td>
              <td>{s.total.attestations}</td>
              <td>{s.total.committeeForms}</td>
              {baseline ? <td>{Math.round((100 * (spared[i] ?? 0)) / baseline)}%</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
      {latest ? (
        <>
          <h3>
            {t('按科室')} ({months[months.length - 1]!.month})
          </h3>
          <ChartView
            kind="stacked"
            labels={latest.bySection.map((r) => r.section.name)}
            series={(['reports', 'exports', 'attestations'] as const).map((k) => ({
              label: k,
              values: latest.bySection.map((r) => r.counts[k]),
            }))}
          />
          <h3>{t('按居委')}</h3>
          <table>
            <thead>
              <tr>
                <th>{t('科室')}</th>
                <th>{t('报表数')}</th>
                <th>{t('开证明数')}</th>
                <th>{t('免填表格')}</th>
              </tr>
            </thead>
            <tbody>
              {latest.byCommunity.map((r) => (
                <tr key={r.community.id}>
                  <td>{r.community.name}</td>
                  <td>{r.counts.reports}</td>
                  <td>{r.counts.attestations}</td>
                  <td>{r.counts.committeeForms}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
