import { useEffect, useState } from 'react';
import type { Task } from './catalogue.js';
import { gql, RequestFailed, type GqlError } from './gql.js';
import { useT } from './i18n.js';
import { ColumnTable, ImportSummary } from './import-view.js';
import {
  fieldsOf,
  ImportRefused,
  importKinds,
  postImport,
  type ImportAnswer,
  type ImportKind,
} from './import-api.js';

const kindLabels: Record<ImportKind, string> = {
  residents: '实有人口 Residents',
  households: '户 Households',
  services: '走访/服务 Home visits',
  tags: '人员标签 Tags',
};

type Columns = Array<{ heading: string; field: string | null }>;
interface SavedMapping {
  name: string;
  mapping: Record<string, string | null>;
}

/** Headings compared as the hub compares them (mapping.ts headingKey), to apply a saved mapping. */
const keyOf = (h: string) =>
  h
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[(（][^)）]*[)）]/g, '')
    .replace(/[\s*＊:：_]/g, '')
    .toLowerCase();

/** 台账导入 Upload a ledger, see and adjust how its headings are read, dry run, then confirm. */
export function ImportPage({ tasks, street }: { tasks: Task[]; street: boolean }) {
  const t = useT();
  const [kind, setKind] = useState<ImportKind>('residents');
  const [file, setFile] = useState<File | null>(null);
  const [purpose, setPurpose] = useState(tasks[0]?.code ?? '');
  const [community, setCommunity] = useState('');
  const [onExisting, setOnExisting] = useState('skip');
  const [partial, setPartial] = useState(false);
  const [columns, setColumns] = useState<Columns | null>(null);
  const [adjusted, setAdjusted] = useState(false);
  const [answer, setAnswer] = useState<ImportAnswer | null>(null);
  const [errors, setErrors] = useState<GqlError[]>([]);
  const [saved, setSaved] = useState<SavedMapping[]>([]);
  const [mappingName, setMappingName] = useState('');
  const [busy, setBusy] = useState(false);

  const loadMappings = () =>
    gql<{ importMappings: SavedMapping[] }>('WebImportMappings', { kind }).then(
      ({ data }) => setSaved(data.importMappings),
      () => setSaved([]),
    );
  useEffect(() => {
    void loadMappings();
    setColumns(null);
    setAnswer(null);
  }, [kind]);

  const mapping = () =>
    adjusted && columns
      ? Object.fromEntries(columns.filter((c) => c.heading).map((c) => [c.heading, c.field]))
      : null;
  const send = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setErrors([]);
    try {
      const result = await postImport({
        kind,
        file,
        purpose,
        community,
        onExisting,
        partial,
        dryRun,
        mapping: mapping(),
      });
      setAnswer(result);
      setColumns(result.columns);
    } catch (error) {
      setAnswer(null);
      if (error instanceof ImportRefused && error.headings)
        setColumns(error.headings.map((heading) => ({ heading, field: null })));
      setErrors(error instanceof RequestFailed ? error.errors : [{ message: String(error) }]);
    } finally {
      setBusy(false);
    }
  };
  const setField = (i: number, field: string | null) => {
    setAdjusted(true);
    setColumns((old) => old && old.map((c, j) => (j === i ? { ...c, field } : c)));
  };
  const applySaved = (name: string) => {
    const found = saved.find((m) => m.name === name);
    if (!found || !columns) return;
    setAdjusted(true);
    setColumns(
      columns.map((c) => {
        const key = keyOf(c.heading);
        return Object.hasOwn(found.mapping, key) ? { ...c, field: found.mapping[key] ?? null } : c;
      }),
    );
  };
  const saveMapping = async () => {
    const current =
      mapping() ?? Object.fromEntries((columns ?? []).map((c) => [c.heading, c.field]));
    try {
      await gql('WebSaveImportMapping', { kind, name: mappingName, mapping: current });
      await loadMappings();
    } catch (error) {
      setErrors(error instanceof RequestFailed ? error.errors : [{ message: String(error) }]);
    }
  };
  const dryRunClean = answer?.dryRun && (answer.errors.length === 0 || partial);

  return (
    <section className="import" data-testid="import">
      <div className="builder">
        <label>
          {t('台账类型')}:{' '}
          <select
            value={kind}
            onChange={(e) => setKind(e.target.value as ImportKind)}
            data-testid="import-kind"
          >
            {importKinds.map((k) => (
              <option key={k} value={k}>
                {kindLabels[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('任务')}:{' '}
          <select value={purpose} onChange={(e) => setPurpose(e.target.value)}>
            {tasks.map((x) => (
              <option key={x.code} value={x.code}>
                {x.code} {x.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('文件')} (CSV/XLSX):{' '}
          <input
            type="file"
            accept=".csv,.xlsx"
            data-testid="import-file"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setColumns(null);
              setAdjusted(false);
              setAnswer(null);
            }}
          />
        </label>
        {street ? (
          <label>
            {t('居村代码')}:{' '}
            <input
              value={community}
              onChange={(e) => setCommunity(e.target.value)}
              inputMode="numeric"
            />
          </label>
        ) : null}
        <label>
          {t('已在册')}:{' '}
          <select value={onExisting} onChange={(e) => setOnExisting(e.target.value)}>
            <option value="skip">{t('保留原记录')} skip</option>
            <option value="update">{t('更新')} update</option>
            <option value="fail">{t('报错')} fail</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={partial} onChange={() => setPartial(!partial)} />{' '}
          {t('只导入正确的行')}
        </label>
        <button
          disabled={!file || busy}
          onClick={() => void send(true)}
          data-testid="import-dry-run"
        >
          {t('预检（不写入）')}
        </button>
        <button
          disabled={!dryRunClean || busy}
          onClick={() => void send(false)}
          data-testid="import-confirm"
        >
          {t('确认导入')}
        </button>
      </div>
      {errors.map((e, i) => (
        <p key={i} className="error" data-testid="import-error">
          {e.extensions?.code}: {e.message}
        </p>
      ))}
      {columns ? (
        <ColumnTable
          columns={columns}
          fields={fieldsOf[kind]}
          onChange={setField}
          saved={saved}
          onApply={applySaved}
          name={mappingName}
          setName={setMappingName}
          onSave={() => void saveMapping()}
        />
      ) : null}
      {answer ? <ImportSummary answer={answer} /> : null}
    </section>
  );
}
