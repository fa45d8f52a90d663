import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import './ide.css';
import { createRoot } from 'react-dom/client';
import { loadSession, sessionHeaders } from './session.js';

// The editor's workers are bundled beside this file (web/build.mjs): nothing from a CDN.
(globalThis as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    const name = label === 'json' ? 'json' : label === 'graphql' ? 'graphql' : 'editor';
    return new Worker(`/web/workers/${name}.js`);
  },
};

type Params = { query?: string; variables?: unknown; operationName?: string | null };

async function fetcher(params: Params, options?: { headers?: Record<string, unknown> }) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...sessionHeaders(),
  };
  for (const [key, value] of Object.entries(options?.headers ?? {}))
    if (typeof value === 'string') headers[key.toLowerCase()] = value;
  const res = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers,
    body: JSON.stringify(params),
  });
  return res.json();
}

const defaultQuery = `# OneTable GraphQL IDE. Signed in by the session of the app (/).
# Personal fields need a task code: set "x-purpose" in Headers below.
{
  residents(first: 5) {
    totalCount
    edges { node { name age community { name } } }
  }
}
`;

async function main() {
  const root = createRoot(document.getElementById('root')!);
  const session = await loadSession();
  if (!session) {
    root.render(
      <p className="ot-signin">
        未登录 Not signed in. <a href="/">登录 Sign in</a> first (or send Authorization: Bearer from
        any GraphQL client).
      </p>,
    );
    return;
  }
  const purpose = new URLSearchParams(location.search).get('purpose') ?? '';
  root.render(
    <GraphiQL
      fetcher={fetcher as never}
      defaultQuery={defaultQuery}
      defaultHeaders={JSON.stringify({ 'x-purpose': purpose }, null, 2)}
      initialHeaders={purpose ? JSON.stringify({ 'x-purpose': purpose }, null, 2) : undefined}
    >
      <GraphiQL.Logo>OneTable · {session.section.code}</GraphiQL.Logo>
    </GraphiQL>,
  );
}

void main();
