import {
  ageBands,
  datasetLabels,
  datasets,
  dimensionsOf,
  filtersOf,
  labels,
  measuresOf,
  type Dataset,
  type Task,
} from './catalogue.js';
import { useT } from './i18n.js';
import type { ReportForm } from './report-form.js';

interface Props {
  form: ReportForm;
  tasks: Task[];
  purpose: string;
  onPurpose: (code: string) => void;
  /** Why an item (dimension, measure, band, filter) is not offered, or null when it is. */
  why: (item: string) => string | null;
}

/** The builder's choices: task, dataset, dimensions, measures, filters; what is refused is greyed with why. */
export function ReportBuilder({ form, tasks, purpose, onPurpose, why }: Props) {
  const t = useT();
  const task = tasks.find((x) => x.code === purpose);
  const allowed = datasets.filter((d) => !task || task.datasets.includes(d));
  const { dataset } = form;
  const option = (item: string, list: { chosen: string[]; flip: (item: string) => void }) => {
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
          checked={list.chosen.includes(item)}
          onChange={() => list.flip(item)}
        />{' '}
        {labels[item] ?? item}
        {reason ? <small className="why"> — {reason}</small> : null}
      </label>
    );
  };
  return (
    <>
      <div className="choices">
        <label>
          {t('任务')}:{' '}
          <select value={purpose} onChange={(e) => onPurpose(e.target.value)} data-testid="purpose">
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
            onChange={(e) => form.chooseDataset(e.target.value as Dataset)}
            data-testid="dataset"
          >
            {datasets.map((d) => (
              <option key={d} value={d} disabled={!allowed.includes(d)}>
                {datasetLabels[d]}
                {allowed.includes(d) ? '' : ` (TASK_DATASETS: ${purpose})`}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset>
        <legend>{t('维度')}</legend>
        {dimensionsOf[dataset].map((d) => option(d, form.lists.dims))}
      </fieldset>
      <fieldset>
        <legend>{t('指标')}</legend>
        {measuresOf[dataset].map((m) => option(m, form.lists.measures))}
      </fieldset>
      <fieldset>
        <legend>{t('筛选')}</legend>
        {filtersOf[dataset].includes('ageBands') ? (
          <div>
            {t('年龄段')}: {ageBands.map((b) => option(b, form.lists.bands))}
            {why('ageBands') ? <small className="why">{why('ageBands')}</small> : null}
          </div>
        ) : null}
        {filtersOf[dataset].includes('tags') ? (
          <label>
            {t('标签')}:{' '}
            <input
              value={form.tags}
              onChange={(e) => form.setTags(e.target.value)}
              placeholder="ELDERLY_ALONE"
            />
          </label>
        ) : null}
        {filtersOf[dataset].includes('period') ? (
          <span>
            <label>
              {t('起')}:{' '}
              <input type="date" value={form.from} onChange={(e) => form.setFrom(e.target.value)} />
            </label>{' '}
            <label>
              {t('止')}:{' '}
              <input type="date" value={form.to} onChange={(e) => form.setTo(e.target.value)} />
            </label>
          </span>
        ) : null}
        <label>
          <input
            type="checkbox"
            checked={form.totals}
            onChange={() => form.setTotals(!form.totals)}
          />{' '}
          {t('小计合计')}
        </label>
      </fieldset>
    </>
  );
}

interface SaveProps {
  name: string;
  onName: (name: string) => void;
  share: string;
  onShare: (share: string) => void;
  onSave: () => void;
  /** The saved report shown, which can be exported; null before saving or opening one. */
  openId: string | null;
  onExport: (format: 'csv' | 'xlsx') => void;
}

/** Saving the report under a name (shared with the sections listed) and exporting a saved one. */
export function ReportSave({ name, onName, share, onShare, onSave, openId, onExport }: SaveProps) {
  const t = useT();
  return (
    <div className="save">
      <input
        value={name}
        onChange={(e) => onName(e.target.value)}
        placeholder={t('报表名称')}
        aria-label={t('报表名称')}
      />
      <input
        value={share}
        onChange={(e) => onShare(e.target.value)}
        placeholder={t('共享给')}
        aria-label={t('共享给')}
      />
      <button onClick={onSave}>{t('保存')}</button>
      {openId ? (
        <>
          <button onClick={() => onExport('csv')} data-testid="export-csv">
            {t('导出CSV')}
          </button>
          <button onClick={() => onExport('xlsx')} data-testid="export-xlsx">
            {t('导出XLSX')}
          </button>
        </>
      ) : null}
    </div>
  );
}
