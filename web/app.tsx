import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import './app.css';
import { BurdenPage } from './burden.js';
import { usableTasks, type Task } from './catalogue.js';
import { gql } from './gql.js';
import { LangContext, useT, type Lang } from './i18n.js';
import { ImportPage } from './import.js';
import { ReportPage } from './report.js';
import { ResidentPage } from './resident.js';
import { SignIn } from './signin.js';
import { loadSession, signOut, type Session } from './session.js';

type Page = 'report' | 'resident' | 'import' | 'burden';

function Shell({
  session,
  onSignOut,
  lang,
  setLang,
}: {
  session: Session;
  onSignOut: () => void;
  lang: Lang;
  setLang: (l: Lang) => void;
}) {
  const t = useT();
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [page, setPage] = useState<Page>('report');
  const [purpose, setPurpose] = useState('');
  useEffect(() => {
    void gql<{ tasks: Task[] }>('Tasks').then(
      ({ data }) => {
        const usable = usableTasks(data.tasks, session.section);
        setTasks(usable);
        setPurpose(usable[0]?.code ?? '');
      },
      () => setTasks([]),
    );
  }, []);
  const committee = session.section.level !== 'DISTRICT';
  return (
    <div className="shell">
      <header>
        <strong>{t('一表通')}</strong>
        <nav>
          <button
            className={page === 'report' ? 'on' : ''}
            onClick={() => setPage('report')}
            data-testid="nav-report"
          >
            {t('报表')}
          </button>
          {committee ? (
            <button
              className={page === 'resident' ? 'on' : ''}
              onClick={() => setPage('resident')}
              data-testid="nav-resident"
            >
              {t('居民卡片')}
            </button>
          ) : null}
          {committee ? (
            <button
              className={page === 'import' ? 'on' : ''}
              onClick={() => setPage('import')}
              data-testid="nav-import"
            >
              {t('台账导入')}
            </button>
          ) : null}
          <button
            className={page === 'burden' ? 'on' : ''}
            onClick={() => setPage('burden')}
            data-testid="nav-burden"
          >
            {t('减负看板')}
          </button>
          <a
            href={`/graphql?purpose=${encodeURIComponent(purpose)}`}
            target="_blank"
            rel="noopener"
            data-testid="nav-ide"
          >
            {t('GraphQL 调试台')}
          </a>
        </nav>
        <span className="who" data-testid="who">
          {session.user} · {session.section.code}
        </span>
        <button onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang">
          {lang === 'zh' ? 'English' : '中文'}
        </button>
        <button onClick={onSignOut} data-testid="signout">
          {t('退出')}
        </button>
      </header>
      {tasks === null ? <p>…</p> : null}
      {tasks && page === 'report' ? (
        <ReportPage tasks={tasks} section={session.section.code} />
      ) : null}
      {tasks && page === 'resident' ? (
        <>
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
          <ResidentPage purpose={purpose} />
        </>
      ) : null}
      {tasks && page === 'import' ? (
        <ImportPage tasks={tasks} street={session.section.level === 'SUBDISTRICT'} />
      ) : null}
      {page === 'burden' ? <BurdenPage section={session.section.code} /> : null}
    </div>
  );
}

function App() {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [lang, setLangState] = useState<Lang>(() =>
    localStorage.getItem('onetable.lang') === 'en' ? 'en' : 'zh',
  );
  const setLang = (l: Lang) => {
    localStorage.setItem('onetable.lang', l);
    document.documentElement.lang = l === 'en' ? 'en' : 'zh-CN';
    setLangState(l);
  };
  useEffect(() => void loadSession().then(setSession), []);
  return (
    <LangContext.Provider value={lang}>
      {session === undefined ? (
        <p>…</p>
      ) : session === null ? (
        <>
          <button className="lang" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {lang === 'zh' ? 'English' : '中文'}
          </button>
          <SignIn onSignedIn={setSession} />
        </>
      ) : (
        <Shell
          session={session}
          lang={lang}
          setLang={setLang}
          onSignOut={() => void signOut().then(() => setSession(null))}
        />
      )}
    </LangContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
