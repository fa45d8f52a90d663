import { useEffect, useState } from 'react';
import { needs, taskRefusal, type Task } from './catalogue.js';
import { ChartView, type ChartKind } from './chart.js';
import { chartData } from './chart-data.js';
import { downloadExport, gql, RequestFailed, type GqlError } from './gql.js';
import { grantRefusal, loadGrants, type Grant } from './grants.js';
import { useT } from './i18n.js';
import { ReportBuilder, ReportSave } from './report-builder.js';
import { useReportForm } from './report-form.js';
import { ReportTable, type ReportResult } from './report-table.js';
import { SavedReports, type Saved } from './share.js';

/** The fields and measures the hub's refusals name, by what greys them in the builder. */
function refusedBy(errors: GqlError[]): Record<string, string> {
  const more: Record<string, string> = {};
  for (const e of errors) {
    const field = /\b([A-Z][A-Za-z]+\.[A-Za-z_]+)\b/.exec(e.message)?.[1];
    if (field && e.extensions?.rule === 'GRANT') more[field] = e.message;
    const measure = /\bmeasures\.([A-Z_]+)/.exec(e.message)?.[1];
    if (measure && e.extensions?.rule === 'DISCLOSURE') more[measure] = e.message;
  }
  return more;
}

/** 报表 The report builder: a task, a dataset, dimensions, measures, filters; table, chart, save, share, export. */
export function ReportPage({ tasks, section }: { tasks: Task[]; section: string }) {
  const t = useT();
  const form = useReportForm();
  const [purpose, setPurpose] = useState(tasks[0]?.code ?? '');
  const [result, setResult] = useState<ReportResult | null>(null);
  const [errors, setErrors] = useState<GqlError[]>([]);
  const [chart, setChart] = useState<ChartKind>('bar');
  const [saved, setSaved] = useState<Saved[]>([]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [share, setShare] = useState('');
  // Fields the hub refused for this task (a grant too low): what needs them is greyed with its message.
  const [refused, setRefused] = useState<Record<string, string>>({});
  useEffect(() => setRefused({}), [purpose]);
  // The section's own grants: what they leave out is not offered, with the reason, before any refusal.
  const [grants, setGrants] = useState<Grant[] | null>(null);
  useEffect(() => void loadGrants().then(setGrants), []);
  const task = tasks.find((x) => x.code === purpose);
  const why = (item: string) =>
    taskRefusal(task, item) ??
    grantRefusal(grants, purpose, item) ??
    refused[needs[item] ?? ''] ??
    refused[item] ??
    null;

  const loadSaved = () =>
    gql<{ savedReports: Saved[] }>('WebSavedReports').then(
      ({ data }) => setSaved(data.savedReports),
      () => setSaved([]),
    );
  useEffect(() => void loadSaved(), []);

  const fail = (error: unknown) => {
    const list = error instanceof RequestFailed ? error.errors : [{ message: String(error) }];
    setErrors(list);
    setRefused((old) => ({ ...old, ...refusedBy(list) }));
  };
  const run = async (savedId?: string) => {
    setErrors([]);
    setResult(null);
    try {
      const report = savedId
        ? (await gql<{ runReport: ReportResult }>('WebRunReport', { id: savedId }, purpose)).data
            .runReport
        : (await gql<{ report: ReportResult }>('WebReport', { input: form.input() }, purpose)).data
            .report;
      setResult(report);
    } catch (error) {
      fail(error);
    }
  };
  const save = async () => {
    try {
      const sharedWith = share.split(/[,，\s]+/).filter(Boolean);
      const { data } = await gql<{ saveReport: { id: string } }>('WebSaveReport', {
        input: { name: name || '未命名报表', report: form.input(), sharedWith },
      });
      setOpenId(data.saveReport.id);
      await loadSaved();
    } catch (error) {
      fail(error);
    }
  };
  const open = (report: Saved) => {
    form.load(report.input);
    setName(report.name);
    setOpenId(report.id);
    void run(report.id);
  };
  const exportAs = (format: 'csv' | 'xlsx') =>
    openId ? void downloadExport(openId, format, purpose, name || 'report').catch(fail) : undefined;

  return (
    <section className="report">
      <div className="builder">
        <ReportBuilder
          form={form}
          tasks={tasks}
          purpose={purpose}
          onPurpose={setPurpose}
          why={why}
        />
        <button onClick={() => void run()} data-testid="run-report">
          {t('生成报表')}
        </button>
        <ReportSave
          {...{ name, share, openId }}
          onName={setName}
          onShare={setShare}
          onSave={() => void save()}
          onExport={exportAs}
        />
      </div>
      {errors.map((e, i) => (
        <p key={i} className="error" data-testid="report-error">
          {e.extensions?.code}
          {e.extensions?.rule ? ` (${e.extensions.rule})` : ''}: {e.message}
        </p>
      ))}
      {result ? (
        <>
          <ReportTable report={result} />
          <div className="chart-kinds">
            {(['bar', 'line', 'stacked'] as const).map((k) => (
              <label key={k}>
                <input type="radio" checked={chart === k} onChange={() => setChart(k)} />{' '}
                {t(k === 'bar' ? '柱状图' : k === 'line' ? '折线图' : '堆叠图')}
              </label>
            ))}
          </div>
          <ChartView kind={chart} {...chartData(result)} />
        </>
      ) : null}
      <SavedReports
        saved={saved}
        section={section}
        onOpen={open}
        onChanged={() => void loadSaved()}
      />
    </section>
  );
}
