import { encodeGlobalID } from '@pothos/plugin-relay';
import {
  getNamedType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  type GraphQLObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema.js';
import type { RunningServer } from '../../src/server/app.js';
import { sections } from '../support/scenario.js';
import {
  type As,
  codeOf,
  type Edges,
  gql,
  type GraphQLAnswer,
  type SecuredHub,
  startSecuredHub,
} from '../support/hub.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** Every type implementing Node, found in the schema. */
const nodeTypes = (() => {
  const node = schema.getType('Node');
  if (!node || !isInterfaceType(node)) throw new Error('no Node interface');
  return schema.getImplementations(node).objects.map((t) => t.name);
})();

/** Ids no row has and no client got from the server: out of range, signed, exponent, hex, padded, not a number. */
const badRowIds = [
  '99999999999999999999',
  '2147483648',
  '-1',
  '0',
  '1e3',
  '0x10',
  ' 1',
  '1.0',
  'abc',
  '',
];
const badGlobalIds = [
  ...nodeTypes.flatMap((type) => badRowIds.map((id) => b64(`${type}:${id}`))),
  b64('Nope:1'),
  b64('node:1'),
  b64('Resident'),
  'garbage',
  b64('\u0000\u0001junk'),
];

let t: SecuredHub;
let server: RunningServer;
beforeAll(async () => {
  t = await startSecuredHub();
  server = await t.serve({ rateLimits: { requests: 0, authFailures: 0 } });
});
afterAll(() => t?.close());

/** BAD_USER_INPUT and nothing else: never an internal error, never a row. */
function refused(answer: GraphQLAnswer, what: string) {
  const codes = (answer.body?.errors ?? []).map((e) => e.extensions?.code);
  expect(codes, `${what}: ${answer.text.slice(0, 300)}`).toEqual(['BAD_USER_INPUT']);
  expect([200, 400]).toContain(answer.status);
  expect(answer.text).not.toMatch(/stacktrace|SELECT |PGlite|prisma/i);
}

describe('node(id:) with malformed global IDs, for every node type of the schema', () => {
  it('has the node types', () => expect(nodeTypes.length).toBeGreaterThanOrEqual(10));

  it.each(nodeTypes)(
    '%s: out-of-range, signed, exponent, hex and non-numeric ids are BAD_USER_INPUT',
    async (type) => {
      for (const id of badRowIds) {
        const globalId = b64(`${type}:${id}`);
        refused(
          await gql(server.url, 'query($id: ID!) { node(id: $id) { id } }', { id: globalId }),
          `${type}:${id} (variable)`,
        );
        refused(
          await gql(server.url, `{ node(id: "${globalId}") { id } }`),
          `${type}:${id} (literal)`,
        );
      }
    },
  );

  it('unknown type names and garbage are BAD_USER_INPUT', async () => {
    for (const id of [
      b64('Nope:1'),
      b64('node:1'),
      b64('Resident'),
      'garbage',
      b64('\u0000\u0001junk'),
    ]) {
      refused(await gql(server.url, 'query($id: ID!) { node(id: $id) { id } }', { id }), id);
    }
  });

  it('still loads a real node and answers a missing one NOT_FOUND', async () => {
    const real = encodeGlobalID('Resident', t.ids.residents.zhangWei);
    const found = await gql(server.url, 'query($id: ID!) { node(id: $id) { id } }', { id: real });
    expect(found.body).toEqual({ data: { node: { id: real } } });
    const missing = await gql<{ node: unknown }>(
      server.url,
      'query($id: ID!) { node(id: $id) { id } }',
      {
        id: encodeGlobalID('Resident', 2_147_483_647),
      },
    );
    expect(missing.body.data?.node).toBeNull();
    expect(codeOf(missing.body) ?? 'NOT_FOUND').toBe('NOT_FOUND');
  });
});

/** Query fields taking a global ID as `id` (resident, household, …): decoded by rowId. */
const byIdFields = Object.values(schema.getQueryType()!.getFields()).filter(
  (f) =>
    f.name !== 'node' &&
    f.args.some(
      (a) => a.name === 'id' && isNonNullType(a.type) && getNamedType(a.type).name === 'ID',
    ),
);

describe('other arguments taking global IDs', () => {
  it('has some', () => expect(byIdFields.length).toBeGreaterThanOrEqual(3));

  it.each(
    byIdFields.map((f) => ({
      name: f.name,
      leaf: isObjectType(getNamedType(f.type)) ? '{ __typename }' : '',
    })),
  )('$name(id:) refuses malformed ids of every node type', async ({ name, leaf }) => {
    for (const id of badGlobalIds) {
      refused(
        await gql(server.url, `query($id: ID!) { ${name}(id: $id) ${leaf} }`, { id }),
        `${name}(${id})`,
      );
    }
  });

  it('refuses Community:1e3 in a filter instead of reading community 1000', async () => {
    refused(
      await gql(
        server.url,
        'query($c: ID) { residents(filter: { community: $c }) { totalCount } }',
        { c: b64('Community:1e3') },
      ),
      'filter',
    );
  });
});

/** Every connection argument `after`: on Query, and on node types (reached through node(id:)). */
const connections = Object.values(schema.getTypeMap())
  .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'))
  .flatMap((type) =>
    Object.values(type.getFields())
      .filter((f) => f.args.some((a) => a.name === 'after'))
      .map((f) => ({ name: `${type.name}.${f.name}`, type, field: f.name })),
  );

const badCursors = (key: 'N' | 'I') => [
  'garbage',
  b64('junk'),
  b64('GPC:'),
  b64('GPC:X:1'),
  b64(`GPC:${key}:99999999999999999999`),
  b64(`GPC:${key}:-1`),
  b64(`GPC:${key}:1.5`),
  b64(`GPC:${key}:1e3`),
  b64(`GPC:${key === 'N' ? 'I' : 'N'}:5`),
  b64('GPC:N:2147483648'),
  b64('GPC:S:5'),
  b64('GPC:Z:'),
  b64('GPC:O:{"gt":1}'),
  b64('GPC:T:[]'),
  b64('GPC:J:[[['),
  b64('GPC:D:abc'),
  b64('OffsetConnection:99999999999999999999'),
];

describe('after: with malformed cursors, on every connection of the schema', () => {
  it('has the connections', () => expect(connections.length).toBeGreaterThanOrEqual(8));

  it.each(connections)('$name', async ({ type, field }) => {
    // The audit trail is keyed by bigint ids: its cursors are GPC:I:.
    const key = type.name === 'Query' && field === 'auditEvents' ? 'I' : 'N';
    const as: As =
      field === 'auditEvents'
        ? { section: 'auditor', purpose: null }
        : { section: sections.street };
    const parents: Record<string, string> = {
      Community: encodeGlobalID('Community', t.ids.communities.c1),
      Resident: encodeGlobalID('Resident', t.ids.residents.zhangWei),
      Household: encodeGlobalID('Household', t.ids.households.h1),
    };
    if (type.name !== 'Query')
      expect(parents[type.name], `a row of ${type.name} to reach ${field} through`).toBeDefined();
    const page = `${field}(first: 2, after: $c) { edges { cursor node { __typename } } }`;
    const query =
      type.name === 'Query'
        ? `query($c: String) { ${page} }`
        : `query($c: String, $p: ID!) { node(id: $p) { ... on ${type.name} { ${page} } } }`;
    for (const c of badCursors(key))
      refused(
        await gql(server.url, query, { c, p: parents[type.name] }, as),
        `${field} after ${c}`,
      );
    // A cursor the server handed out still pages.
    const first = await gql(server.url, query, { c: null, p: parents[type.name] }, as);
    expect(first.body.errors, first.text.slice(0, 300)).toBeUndefined();
  });

  it('pages on with the cursor the server handed out', async () => {
    const query =
      'query($c: String) { residents(first: 2, after: $c) { edges { cursor node { id } } pageInfo { endCursor hasNextPage } } }';
    type Page = {
      residents: Edges<{ id: string }> & {
        pageInfo: { endCursor: string | null; hasNextPage: boolean };
      };
    };
    const one = (await gql<Page>(server.url, query, {})).body.data!.residents;
    const two = await gql<Page>(server.url, query, { c: one.pageInfo.endCursor });
    expect(two.body.errors).toBeUndefined();
    expect(two.body.data!.residents.edges).toHaveLength(2);
    expect(two.body.data!.residents.edges[0]?.node.id).not.toBe(one.edges[0]?.node.id);
  });
});

describe('report', () => {
  it('refuses an empty dimensions list as BAD_USER_INPUT naming it', async () => {
    const answer = await gql(
      server.url,
      '{ report(input: { dataset: RESIDENTS, dimensions: [], measures: [COUNT] }) { rows { values } } }',
    );
    refused(answer, 'dimensions: []');
    expect(answer.body.errors?.[0]?.extensions?.field).toBe('dimensions');
  });
});
