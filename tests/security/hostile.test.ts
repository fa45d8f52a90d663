import { Writable } from 'node:stream';
import { SignJWT } from 'jose';
import { parse, validate, type OperationDefinitionNode } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHub, type Hub } from '../../src/db/open.js';
import { startServer, type RunningServer } from '../../src/server/app.js';
import { withoutValues } from '../../src/server/errors.js';
import { defaultLimits, limitRule, operationCost } from '../../src/server/limits.js';
import { schema } from '../../src/schema.js';
import { issueToken } from '../../src/auth/tokens.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { jwtSecretText, codeOf } from '../support/hub.js';
import { idNumberOf, insertScenario, people, tasks } from '../support/scenario.js';

const secret = new TextEncoder().encode(jwtSecretText);
const purpose = tasks.population;

/** A hub whose request log is captured, so tests can read what it writes. */
let database: TestDatabase;
let hub: Hub;
let server: RunningServer;
const logLines: Array<Record<string, unknown>> = [];
let token: string;

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  hub = await openHub(database.target);
  await insertScenario(hub.prisma);
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n'))
        if (line.trim()) logLines.push(JSON.parse(line));
      done();
    },
  });
  const log = pino({ level: 'info' }, sink);
  server = await startServer(hub.prisma, {
    host: '127.0.0.1',
    port: 0,
    auth: { jwtSecret: secret },
    log,
  });
  token = await issueToken(secret, {
    section: 'street:310106001',
    user: 'tester',
    ttlSeconds: 600,
  });
});
afterAll(async () => {
  await server?.close();
  await hub?.close();
  await database?.drop();
});

interface Answer {
  status: number;
  text: string;
  body: any;
}

async function send(body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-purpose': purpose,
      ...headers,
    },
    body,
  });
  const text = await res.text();
  let parsed: any;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: res.status, text, body: parsed };
}
const gql = (query: string, variables?: unknown, headers?: Record<string, string>) =>
  send(JSON.stringify({ query, variables }), headers);

const deep = `{ residents(first: 1) { edges { node { ${'household { members { '.repeat(6)} name ${'} } '.repeat(6)} } } } }`;
// Introspection does not count for depth (GraphiQL's standard query nests 15 levels); graphql-js's
// MaxIntrospectionDepthRule refuses its cycles instead.
const deepIntrospection = `{ __schema { types { ${'fields { type { '.repeat(8)} name ${'} } '.repeat(8)} } } }`;
const aliasBomb = `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
const directiveFlood = `{ ${Array.from({ length: 40 }, () => '__typename @include(if: true)').join(' ')} }`;
const costly = `{ ${Array.from({ length: 30 }, (_, i) => `r${i}: residents(first: 100) { edges { node { id name idNumber phone } } }`).join(' ')} }`;
const tokenFlood = `{ ${'__typename '.repeat(6000)} }`;
const fragmentBomb = `{ ...F0 } ${Array.from({ length: 60 }, (_, i) => `fragment F${i} on Query { ${i === 59 ? '__typename' : `...F${i + 1} ...F${i + 1}`} }`).join(' ')}`;
const circular = `query { ...A } fragment A on Query { ...B } fragment B on Query { ...A __typename }`;
const zhangId = idNumberOf('zhangWei');
const injections = [
  `' OR 1=1 --`,
  `'; DROP TABLE "Resident"; --`,
  '%',
  '_',
  '\\',
  '$1',
  '{"$ne": null}',
  '张%',
];

/** Each row: a hostile or malformed request, the status and code it must get, and what must not appear. */
const corpus: Array<{
  name: string;
  request: () => Promise<Answer>;
  status: number;
  code?: string;
  limit?: string;
  forbidden?: string[];
}> = [
  {
    name: 'deep nesting',
    request: () => gql(deep),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    limit: 'depth',
  },
  {
    name: 'deep introspection',
    request: () => gql(deepIntrospection),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'alias bomb',
    request: () => gql(aliasBomb),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    limit: 'aliases',
  },
  {
    name: 'directive flood',
    request: () => gql(directiveFlood),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    limit: 'directives',
  },
  {
    name: 'costly query (30 pages of 100)',
    request: () => gql(costly),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    limit: 'cost',
  },
  {
    name: 'token flood',
    request: () => gql(tokenFlood),
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
  },
  {
    name: 'fragment bomb (60 fragments, each spreading the next twice)',
    request: () => gql(fragmentBomb),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    limit: 'cost',
  },
  {
    name: 'circular fragments',
    request: () => gql(circular),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'batched array body',
    request: () => send(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }])),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'body over 1 MB',
    request: () => gql('{ __typename }', { pad: 'x'.repeat(1_100_000) }),
    status: 413,
    code: 'BAD_REQUEST',
  },
  {
    name: 'text/plain content type',
    request: () =>
      send(JSON.stringify({ query: '{ __typename }' }), { 'content-type': 'text/plain' }),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'form content type',
    request: () =>
      send('query=%7B__typename%7D', { 'content-type': 'application/x-www-form-urlencoded' }),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'truncated JSON',
    request: () => send('{"query": "{ __typename'),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'JSON that is not an object',
    request: () => send('"{ __typename }"'),
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'query that is not a string',
    request: () => send(JSON.stringify({ query: 42 })),
    status: 400,
    code: 'BAD_REQUEST',
  },
  { name: 'empty query', request: () => gql(''), status: 400, code: 'BAD_REQUEST' },
  {
    name: 'unknown field',
    request: () => gql('{ nope }'),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'two operations, no operation name',
    request: () => gql('query A { __typename } query B { __typename }'),
    status: 400,
  },
  {
    name: 'personal value as a wrong literal',
    request: () => gql(`{ residents(first: "${zhangId}") { totalCount } }`),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    forbidden: [zhangId],
  },
  {
    name: 'personal value as a wrong variable',
    request: () => gql('query($n: Int) { residents(first: $n) { totalCount } }', { n: zhangId }),
    status: 400,
    code: 'BAD_USER_INPUT',
    forbidden: [zhangId],
  },
  {
    name: 'invalid date inside an input object with a name',
    request: () =>
      gql('mutation($i: UpdateResidentInput!) { updateResident(input: $i) { id } }', {
        i: {
          id: 'UmVzaWRlbnQ6MQ==',
          version: 1,
          name: people.liFang.name,
          moveInDate: '1990-02-30',
        },
      }),
    status: 400,
    code: 'BAD_USER_INPUT',
    forbidden: [people.liFang.name, '1990-02-30'],
  },
  {
    name: 'unknown field in an input with an ID number',
    request: () =>
      gql('query($f: ResidentFilter) { residents(filter: $f) { totalCount } }', {
        f: { idNumber: zhangId },
      }),
    status: 400,
    code: 'BAD_USER_INPUT',
    forbidden: [zhangId],
  },
  {
    name: 'huge string in a filter (900 kB)',
    request: () =>
      gql(
        'query($s: String) { residents(first: 1, filter: { nameContains: $s }) { totalCount } }',
        { s: '王'.repeat(300_000) },
      ),
    status: 200,
    code: 'BAD_USER_INPUT',
    forbidden: ['王王'],
  },
  {
    name: 'costly page size in a variable',
    request: () =>
      gql(
        'query($n: Int) { residents(first: $n) { edges { node { serviceRecords(first: 100) { edges { node { id notes } } } } } } }',
        { n: 100 },
      ),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    limit: 'cost',
  },
  {
    name: 'NUL character in a variable',
    request: () =>
      gql(
        'query($s: String) { residents(first: 5, filter: { nameContains: $s }) { totalCount } }',
        { s: 'a\u0000b' },
      ),
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'NUL character in a literal',
    request: () => gql('{ residents(first: 5, filter: { tag: "a\\u0000b" }) { totalCount } }'),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
    limit: 'nul',
  },
  {
    name: 'no credentials',
    request: () => send(JSON.stringify({ query: '{ __typename }' }), { authorization: '' }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'garbage bearer token',
    request: () =>
      send(JSON.stringify({ query: '{ __typename }' }), { authorization: 'Bearer not.a.jwt' }),
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'token signed with another key',
    request: async () => {
      const other = await issueToken(
        new TextEncoder().encode('another-secret-another-secret-012345678'),
        { section: 'admin', user: 'x', ttlSeconds: 600 },
      );
      return send(JSON.stringify({ query: '{ __typename }' }), {
        authorization: `Bearer ${other}`,
      });
    },
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'alg none token',
    request: async () => {
      const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const forged = `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: 'x', section: 'admin', exp: Math.floor(Date.now() / 1000) + 600 })}.`;
      return send(JSON.stringify({ query: '{ __typename }' }), {
        authorization: `Bearer ${forged}`,
      });
    },
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'expired token',
    request: async () => {
      const expired = await new SignJWT({ section: 'street:310106001' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('tester')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
        .sign(secret);
      return send(JSON.stringify({ query: '{ __typename }' }), {
        authorization: `Bearer ${expired}`,
      });
    },
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  ...injections.map((s) => ({
    name: `injection string in nameContains: ${JSON.stringify(s)}`,
    request: () =>
      gql(
        'query($s: String) { residents(first: 5, filter: { nameContains: $s }) { totalCount } }',
        { s },
      ),
    status: 200,
  })),
  ...injections.map((s) => ({
    name: `injection string in tag filter: ${JSON.stringify(s)}`,
    request: () =>
      gql('query($s: String) { residents(first: 5, filter: { tag: $s }) { totalCount } }', { s }),
    status: 200,
  })),
  ...injections.map((s) => ({
    name: `injection string in hotline category filter: ${JSON.stringify(s)}`,
    request: () =>
      gql('query($s: String) { hotlineCases(first: 5, filter: { category: $s }) { totalCount } }', {
        s,
      }),
    status: 200,
  })),
  ...injections.map((s) => ({
    name: `injection string as a community ID: ${JSON.stringify(s)}`,
    request: () =>
      gql('query($s: ID) { residents(first: 5, filter: { community: $s }) { totalCount } }', { s }),
    status: 200,
    code: 'BAD_USER_INPUT',
  })),
  {
    name: 'invalid UTF-8 in the body',
    request: async () => {
      const body = Buffer.concat([
        Buffer.from('{"query":"{ __typename '),
        Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from(' }"}'),
      ]);
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      });
      const text = await res.text();
      return { status: res.status, text, body: JSON.parse(text) };
    },
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
  },
  {
    name: "a section's token with another section's task as purpose",
    request: async () => {
      const civil = await issueToken(secret, {
        section: 'civil-affairs',
        user: 'x',
        ttlSeconds: 600,
      });
      return gql('{ residents(first: 1) { edges { node { name } } } }', undefined, {
        authorization: `Bearer ${civil}`,
        'x-purpose': tasks.epidemic,
      });
    },
    status: 403,
    code: 'PURPOSE_NOT_ALLOWED',
    forbidden: [people.wangXiuying.name],
  },
];

describe('a corpus of hostile and malformed requests', () => {
  it.each(corpus)('$name', async ({ request, status, code, limit, forbidden }) => {
    const answer = await request();
    expect(answer.status, answer.text.slice(0, 300)).toBe(status);
    expect(answer.body, 'answers JSON').not.toBeNull();
    if (code) expect(codeOf(answer.body)).toBe(code);
    if (limit) expect(answer.body.errors?.[0]?.extensions?.limit).toBe(limit);
    if (status === 200 && !code) expect(answer.body.errors).toBeUndefined();
    expect(answer.text).not.toMatch(/stacktrace|SELECT |PGlite|prisma|\bat [A-Za-z.]+ \(/i);
    for (const value of forbidden ?? []) expect(answer.text).not.toContain(value);
  });

  it('still serves normal requests afterwards, with every resident intact', async () => {
    const answer = await gql('{ residents(first: 100) { totalCount } }');
    expect(answer.status).toBe(200);
    expect(answer.body.data.residents.totalCount).toBe(Object.keys(people).length);
  });

  it('has at least 50 entries', () => expect(corpus.length).toBeGreaterThanOrEqual(50));
});

describe('query limits', () => {
  const check = (query: string, limits = defaultLimits) =>
    validate(schema, parse(query), [limitRule(limits)]).map((e) => e.extensions.limit);

  const cost = (query: string, variables?: Record<string, unknown>) => {
    const document = parse(query);
    return operationCost(
      schema,
      document,
      document.definitions[0] as OperationDefinitionNode,
      variables,
    );
  };

  it('multiplies paged fields by first (default 20, at most 100), variables by their value', () => {
    expect(cost('{ residents { edges { node { id } } } }')).toBe(1 + 20 * 3);
    expect(cost('{ residents(first: 50) { edges { node { id } } } }')).toBe(1 + 50 * 3);
    expect(cost('{ residents(first: 1000) { edges { node { id } } } }')).toBe(1 + 100 * 3);
    expect(
      cost('query($n: Int) { residents(first: $n) { edges { node { id } } } }', { n: 7 }),
    ).toBe(1 + 7 * 3);
    expect(cost('query($n: Int) { residents(first: $n) { edges { node { id } } } }', {})).toBe(
      1 + 20 * 3,
    );
    expect(
      cost(
        '{ residents(first: 10) { totalCount edges { node { serviceRecords(first: 5) { edges { node { id } } } } } } }',
      ),
    ).toBe(1 + 10 * (1 + 1 + 1 + (1 + 5 * 3)));
  });

  it('counts depth through fragments and survives fragment cycles', () => {
    const limits = { ...defaultLimits, maxDepth: 3 };
    expect(check('{ residents { edges { node { id } } } }', limits)).toEqual(['depth']);
    expect(check('{ ...F } fragment F on Query { residents { totalCount } }', limits)).toEqual([]);
    expect(
      check(
        '{ ...F } fragment F on Query { residents { edges { ...E } } } fragment E on QueryResidentsConnectionEdge { node { id } }',
        limits,
      ),
    ).toEqual(['depth']);
    expect(() =>
      check('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }'),
    ).not.toThrow();
  });
});

describe('error messages', () => {
  it('cut the value out of variable errors but keep the variable, path and reason', () => {
    expect(
      withoutValues(
        'Variable "$i" got invalid value "1990-02-30" at "i.moveInDate"; Date must be a real calendar date written YYYY-MM-DD',
      ),
    ).toBe(
      'Variable "$i" got an invalid value at "i.moveInDate"; Date must be a real calendar date written YYYY-MM-DD',
    );
    expect(
      withoutValues(
        'Variable "$n" got invalid value "abc"; Int cannot represent non-integer value: "abc"',
      ),
    ).toBe('Variable "$n" got an invalid value; Int cannot represent non-integer value.');
    expect(
      withoutValues(
        'Variable "$f" got invalid value { idNumber: "310", x: "; at \\"f.y\\"; " }; Field "idNumber" is not defined by type "ResidentFilter".',
      ),
    ).toBe(
      'Variable "$f" got an invalid value; Field "idNumber" is not defined by type "ResidentFilter".',
    );
    expect(withoutValues('Expected value of type "Int", found "张伟".')).toBe(
      'Expected value of type "Int".',
    );
    expect(
      withoutValues(
        'Variable "$i" got invalid value "张\\"伟" at "i.filter.genders[0]"; Value "张\\"伟" does not exist in "Gender" enum.',
      ),
    ).toBe(
      'Variable "$i" got an invalid value at "i.filter.genders[0]"; Value does not exist in "Gender" enum.',
    );
    expect(
      withoutValues(
        'Value "FEMAL" does not exist in "Gender" enum. Did you mean the enum value "FEMALE"?',
      ),
    ).toBe('Value does not exist in "Gender" enum. Did you mean the enum value "FEMALE"?');
  });
});

describe('the request log', () => {
  it('writes one line per request with who, why and how it went — never a personal value', async () => {
    logLines.length = 0;
    const answer = await gql(
      'query ReadNames { residents(first: 10) { edges { node { name idNumber phone } } } }',
      undefined,
      { 'x-request-id': 'log-test-1' },
    );
    expect(answer.status).toBe(200);
    expect(answer.text).toContain(people.zhangWei.name);
    await new Promise((r) => setTimeout(r, 50));
    const lines = logLines.filter((l) => l.requestId === 'log-test-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'graphql request',
      principal: { kind: 'token', name: 'tester' },
      section: 'street:310106001',
      purpose,
      operation: 'ReadNames',
      status: 200,
      outcome: 'ok',
      errorCodes: [],
    });
    expect(typeof lines[0]!.durationMs).toBe('number');
    const all = JSON.stringify(logLines);
    for (const p of Object.values(people)) expect(all).not.toContain(p.name);
    expect(all).not.toContain(zhangId);
    const values = answer.body.data.residents.edges
      .flatMap((e: any) => [e.node.name, e.node.idNumber, e.node.phone])
      .filter(Boolean);
    expect(values.length).toBeGreaterThan(6);
    for (const value of values) expect(all).not.toContain(value);
  });

  it('logs refused requests with their status and codes, and no variables', async () => {
    logLines.length = 0;
    await gql(
      'query Bad($n: Int) { residents(first: $n) { totalCount } }',
      { n: zhangId },
      { 'x-request-id': 'log-test-2' },
    );
    await send(JSON.stringify({ query: '{ __typename }' }), {
      authorization: 'Bearer nope',
      'x-request-id': 'log-test-3',
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(logLines.find((l) => l.requestId === 'log-test-2')).toMatchObject({
      status: 400,
      outcome: 'error',
      errorCodes: ['BAD_USER_INPUT'],
    });
    expect(logLines.find((l) => l.requestId === 'log-test-3')).toMatchObject({
      status: 401,
      outcome: 'error',
      principal: null,
    });
    expect(JSON.stringify(logLines)).not.toContain(zhangId);
  });
});
