import { readdir, readFile } from 'node:fs/promises';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario, tasks } from '../support/scenario.js';

const origin = 'https://app.example.gov.cn';

describe.each(testDatabaseKinds())('the hub for browsers and their tools (%s)', (kind) => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub(
      kind,
      async (hub) => void (await insertScenario(hub.prisma)),
      undefined,
      { corsOrigins: [origin] },
    );
    base = t.url.replace(/\/graphql$/, '');
  });
  afterAll(() => t?.close());

  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('answers the standard introspection query, with every option, despite the depth limit', async () => {
    const authorization = `Bearer ${await t.token({ section: 'civil-affairs' })}`;
    for (const options of [
      {},
      {
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
      },
    ]) {
      const { status, body } = await post(
        { query: getIntrospectionQuery(options) },
        { authorization },
      );
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data.__schema.queryType.name).toBe('Query');
    }
  });

  it('names ONETABLE_MAX_DEPTH when a query is too deep', async () => {
    const deep = `{ residents(first: 1) { edges { node { ${'household { members { '.repeat(5)}name${' } }'.repeat(5)} } } } }`;
    const { status, body } = await post(
      { query: deep },
      {
        authorization: `Bearer ${await t.token({ section: 'civil-affairs' })}`,
        'x-purpose': tasks.population,
      },
    );
    expect(status).toBe(400);
    expect(body.errors[0].extensions.limit, JSON.stringify(body)).toBe('depth');
    expect(body.errors[0].message).toContain('ONETABLE_MAX_DEPTH');
  });

  it('tells a GET without a preflight header what to send instead (CSRF prevention)', async () => {
    const res = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { authorization: `Bearer ${await t.token({ section: 'civil-affairs' })}` },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body.errors[0].extensions).toMatchObject({
      code: 'BAD_REQUEST',
      rule: 'CSRF_PREVENTION',
    });
    expect(body.errors[0].message).toContain('content-type: application/json');
    expect(body.errors[0].message).toContain('apollo-require-preflight');
    const allowed = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: {
        authorization: `Bearer ${await t.token({ section: 'civil-affairs' })}`,
        'apollo-require-preflight': 'true',
      },
    });
    expect(allowed.status).toBe(200);
  });

  it("answers a listed origin's preflight, and nothing to an origin not listed", async () => {
    const preflight = (from: string) =>
      fetch(t.url, {
        method: 'OPTIONS',
        headers: {
          origin: from,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type, x-purpose',
        },
      });
    const ok = await preflight(origin);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(origin);
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
    for (const header of ['authorization', 'content-type', 'x-purpose', 'apollo-require-preflight'])
      expect(ok.headers.get('access-control-allow-headers')).toContain(header);
    expect(ok.headers.get('vary')).toContain('Origin');
    expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
    const other = await preflight('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('access-control-allow-headers')).toBeNull();
    expect(other.headers.get('vary')).toContain('Origin');
    const { status } = await post(
      { query: '{ __typename }' },
      { origin, authorization: `Bearer ${await t.token({ section: 'civil-affairs' })}` },
    );
    expect(status).toBe(200);
    const real = await fetch(t.url, {
      method: 'POST',
      headers: {
        origin,
        'content-type': 'application/json',
        authorization: `Bearer ${await t.token({ section: 'civil-affairs' })}`,
      },
      body: '{"query":"{ __typename }"}',
    });
    expect(real.headers.get('access-control-allow-origin')).toBe(origin);
  });

  it('serves the app at / and the IDE at /graphql to a browser, with bundles from the hub only', async () => {
    const app = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
    expect(app.status).toBe(200);
    expect(app.headers.get('content-type')).toContain('text/html');
    expect(app.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await app.text();
    expect(html).not.toMatch(/(src|href)=["']https?:/i);
    const ide = await fetch(t.url, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(ide.status).toBe(200);
    expect(await ide.text()).toContain('/web/ide.js');
    for (const asset of ['/web/app.js', '/web/ide.js', '/web/ide.css', '/web/workers/graphql.js']) {
      const res = await fetch(`${base}${asset}`);
      expect(res.status, asset).toBe(200);
      await res.arrayBuffer();
    }
    expect((await fetch(`${base}/web/..%2Fpackage.json`)).status).toBe(404);
    // A GraphQL client's GET still reaches GraphQL.
    const get = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': '1' },
    });
    expect(get.status).toBe(401);
  });

  it('serves no asset that loads anything from another host (the intranets are air-gapped)', async () => {
    // What a browser would fetch by itself: src/href attributes, CSS url() and @import, dynamic
    // import() and fetch() of an absolute http(s) address. Strings in the bundles that are only
    // shown or linked in error messages are not loads.
    const loads =
      /(?:\b(?:src|href)=["']|url\(["']?|@import\s+["']|import\(["']|fetch\(["'])https?:\/\//i;
    const root = new URL('../../dist/web/', import.meta.url);
    const files = (await readdir(root, { recursive: true })).filter((f) =>
      /\.(html|js|css)$/.test(f),
    );
    expect(files.length).toBeGreaterThan(4);
    for (const file of files) {
      const path = file.endsWith('.html') ? null : `/web/${file}`;
      const text = path
        ? await (await fetch(`${base}${path}`)).text()
        : await readFile(new URL(file, root), 'utf8');
      expect(text, file).not.toMatch(loads);
    }
    const app = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
    const policy = app.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/default-src 'self'/);
    expect(policy).not.toMatch(/https?:/);
  });
});
