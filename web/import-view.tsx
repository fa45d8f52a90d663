import { useT } from './i18n.js';
import { fieldLabels, type ImportAnswer } from './import-api.js';

/** How each heading of the ledger is read, with a choice of field per heading and saved mappings. */
export function ColumnTable(props: {
  columns: Array<{ heading: string; field: string | null }>;
  fields: readonly string[];
  onChange: (index: number, field: string | null) => void;
  saved: Array<{ name: string }>;
  onApply: (name: string) => void;
  name: string;
  setName: (name: string) => void;
  onSave: () => void;
}) {
  const t = useT();
  return (
    <div className="columns">
      <h3>{t('识别的表头')}</h3>
      {props.saved.length > 0 ? (
        <label>
          {t('套用已存映射')}:{' '}
          <select
            defaultValue=""
            onChange={(e) => props.onApply(e.target.value)}
            data-testid="mapping-apply"
          >
            <option value="" disabled>
              —
            </option>
            {props.saved.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <table data-testid="import-columns">
        <thead>
          <tr>
            <th>{t('表头')}</th>
            <th>{t('字段')}</th>
          </tr>
        </thead>
        <tbody>
          {props.columns.map((c, i) =>
            c.heading.trim() === '' ? null : (
              <tr key={i}>
                <td>{c.heading}</td>
                <td>
                  <select
                    aria-label={c.heading}
                    value={c.field ?? ''}
                    onChange={(e) => props.onChange(i, e.target.value || null)}
                  >
                    <option value="">{t('不导入')}</option>
                    {props.fields.map((f) => (
                      <option key={f} value={f}>
                        {fieldLabels[f]} {f}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
      <label>
        {t('映射名称')}:{' '}
        <input
          value={props.name}
          onChange={(e) => props.setName(e.target.value)}
          data-testid="mapping-name"
        />
      </label>{' '}
      <button disabled={!props.name.trim()} onClick={props.onSave} data-testid="mapping-save">
        {t('保存映射')}
      </button>
    </div>
  );
}

const countKeys: Array<[string, string]> = [
  ['lines', '行数'],
  ['created', '新增'],
  ['updated', '更新'],
  ['unchanged', '未变'],
  ['skipped', '跳过'],
  ['failed', '出错行'],
  ['householdsCreated', '新建户'],
  ['tagsAdded', '新加标签'],
];

/** Counts and line errors of a dry run or an import. */
export function ImportSummary({ answer }: { answer: ImportAnswer }) {
  const t = useT();
  const verdict = answer.dryRun
    ? t('预检结果：未写入任何数据')
    : answer.applied
      ? t('已导入')
      : t('未导入：请修改出错的行，或勾选“只导入正确的行”');
  return (
    <div className="import-summary" data-testid="import-summary">
      <p className={answer.applied ? 'ok' : ''} data-testid="import-verdict">
        {verdict} ({answer.format}
        {answer.format === 'csv' ? `, ${answer.encoding}` : ''}, {t('表头在第')} {answer.headerLine}{' '}
        {t('行')})
      </p>
      <table>
        <tbody>
          <tr>
            {countKeys.map(([k, label]) => (
              <th key={k}>{t(label)}</th>
            ))}
          </tr>
          <tr data-testid="import-counts">
            {countKeys.map(([k]) => (
              <td key={k}>{answer.counts[k] ?? 0}</td>
            ))}
          </tr>
        </tbody>
      </table>
      {answer.errors.length > 0 ? (
        <table data-testid="import-errors">
          <thead>
            <tr>
              <th>{t('行')}</th>
              <th>{t('错误')}</th>
            </tr>
          </thead>
          <tbody>
            {answer.errors.slice(0, 500).map((e, i) => (
              <tr key={i}>
                <td>{e.line}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
