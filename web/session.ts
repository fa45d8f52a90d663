/**
 * The signed-in session as the pages see it. The credential itself is in an HttpOnly cookie this
 * code cannot read; it keeps only the CSRF value the hub binds to that cookie (in memory, and in
 * sessionStorage so the IDE tab opened from the app shares it).
 */
export interface Session {
  section: { code: string; level: string };
  user: string;
  kind: string;
  csrfToken: string;
  production: boolean;
}

const storageKey = 'onetable.csrf';

export async function loadSession(): Promise<Session | null> {
  const res = await fetch('/session', { credentials: 'same-origin' });
  if (!res.ok) return null;
  const session = (await res.json()) as Session;
  sessionStorage.setItem(storageKey, session.csrfToken);
  return session;
}

export async function signIn(body: {
  section?: string;
  user?: string;
  credential?: string;
}): Promise<Session> {
  const res = await fetch('/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await res.json()) as Session & { errors?: Array<{ message: string }> };
  if (!res.ok) throw new Error(answer.errors?.[0]?.message ?? `HTTP ${res.status}`);
  sessionStorage.setItem(storageKey, answer.csrfToken);
  return answer;
}

export async function signOut(): Promise<void> {
  sessionStorage.removeItem(storageKey);
  await fetch('/session/end', { method: 'POST', credentials: 'same-origin' });
}

/** Headers of a request signed in by the session cookie. */
export function sessionHeaders(purpose?: string | null): Record<string, string> {
  const headers: Record<string, string> = {
    'x-onetable-csrf': sessionStorage.getItem(storageKey) ?? '',
  };
  if (purpose) headers['x-purpose'] = purpose;
  return headers;
}

export async function demoSections(): Promise<
  Array<{ code: string; name: string; level: string }>
> {
  const res = await fetch('/session/sections');
  if (!res.ok) return [];
  return ((await res.json()) as { sections: Array<{ code: string; name: string; level: string }> })
    .sections;
}
