import { useState } from 'react';
import { gql, RequestFailed, type GqlError } from './gql.js';
import { useT } from './i18n.js';

interface Found {
  id: string;
  name: string | null;
  age: number | null;
  gender: string;
  community: { name: string };
}
/** A resident's card as the hub answers it: withheld fields are null beside an error. */
type ResidentCard = Record<string, unknown> & {
  id: string;
  name?: string | null;
  household?: { address?: string | null } | null;
  tags?: Array<{ name: string }> | null;
};

interface LogEntry {
  at: string;
  sectionCode: string;
  sectionName: string | null;
  purpose: string | null;
  fields: string[];
}

const cardFields = [
  'name',
  'gender',
  'age',
  'birthDate',
  'idNumber',
  'phone',
  'ethnicity',
  'residenceType',
  'status',
  'relationToHead',
  'moveInDate',
];

/** 居民卡片 A committee searches its residents, opens one, records a home visit and shows who read the record. */
export function ResidentPage({ purpose }: { purpose: string }) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found[]>([]);
  const [resident, setResident] = useState<ResidentCard | null>(null);
  const [withheld, setWithheld] = useState<Record<string, string>>({});
  const [log, setLog] = useState<LogEntry[]>([]);
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<GqlError[]>([]);
  const [done, setDone] = useState('');
  const fail = (error: unknown) =>
    setErrors(error instanceof RequestFailed ? error.errors : [{ message: String(error) }]);

  const search = async () => {
    setErrors([]);
    try {
      const filter = query.trim() ? { nameContains: query.trim() } : {};
      const { data } = await gql<{ residents: { edges: Array<{ node: Found }> } }>(
        'Residents',
        { filter, first: 20 },
        purpose,
      );
      setFound(data.residents.edges.map((e) => e.node));
    } catch (error) {
      fail(error);
    }
  };
  const open = async (id: string) => {
    setErrors([]);
    setDone('');
    try {
      const { data, errors: fieldErrors } = await gql<{ resident: ResidentCard }>(
        'Resident',
        { id },
        purpose,
      );
      const why: Record<string, string> = {};
      for (const e of fieldErrors) if (e.path?.length === 2) why[String(e.path[1])] = e.message;
      setResident(data.resident);
      setWithheld(why);
      const access = await gql<{ accessLog: LogEntry[] }>(
        'WebAccessLog',
        { residentId: id, first: 50 },
        purpose,
      );
      setLog(access.data.accessLog);
    } catch (error) {
      fail(error);
    }
  };
  const visit = async () => {
    if (!resident) return;
    try {
      await gql(
        'RecordService',
        {
          input: {
            resident: resident.id,
            kind: 'HOME_VISIT',
            occurredAt: new Date().toISOString(),
            notes: notes || undefined,
            task: purpose,
          },
        },
        purpose,
      );
      setNotes('');
      setDone('已记录 Recorded');
      await open(resident.id);
    } catch (error) {
      fail(error);
    }
  };

  return (
    <section className="resident">
      <div className="search">
        <input
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder={t('搜索姓名')}
          aria-label={t('搜索姓名')}
          data-testid="resident-search"
          onKeyDown={(e) => e.key === 'Enter' && void search()}
        />
        <button onClick={() => void search()}>{t('搜索')}</button>
      </div>
      {errors.map((e, i) => (
        <p key={i} className="error">
          {e.extensions?.code}: {e.message}
        </p>
      ))}
      <ul className="found">
        {found.map((r) => (
          <li key={r.id}>
            <button onClick={() => void open(r.id)} data-testid="resident-open">
              {r.name ?? '—'}
            </button>{' '}
            {r.gender} {r.age ?? ''} · {r.community.name}
          </li>
        ))}
      </ul>
      {resident ? (
        <div className="card" data-testid="resident-card">
          <h3>{resident.name ?? '—'}</h3>
          <dl>
            {cardFields.map((f) => (
              <div key={f}>
                <dt>{f}</dt>
                <dd>
                  {f in withheld ? (
                    <span className="withheld" title={withheld[f]}>
                      {t('无权查看')}: {withheld[f]}
                    </span>
                  ) : (
                    String(resident[f] ?? '—')
                  )}
                </dd>
              </div>
            ))}
            <div>
              <dt>household</dt>
              <dd>
                {'household' in withheld
                  ? withheld.household
                  : (resident.household?.address ?? '—')}
              </dd>
            </div>
            <div>
              <dt>tags</dt>
              <dd>
                {(resident.tags ?? []).map((tag: { name: string }) => tag.name).join('、') || '—'}
              </dd>
            </div>
          </dl>
          <h4>{t('上门走访')}</h4>
          <input
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
            placeholder={t('备注')}
            aria-label={t('上门走访')}
          />
          <button onClick={() => void visit()}>{t('记录')}</button> {done}
          <h4>{t('查询记录')}</h4>
          <table className="log" data-testid="access-log">
            <thead>
              <tr>
                <th>{t('时间')}</th>
                <th>{t('科室')}</th>
                <th>{t('用途')}</th>
                <th>{t('字段')}</th>
              </tr>
            </thead>
            <tbody>
              {log.map((e, i) => (
                <tr key={i}>
                  <td>{new Date(e.at).toLocaleString()}</td>
                  <td>{e.sectionName ?? e.sectionCode}</td>
                  <td>{e.purpose ?? '—'}</td>
                  <td>{e.fields.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
