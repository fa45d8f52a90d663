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

/** The district's baseline (burdenBaseline): forms and certificates per month before OneTable. */
interface Baseline {
  formsPerMonth: number;
  certificatesPerMonth: number;
  enteredBy: string;
  updatedAt: string;
}

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
export function BurdenPage({ section }: { section: string }) {
  const t = useT();
  const months = lastMonths(6);
  const [perMonth, setPerMonth] = useState<Summary[]>([]);
  const [error, setError] = useState('');
  const [entered, setEntered] = useState<Baseline | null>(null);
  const [forms, setForms] = useState('');
  const [certificates, setCertificates] = useState('');
  const show = (b: Baseline | null) => {
    setEntered(b);
    setForms(b ? String(b.formsPerMonth) : '');
    setCertificates(b ? String(b.certificatesPerMonth) : '');
  };
  useEffect(
    () =>
      void gql<{ burdenBaseline: Baseline | null }>('WebBurdenBaseline').then(
        ({ data }) => show(data.burdenBaseline),
        () => show(null),
      ),
    [],
  );
  // Forms and certificates together: what the spared forms and attestations are compared with.
  const baseline = entered ? entered.formsPerMonth + entered.certificatesPerMonth : 0;
  // The district's admin section enters it (rule entersBaseline); everyone else reads it.
  const mayEnter = section === 'admin';

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
  const saveBaseline = () =>
    gql<{ setBurdenBaseline: Baseline }>('WebSetBurdenBaseline', {
      formsPerMonth: Number(forms),
      certificatesPerMonth: Number(certificates),
    }).then(
      ({ data }) => show(data.setBurdenBaseline),
      (e: unknown) => setError(e instanceof RequestFailed ? e.message : String(e)),
    );

  return (
    <section className="burden" data-testid="burden">
      {error ? <p className="error">{error}</p> : null}
      <div className="baseline" data-testid="baseline">
        <strong>{t('基线')}</strong>{' '}
        {mayEnter ? (
          <>
            <label>
              {t('每月表格')}:{' '}
              <input
                value={forms}
                onChange={(e) => setForms(e.target.value)}
                inputMode="numeric"
                data-testid="baseline-forms"
              />
            </label>{' '}
            <label>
              {t('每月证明')}:{' '}
              <input
                value={certificates}
                onChange={(e) => setCertificates(e.target.value)}
                inputMode="numeric"
                data-testid="baseline-certificates"
              />
            </label>{' '}
            <button onClick={() => void saveBaseline()} data-testid="baseline-save">
              {t('保存基线')}
            </button>
          </>
        ) : null}
        <span data-testid="baseline-value">
          {entered
            ? ` ${t('每月表格')} ${entered.formsPerMonth} · ${t('每月证明')} ${entered.certificatesPerMonth} (${entered.enteredBy}, ${entered.updatedAt.slice(0, 10)})`
            : ` ${t('区里尚未录入基线')}`}
        </span>
      </div>
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
            series={(
              [
                ['reports', '报表数'],
                ['exports', '导出数'],
                ['attestations', '开证明数'],
              ] as const
            ).map(([k, label]) => ({
              label: t(label),
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
