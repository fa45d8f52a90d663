import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server/app.js';
import { testDatabaseKinds } from '../support/databases.js';
import { defaultCaller, jwtSecretText, startTestHub, type TestHub } from '../support/hub.js';
import { idNumberOf, insertScenario, people, type PersonKey } from '../support/scenario.js';

const metricsToken = 'metrics-token-for-the-test-0123';
const personal = (Object.keys(people) as PersonKey[]).flatMap((key) => [
  people[key].name,
  idNumberOf(key),
]);

/** The value of one sample line of the Prometheus text (`name{labels} value`), 0 when absent. */
function sample(text: string, line: string): number {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found ? Number(found.slice(line.length + 1)) : 0;
}

/** /metrics over real HTTP: who may read it, what it counts, and that no personal value shows. */
describe.each(testDatabaseKinds())('/metrics (%s)', (kind) => {
  let t: TestHub;
  let production: RunningServer;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub(kind, (hub) => insertScenario(hub.prisma).then(() => {}), undefined, {
      metricsToken,
      rateLimits: { authFailures: 2, requests: 0 },
    });
    base = t.url.replace(/\/graphql$/, '');
    production = await startServer(t.hub.prisma, {
      host: '127.0.0.1',
      port: 0,
      auth: { jwtSecret: new TextEncoder().encode(jwtSecretText) },
      mode: { production: true },
    });
  });
  afterAll(async () => {
    await production?.close();
    await t?.close();
  });

  const scrape = (token?: string) =>
    fetch(`${base}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  it('is closed without the token, and off in production when no token is set', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape('wrong-token-wrong-token')).status).toBe(401);
    expect((await scrape(metricsToken)).status).toBe(200);
    const hidden = await fetch(production.url.replace(/\/graphql$/, '/metrics'));
    expect(hidden.status).toBe(404);
  });

  it('counts requests by operation and code, audit appends and refusals, without personal data', async () => {
    const before = await (await scrape(metricsToken)).text();
    const known = 'onetable_graphql_requests_total{operation="Residents",code="OK"}';
    // Personal data in variables and in a made-up operation name: neither may reach a label.
    for (const key of ['zhangWei', 'liFang'] as const) {
      const named = await t.gql(
        `query Residents($filter: ResidentFilter) { residents(filter: $filter, first: 5) { totalCount edges { node { name idNumber } } } }`,
        { filter: { nameContains: people[key].name } },
      );
      expect(named.errors).toBeUndefined();
      const madeUp = await t.gql(
        `query Q${idNumberOf(key).replace(/X$/, '0')} { residents(first: 1) { totalCount } }`,
      );
      expect(madeUp.errors).toBeUndefined();
    }
    for (let i = 0; i < 3; i++)
      await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
    const after = await (await scrape(metricsToken)).text();

    expect(sample(after, known) - sample(before, known)).toBe(2);
    const other = 'onetable_graphql_requests_total{operation="other",code="OK"}';
    expect(sample(after, other) - sample(before, other)).toBe(2);
    const refused = 'onetable_graphql_requests_total{operation="unknown",code="RATE_LIMITED"}';
    expect(sample(after, refused) - sample(before, refused)).toBe(1);
    const limit = 'onetable_rate_limit_refusals_total{limit="auth-failures"}';
    expect(sample(after, limit) - sample(before, limit)).toBe(1);
    const appended = 'onetable_audit_events_appended_total';
    expect(sample(after, appended) - sample(before, appended)).toBeGreaterThanOrEqual(2);
    expect(sample(after, 'onetable_audit_append_duration_seconds_count')).toBeGreaterThan(0);
    expect(after).toContain(
      'onetable_graphql_request_duration_seconds_bucket{le="0.1",operation="Residents"}',
    );
    if (kind === 'postgres')
      expect(after).toMatch(/onetable_db_pool_connections\{pool="requests",state="total"\} \d+/);
    for (const value of [...personal, defaultCaller.section]) expect(after).not.toContain(value);
  });
});
