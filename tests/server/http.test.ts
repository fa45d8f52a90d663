import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub, codeOf } from '../support/hub.js';
import { insertScenario, tasks } from '../support/scenario.js';

describe('the HTTP server', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub('pglite', async (hub) => void (await insertScenario(hub.prisma)));
    base = t.url.replace(/\/graphql$/, '');
  });
  afterAll(() => t?.close());

  it('answers /healthz and /readyz, and 404 elsewhere', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
  });

  it('serves no landing page that could load from a CDN', async () => {
    const res = await fetch(t.url, { headers: { accept: 'text/html' } });
    expect(await res.text()).not.toMatch(/<script[^>]+src=["']https?:/i);
  });

  it('refuses bodies that are too large or not JSON, and names the request id', async () => {
    const huge = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(1_100_000) } }),
    });
    expect(huge.status).toBe(413);
    const broken = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'abc-123' },
      body: '{"query": ',
    });
    expect(broken.status).toBe(400);
    expect(broken.headers.get('x-request-id')).toBe('abc-123');
    expect(((await broken.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('marks every GraphQL answer no-store, so no cache keeps personal data', async () => {
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${await t.token({ section: 'street:310106001' })}`,
      'x-purpose': tasks.population,
    };
    for (const query of [
      '{ residents(first: 2) { edges { node { name } } } }',
      '{ residents(first: ) }',
    ]) {
      const res = await fetch(t.url, { method: 'POST', headers, body: JSON.stringify({ query }) });
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('reports syntax errors as GRAPHQL_PARSE_FAILED without a stack trace', async () => {
    const res = await t.gql(`{ residents(first: ) }`);
    expect(res.status).toBe(400);
    expect(codeOf(res)).toBe('GRAPHQL_PARSE_FAILED');
    expect(JSON.stringify(res)).not.toContain('stacktrace');
  });
});

describe('when the database fails', () => {
  it('masks the error as INTERNAL_SERVER_ERROR, with no SQL or data, and /readyz says not ready', async () => {
    const t = await startTestHub('pglite', async (hub) => void (await insertScenario(hub.prisma)));
    try {
      await t.hub.db.close();
      const res = await t.gql(
        `{ residents(first: 5, filter: { nameContains: "王" }) { edges { node { name idNumber } } } }`,
      );
      expect(codeOf(res)).toBe('INTERNAL_SERVER_ERROR');
      expect(res.errors?.[0]?.message).toBe('Internal server error');
      const text = JSON.stringify(res);
      expect(text).not.toMatch(/SELECT|FROM|PGlite|prisma|stack/i);
      expect(text).not.toContain('王');
      expect((await fetch(t.url.replace(/\/graphql$/, '/readyz'))).status).toBe(503);
    } finally {
      await t.close().catch(() => {});
    }
  });
});
