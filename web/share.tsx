import { useEffect, useState } from 'react';
import { gql, RequestFailed } from './gql.js';
import type { Dataset } from './catalogue.js';
import { useT } from './i18n.js';

/** A saved report as the app lists it (WebSavedReports). */
export interface Saved {
  id: string;
  name: string;
  description: string;
  input: {
    dataset: Dataset;
    dimensions: string[];
    measures: string[];
    totals?: boolean;
    filter?: Record<string, unknown>;
  };
  owner: { code: string; name: string };
  sharedWith: Array<{ code: string }>;
}

interface SectionRow {
  code: string;
  name: string;
  level: string;
}

const levels = ['DISTRICT', 'SUBDISTRICT', 'COMMUNITY'] as const;
const levelLabels: Record<string, string> = {
  DISTRICT: '区级部门',
  SUBDISTRICT: '街镇科室',
  COMMUNITY: '居村委',
};

/**
 * 共享 The share screen of a saved report (owner only): pick the sections it is shared with. A
 * section it is shared with runs it with its own grants, jurisdiction and purpose (shareReport).
 */
export function SharePanel(props: {
  report: { id: string; name: string; sharedWith: Array<{ code: string }> };
  own: string;
  onDone: () => void;
}) {
  const t = useT();
  const [sections, setSections] = useState<SectionRow[]>([]);
  const [chosen, setChosen] = useState<string[]>(props.report.sharedWith.map((s) => s.code));
  const [error, setError] = useState('');
  useEffect(
    () =>
      void gql<{ sections: SectionRow[] }>('WebSections').then(
        ({ data }) => setSections(data.sections.filter((s) => s.code !== props.own)),
        () => setSections([]),
      ),
    [],
  );
  const toggle = (code: string) =>
    setChosen((old) => (old.includes(code) ? old.filter((c) => c !== code) : [...old, code]));
  const save = async () => {
    try {
      await gql('WebShareReport', { id: props.report.id, sharedWith: chosen });
      props.onDone();
    } catch (e) {
      setError(e instanceof RequestFailed ? e.message : String(e));
    }
  };
  return (
    <div className="share" role="dialog" aria-label={t('共享报表')} data-testid="share-panel">
      <h3>
        {t('共享报表')}: {props.report.name}
      </h3>
      <p className="note">
        {t('共享的是报表定义：对方按自己的授权、辖区和任务运行，看不到本科室的数据。')}
      </p>
      {levels.map((level) => (
        <fieldset key={level}>
          <legend>{t(levelLabels[level]!)}</legend>
          {sections
            .filter((s) => s.level === level)
            .map((s) => (
              <label key={s.code}>
                <input
                  type="checkbox"
                  checked={chosen.includes(s.code)}
                  onChange={() => toggle(s.code)}
                  data-testid={`share-${s.code}`}
                />{' '}
                {s.name} <small>{s.code}</small>
              </label>
            ))}
        </fieldset>
      ))}
      {error ? <p className="error">{error}</p> : null}
      <button onClick={() => void save()} data-testid="share-save">
        {t('保存共享')}
      </button>{' '}
      <button onClick={props.onDone}>{t('取消')}</button>
    </div>
  );
}

/** 已保存的报表 The section's own and shared saved reports: open, and (owner only) share. */
export function SavedReports(props: {
  saved: Saved[];
  section: string;
  onOpen: (report: Saved) => void;
  onChanged: () => void;
}) {
  const t = useT();
  const [sharing, setSharing] = useState<Saved | null>(null);
  return (
    <>
      <h3>{t('已保存的报表')}</h3>
      {sharing ? (
        <SharePanel
          report={sharing}
          own={props.section}
          onDone={() => {
            setSharing(null);
            props.onChanged();
          }}
        />
      ) : null}
      <ul className="saved">
        {props.saved.map((s) => (
          <li key={s.id}>
            <button onClick={() => props.onOpen(s)} data-testid="saved-open">
              {t('打开')}
            </button>{' '}
            {s.owner.code === props.section ? (
              <button onClick={() => setSharing(s)} data-testid="saved-share">
                {t('共享')}
              </button>
            ) : null}{' '}
            {s.name} <small>({s.owner.name})</small>
            {s.sharedWith.length > 0 ? (
              <small>
                {' '}
                · {t('已共享给')} {s.sharedWith.map((x) => x.code).join(', ')}
              </small>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}
