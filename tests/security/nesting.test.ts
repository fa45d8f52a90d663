import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/app.js';
import { defaultLimits, limitsFromEnv } from '../../src/server/limits.js';
import { people, purpose } from '../support/scenario.js';
import {
  gql,
  type GraphQLAnswer,
  type SecuredHub,
  startSecuredHub,
  tokenFor,
} from '../support/hub.js';

const deep = 3000;
const list = (n: number, inner = '"x"') => `${'['.repeat(n)}${inner}${']'.repeat(n)}`;
const object = (n: number, inner = '"x"') => `${'{ tag: '.repeat(n)}${inner}${' }'.repeat(n)}`;
const nestedList = (n: number): unknown => {
  let value: unknown = 'x';
  for (let i = 0; i < n; i++) value = [value];
  return value;
};
const nestedObject = (n: number): unknown => {
  let value: unknown = 'x';
  for (let i = 0; i < n; i++) value = { tag: value };
  return value;
};

let t: SecuredHub;
let server: RunningServer;
beforeAll(async () => {
  t = await startSecuredHub();
  server = await t.serve({ rateLimits: { requests: 0, authFailures: 0 } });
});
afterAll(() => t?.close());

function refusedForNesting(answer: GraphQLAnswer, code: string) {
  expect(answer.status, answer.text.slice(0, 300)).toBe(400);
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors?.[0]?.extensions).toEqual({ code, limit: 'nesting' });
  expect(answer.text).not.toMatch(/call stack|INTERNAL_SERVER_ERROR/i);
}

describe(`${deep}-deep values`, () => {
  it('refuses a list literal as an argument before parsing', async () => {
    refusedForNesting(
      await gql(
        server.url,
        `{ residents(first: 1, filter: { tag: ${list(deep)} }) { totalCount } }`,
      ),
      'GRAPHQL_PARSE_FAILED',
    );
  });

  it('refuses a list literal in a report filter before parsing', async () => {
    const query = `{ report(input: { dataset: RESIDENTS, dimensions: [GENDER], measures: [COUNT], filter: { tags: ${list(deep)} } }) { rows { values } } }`;
    refusedForNesting(await gql(server.url, query), 'GRAPHQL_PARSE_FAILED');
  });

  it('refuses an input object literal before parsing', async () => {
    refusedForNesting(
      await gql(server.url, `{ residents(first: 1, filter: ${object(deep)}) { totalCount } }`),
      'GRAPHQL_PARSE_FAILED',
    );
  });

  it('refuses a variable default value before parsing', async () => {
    refusedForNesting(
      await gql(
        server.url,
        `query($t: String = ${list(deep)}) { residents(first: 1, filter: { tag: $t }) { totalCount } }`,
      ),
      'GRAPHQL_PARSE_FAILED',
    );
  });

  it('refuses the same as JSON variables: a list, an input object', async () => {
    const byList = await gql(
      server.url,
      'query($t: [String!]) { report(input: { dataset: RESIDENTS, dimensions: [GENDER], measures: [COUNT], filter: { tags: $t } }) { rows { values } } }',
      { t: nestedList(deep) },
    );
    refusedForNesting(byList, 'BAD_USER_INPUT');
    const byObject = await gql(
      server.url,
      'query($f: ResidentFilter) { residents(first: 1, filter: $f) { totalCount } }',
      { f: nestedObject(deep) },
    );
    refusedForNesting(byObject, 'BAD_USER_INPUT');
  });

  it('refuses 400,000-deep variables (a body just under 1 MB)', async () => {
    const body = `{"query":"query($t: String) { residents(first: 1, filter: { tag: $t }) { totalCount } }","variables":{"t":${'['.repeat(400_000)}${']'.repeat(400_000)}}}`;
    const res = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await tokenFor('street:310106001')}`,
        'x-purpose': purpose,
      },
      body,
    });
    const text = await res.text();
    refusedForNesting(
      { status: res.status, headers: res.headers, text, body: JSON.parse(text) },
      'BAD_USER_INPUT',
    );
  });

  it('refuses deep documents and variables sent with GET (1,500 deep: a URL stays under 16 kB)', async () => {
    const headers = {
      authorization: `Bearer ${await tokenFor('street:310106001')}`,
      'x-purpose': purpose,
      'apollo-require-preflight': 'true',
    };
    const send = async (params: Record<string, string>): Promise<GraphQLAnswer> => {
      const res = await fetch(`${server.url}?${new URLSearchParams(params)}`, { headers });
      const text = await res.text();
      return { status: res.status, headers: res.headers, text, body: JSON.parse(text) };
    };
    refusedForNesting(
      await send({
        query: `{ residents(first: 1, filter: { tag: ${list(deep / 2)} }) { totalCount } }`,
      }),
      'GRAPHQL_PARSE_FAILED',
    );
    const variables = JSON.stringify({ t: nestedList(deep / 2) });
    refusedForNesting(
      await send({
        query: 'query($t: String) { residents(first: 1, filter: { tag: $t }) { totalCount } }',
        variables,
      }),
      'BAD_USER_INPUT',
    );
  });
});

describe('the nesting limit (ONETABLE_MAX_NESTING)', () => {
  it('is 64 unless configured', () => {
    expect(defaultLimits.maxNesting).toBe(64);
    expect(limitsFromEnv({ ONETABLE_MAX_NESTING: '20' }).maxNesting).toBe(20);
  });

  it('counts braces, parentheses and brackets together, up to the limit included', async () => {
    // `{`, `(`, `{` and then n brackets: 3 + n levels.
    const at = (n: number) =>
      gql(server.url, `{ residents(first: 1, filter: { tag: ${list(n)} }) { totalCount } }`);
    const within = await at(defaultLimits.maxNesting - 3);
    expect(within.status).toBe(400);
    expect(within.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(within.body.errors?.[0]?.extensions?.limit).toBeUndefined();
    refusedForNesting(await at(defaultLimits.maxNesting - 2), 'GRAPHQL_PARSE_FAILED');
  });

  it('counts variables from their top object, up to the limit included', async () => {
    // {t: [[…]]}: the variables object and n - 1 lists.
    const at = (n: number) =>
      gql(
        server.url,
        'query($t: String) { residents(first: 1, filter: { tag: $t }) { totalCount } }',
        { t: nestedList(n - 1) },
      );
    const within = await at(defaultLimits.maxNesting);
    expect(within.status).toBe(400);
    expect(within.body.errors?.[0]?.extensions?.limit).toBeUndefined();
    refusedForNesting(await at(defaultLimits.maxNesting + 1), 'BAD_USER_INPUT');
  });

  it('leaves brackets inside strings and comments alone', async () => {
    const query = `# ${'['.repeat(200)}\n{ residents(first: 1, filter: { nameContains: "${'['.repeat(20)}" }) { totalCount } }`;
    const answer = await gql(server.url, query);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { residents: { totalCount: 0 } } });
  });

  it('still serves normal requests afterwards', async () => {
    const answer = await gql(server.url, '{ residents(first: 10) { edges { node { name } } } }');
    expect(answer.status).toBe(200);
    expect(answer.text).toContain(people.zhangWei.name);
  });
});
