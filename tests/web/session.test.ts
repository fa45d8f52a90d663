import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getIntrospectionQuery, Kind, parse, print, type FragmentDefinitionNode } from 'graphql';
import { operationsDir } from '../../src/server/trusted-operations.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario, tasks } from '../support/scenario.js';

async function signIn(base: string, body: unknown, contentType = 'application/json') {
  const res = await fetch(`${base}/session`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: JSON.stringify(body),
  });
  return {
    res,
    body: (await res.json()) as any,
    cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!,
  };
}

describe.each(testDatabaseKinds())('browser sessions, development mode (%s)', (kind) => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => void (await insertScenario(hub.prisma)));
    base = t.url.replace(/\/graphql$/, '');
  });
  afterAll(() => t?.close());

  it('lists demo sections and signs in as one with an HttpOnly, SameSite=Strict cookie', async () => {
    const list = (await (await fetch(`${base}/session/sections`)).json()) as any;
    expect(list.sections.map((s: { code: string }) => s.code)).toContain('committee:310106001001');
    const { res, body, cookie } = await signIn(base, {
      section: 'committee:310106001001',
      user: '刘书记',
    });
    expect(res.status).toBe(200);
    expect(body.section.code).toBe('committee:310106001001');
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(JSON.stringify(body)).not.toContain(cookie.split('=')[1]);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toMatch(/Secure/);
    const again = (await (await fetch(`${base}/session`, { headers: { cookie } })).json()) as any;
    expect(again.csrfToken).toBe(body.csrfToken);
  });

  it('runs a cookie-signed request only with the CSRF header bound to the session', async () => {
    const { body: session, cookie } = await signIn(base, { section: 'committee:310106001001' });
    const query = JSON.stringify({ query: '{ residents(first: 1) { totalCount } }' });
    const send = (headers: Record<string, string>) =>
      fetch(t.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-purpose': tasks.population,
          cookie,
          ...headers,
        },
        body: query,
      });
    const without = await send({});
    expect(without.status).toBe(403);
    expect(((await without.json()) as any).errors[0].extensions.code).toBe('CSRF_TOKEN_REQUIRED');
    const wrong = await send({
      'x-onetable-csrf': session.csrfToken.replace(/^./, (c: string) => (c === 'A' ? 'B' : 'A')),
    });
    expect(wrong.status).toBe(403);
    const right = await send({ 'x-onetable-csrf': session.csrfToken });
    expect(right.status).toBe(200);
    expect(((await right.json()) as any).data.residents.totalCount).toBeGreaterThan(0);
    // A bearer client is not affected by a cookie it may carry.
    const bearer = await send({
      authorization: `Bearer ${await t.token({ section: 'street:310106001' })}`,
    });
    expect(bearer.status).toBe(200);
  });

  it('exports a saved report through the session (the app downloads it with the CSRF header)', async () => {
    const { body: session, cookie } = await signIn(base, { section: 'street:310106001' });
    const headers = {
      'content-type': 'application/json',
      cookie,
      'x-onetable-csrf': session.csrfToken,
      'x-purpose': tasks.population,
    };
    const saved = await fetch(t.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        query: 'mutation($i: SaveReportInput!) { saveReport(input: $i) { id } }',
        variables: {
          i: {
            name: '各居委人口',
            report: { dataset: 'RESIDENTS', dimensions: ['COMMUNITY'], measures: ['COUNT'] },
          },
        },
      }),
    });
    const id = ((await saved.json()) as any).data.saveReport.id as string;
    const exported = await fetch(`${base}/reports/${encodeURIComponent(id)}/export?format=csv`, {
      headers,
    });
    expect(exported.status).toBe(200);
    expect(await exported.text()).toContain('华山居委会');
    const { 'x-onetable-csrf': _, ...withoutCsrf } = headers;
    expect(
      (
        await fetch(`${base}/reports/${encodeURIComponent(id)}/export?format=csv`, {
          headers: withoutCsrf,
        })
      ).status,
    ).toBe(403);
  });

  it('refuses a sign-in a cross-site form could send, a wrong credential, and signs out', async () => {
    expect(
      (await signIn(base, { section: 'committee:310106001001' }, 'text/plain')).res.status,
    ).toBe(415);
    const bad = await signIn(base, { credential: 'not-a-token' });
    expect(bad.res.status).toBe(401);
    expect(bad.res.headers.get('set-cookie')).toBeNull();
    expect((await signIn(base, { section: 'no-such-section' })).res.status).toBe(401);
    const end = await fetch(`${base}/session/end`, { method: 'POST' });
    expect(end.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await fetch(`${base}/session`)).status).toBe(401);
  });
});

describe('browser sessions, production mode', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub(
      'pglite',
      async (hub) => void (await insertScenario(hub.prisma)),
      undefined,
      { mode: { production: true } },
    );
    base = t.url.replace(/\/graphql$/, '');
  });
  afterAll(() => t?.close());

  it('offers no demo sign-in, takes a pasted token into a Secure cookie', async () => {
    expect((await fetch(`${base}/session/sections`)).status).toBe(404);
    expect((await signIn(base, { section: 'committee:310106001001' })).res.status).toBe(403);
    const { res, body } = await signIn(base, {
      credential: await t.token({ section: 'street:310106001' }),
    });
    expect(res.status).toBe(200);
    expect(body.section.code).toBe('street:310106001');
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('keeps introspection to the admin section', async () => {
    const introspect = async (section: string) =>
      fetch(t.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await t.token({ section })}`,
        },
        body: JSON.stringify({
          query: getIntrospectionQuery({
            descriptions: true,
            specifiedByUrl: true,
            directiveIsRepeatable: true,
          }),
        }),
      });
    expect((await introspect('street:310106001')).status).toBe(403);
    const admin = await introspect('admin');
    expect(admin.status).toBe(200);
    expect(((await admin.json()) as any).data.__schema.queryType.name).toBe('Query');
  });
});

describe('the app under trusted operations', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub(
      'pglite',
      async (hub) => void (await insertScenario(hub.prisma)),
      undefined,
      { mode: { trustedOperations: true } },
    );
    base = t.url.replace(/\/graphql$/, '');
  });
  afterAll(() => t?.close());

  /** An operation of schema/operations/ with the fragments it uses, as web/gql.ts sends it. */
  function documentOf(name: string): string {
    const definitions = readdirSync(operationsDir)
      .filter((f) => f.endsWith('.graphql'))
      .flatMap((f) => parse(readFileSync(path.join(operationsDir, f), 'utf8')).definitions);
    const operation = definitions.find(
      (d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name,
    )!;
    const fragments = definitions.filter(
      (d): d is FragmentDefinitionNode =>
        d.kind === Kind.FRAGMENT_DEFINITION && print(operation).includes(`...${d.name.value}`),
    );
    return [operation, ...fragments].map((d) => print(d)).join('\n');
  }

  it("runs the report builder's operation through the session cookie", async () => {
    const { body: session, cookie } = await signIn(base, { section: 'street:310106001' });
    const headers = {
      'content-type': 'application/json',
      cookie,
      'x-onetable-csrf': session.csrfToken,
      'x-purpose': tasks.population,
    };
    const input = {
      dataset: 'RESIDENTS',
      dimensions: ['COMMUNITY'],
      measures: ['COUNT'],
      totals: true,
    };
    const res = await fetch(t.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        query: documentOf('WebReport'),
        operationName: 'WebReport',
        variables: { input },
      }),
    });
    const body = (await res.json()) as any;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.data.report.rows.length).toBeGreaterThan(1);
    const adHoc = await fetch(t.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        query:
          '{ report(input: { dataset: RESIDENTS, dimensions: [COMMUNITY], measures: [COUNT] }) { perturbed } }',
      }),
    });
    expect(((await adHoc.json()) as any).errors[0].extensions.code).toBe('OPERATION_NOT_TRUSTED');
  });
});
