import { useEffect, useState } from 'react';
import {
  ageBands,
  datasetLabels,
  datasets,
  dimensionsOf,
  filtersOf,
  labels,
  measuresOf,
  needs,
  taskRefusal,
  type Dataset,
  type Task,
} from './catalogue.js';
import { ChartView, type ChartKind } from './chart.js';
import { downloadExport, gql, RequestFailed, type GqlError } from './gql.js';
import { useT } from './i18n.js';
import { ReportTable, type ReportResult } from './report-table.js';
import { grantRefusal, loadGrants, type Grant } from './grants.js';
import { SavedReports, type Saved } from './share.js';
import { chartData } from './chart-data.js';

const toggle = (list: string[], item: string) =>
  list.includes(item) ? list.filter((x) => x !== item) : [...list, item];

/** 报表 The report builder: a task, a dataset, dimensions, measures, filters; table, chart, save, share, export. */
export function ReportPage({ tasks, section }: { tasks: Task[]; section: string }) {
  const t = useT();
  const [purpose, setPurpose] = useState(tasks[0]?.code ?? '');
  const task = tasks.find((x) => x.code === purpose);
  const allowedDatasets = datasets.filter((d) => !task || task.datasets.includes(d));
  const [dataset, setDataset] = useState<Dataset>('RESIDENTS');
  const [dims, setDims] = useState<string[]>(['COMMUNITY']);
  const [measures, setMeasures] = useState<string[]>(['COUNT']);
  const [bands, setBands] = useState<string[]>([]);
  const [tags, setTags] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [totals, setTotals] = useState(false);
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

  const input = () => {
    const filter: Record<string, unknown> = {};
    if (bands.length) filter.ageBands = bands;
    const tagList = tags.split(/[,，\s]+/).filter(Boolean);
    if (tagList.length) filter.tags = tagList;
    if (from) filter.from = from;
    if (to) filter.to = to;
    return {
      dataset,
      dimensions: dims,
      measures,
      totals,
      ...(Object.keys(filter).length ? { filter } : {}),
    };
  };
  const fail = (error: unknown) => {
    const list = error instanceof RequestFailed ? error.errors : [{ message: String(error) }];
    setErrors(list);
    const more: Record<string, string> = {};
    for (const e of list) {
      const field = /\b([A-Z][A-Za-z]+\.[A-Za-z_]+)\b/.exec(e.message)?.[1];
      if (field && e.extensions?.rule === 'GRANT') more[field] = e.message;
      const measure = /\bmeasures\.([A-Z_]+)/.exec(e.message)?.[1];
      if (measure && e.extensions?.rule === 'DISCLOSURE') more[measure] = e.message;
    }
    setRefused((old) => ({ ...old, ...more }));
  };
  const run = async (savedId?: string) => {
    setErrors([]);
    setResult(null);
    try {
      const { data } = savedId
        ? await gql<{ runReport: ReportResult }>('WebRunReport', { id: savedId }, purpose).then(
            (r) => ({ data: { report: r.data.runReport } }),
          )
        : await gql<{ report: ReportResult }>('WebReport', { input: input() }, purpose);
      setResult(data.report);
    } catch (error) {
      fail(error);
    }
  };
  const save = async () => {
    try {
      const sharedWith = share.split(/[,，\s]+/).filter(Boolean);
      const { data } = await gql<{ saveReport: { id: string } }>('WebSaveReport', {
        input: { name: name || '未命名报表', report: input(), sharedWith },
      });
      setOpenId(data.saveReport.id);
      await loadSaved();
    } catch (error) {
      fail(error);
    }
  };
  const open = (report: Saved) => {
    setDataset(report.input.dataset);
    setDims(report.input.dimensions);
    setMeasures(report.input.measures);
    setTotals(Boolean(report.input.totals));
    const f = report.input.filter ?? {};
    setBands((f.ageBands as string[]) ?? []);
    setTags(((f.tags as string[]) ?? []).join(','));
    setFrom((f.from as string) ?? '');
    setTo((f.to as string) ?? '');
    setName(report.name);
    setOpenId(report.id);
    void run(report.id);
  };
  const option = (item: string, list: string[], set: (v: string[]) => void) => {
    const reason = why(item);
    return (
      <label
        key={item}
        className={reason ? 'refused' : ''}
        title={reason ?? ''}
        data-testid={`option-${item}`}
      >
        <input
          type="checkbox"
          disabled={Boolean(reason)}
          checked={list.includes(item)}
          onChange={() => set(toggle(list, item))}
        />{' '}
        {labels[item] ?? item}
        {reason ? <small className="why"> — {reason}</small> : null}
      </label>
    );
  };

  return (
    <section className="report">
      <div className="builder">
        <label>
          {t('任务')}:{' '}
          <select
            value={purpose}
            onChange={(e) => setPurpose(e.target.value)}
            data-testid="purpose"
          >
            {tasks.map((x) => (
              <option key={x.code} value={x.code}>
                {x.code} {x.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('数据集')}:{' '}
          <select
            value={dataset}
            onChange={(e) => {
              const d = e.target.value as Dataset;
              setDataset(d);
              setDims(['COMMUNITY']);
              setMeasures(['COUNT']);
            }}
            data-testid="dataset"
          >
            {datasets.map((d) => (
              <option key={d} value={d} disabled={!allowedDatasets.includes(d)}>
                {datasetLabels[d]}
                {allowedDatasets.includes(d) ? '' : ` (TASK_DATASETS: ${purpose})`}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{t('维度')}</legend>
          {dimensionsOf[dataset].map((d) => option(d, dims, setDims))}
        </fieldset>
        <fieldset>
          <legend>{t('指标')}</legend>
          {measuresOf[dataset].map((m) => option(m, measures, setMeasures))}
        </fieldset>
        <fieldset>
          <legend>{t('筛选')}</legend>
          {filtersOf[dataset].includes('ageBands') ? (
            <div>
              {t('年龄段')}: {ageBands.map((b) => option(b, bands, setBands))}
              {why('ageBands') ? <small className="why">{why('ageBands')}</small> : null}
            </div>
          ) : null}
          {filtersOf[dataset].includes('tags') ? (
            <label>
              {t('标签')}:{' '}
              <input
                value={tags}
                onChange={(e) => setTags(e.target.value)}
                placeholder="ELDERLY_ALONE"
              />
            </label>
          ) : null}
          {filtersOf[dataset].includes('period') ? (
            <span>
              <label>
                {t('起')}:{' '}
                <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
              </label>{' '}
              <label>
                {t('止')}: <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
              </label>
            </span>
          ) : null}
          <label>
            <input type="checkbox" checked={totals} onChange={() => setTotals(!totals)} />{' '}
            {t('小计合计')}
          </label>
        </fieldset>
        <button onClick={() => void run()} data-testid="run-report">
          {t('生成报表')}
        </button>
        <div className="save">
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={t('报表名称')}
            aria-label={t('报表名称')}
          />
          <input
            value={share}
            onChange={(e) => setShare(e.target.value)}
            placeholder={t('共享给')}
            aria-label={t('共享给')}
          />
          <button onClick={() => void save()}>{t('保存')}</button>
          {openId ? (
            <>
              <button
                onClick={() => downloadExport(openId, 'csv', purpose, name || 'report').catch(fail)}
              >
                {t('导出CSV')}
              </button>
              <button
                onClick={() =>
                  downloadExport(openId, 'xlsx', purpose, name || 'report').catch(fail)
                }
              >
                {t('导出XLSX')}
              </button>
            </>
          ) : null}
        </div>
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
