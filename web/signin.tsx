import { useEffect, useState } from 'react';
import { useT } from './i18n.js';
import { demoSections, signIn, type Session } from './session.js';

/** Sign-in: a demo section outside production; a token of the identity provider or an API key always. */
export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const t = useT();
  const [sections, setSections] = useState<Array<{ code: string; name: string; level: string }>>(
    [],
  );
  const [section, setSection] = useState('');
  const [user, setUser] = useState('');
  const [credential, setCredential] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    void demoSections().then((list) => {
      setSections(list);
      setSection(list.find((s) => s.level === 'COMMUNITY')?.code ?? list[0]?.code ?? '');
    });
  }, []);
  const submit = (body: { section?: string; user?: string; credential?: string }) =>
    signIn(body).then(onSignedIn, (e: unknown) =>
      setError(e instanceof Error ? e.message : String(e)),
    );

  return (
    <div className="signin">
      {sections.length ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit({ section, user });
          }}
        >
          <p>{t('开发模式：选择一个演示科室登录')}</p>
          <label>
            {t('演示科室')}:{' '}
            <select
              value={section}
              onChange={(e) => setSection(e.target.value)}
              data-testid="demo-section"
            >
              {sections.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name} ({s.code})
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('用户名')}:{' '}
            <input value={user} onChange={(e) => setUser(e.target.value)} placeholder="演示用户" />
          </label>
          <button type="submit" data-testid="demo-signin">
            {t('登录')}
          </button>
        </form>
      ) : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit({ credential });
        }}
      >
        <p>{t('生产模式：粘贴身份平台令牌或 API 密钥')}</p>
        <textarea
          value={credential}
          onChange={(e) => setCredential(e.target.value)}
          placeholder={t('令牌或 API 密钥')}
          aria-label={t('令牌或 API 密钥')}
          autoComplete="off"
        />
        <button type="submit">{t('登录')}</button>
      </form>
      {error ? <p className="error">{error}</p> : null}
    </div>
  );
}
