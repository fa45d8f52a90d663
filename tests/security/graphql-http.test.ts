import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/app.js';
import { startSecuredHub, tokenFor, type SecuredHub } from '../support/hub.js';

/**
 * The GraphQL-over-HTTP conformance audit that ships with graphql-http, run against the real
 * server (as an authenticated section: every request needs credentials). MUST audits have to
 * pass; the SHOULD/MAY results are printed and listed in the README.
 */
let t: SecuredHub;
let server: RunningServer;
let token: string;
beforeAll(async () => {
  t = await startSecuredHub();
  server = await t.serve({ rateLimits: { requests: 0, authFailures: 0 } });
  token = await tokenFor('civil-affairs', 'auditor-of-http');
});
afterAll(() => t?.close());

const authedFetch = (input: string | URL | Request, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
};

describe('graphql-http server audits', () => {
  it('passes every MUST audit; lists the rest', async () => {
    const audits = serverAudits({ url: () => server.url, fetchFn: authedFetch });
    const results = [];
    for (const audit of audits) results.push(await audit.fn());
    const mustFailures = results.filter((r) => r.name.startsWith('MUST') && r.status !== 'ok');
    const others = results.filter((r) => !r.name.startsWith('MUST'));
    const summary = others
      .map(
        (r) =>
          `${r.status === 'ok' ? 'ok  ' : r.status.padEnd(4)} ${r.name}${'reason' in r ? ` — ${r.reason}` : ''}`,
      )
      .join('\n');
    console.log(
      `graphql-http: ${results.length} audits, ${results.filter((r) => r.status === 'ok').length} ok\n${summary}`,
    );
    expect(mustFailures.map((r) => `${r.name}: ${'reason' in r ? r.reason : ''}`)).toEqual([]);
    expect(results.filter((r) => r.name.startsWith('MUST')).length).toBeGreaterThan(10);
  });
});
