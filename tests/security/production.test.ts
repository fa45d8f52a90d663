import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Kind, parse, print, type FragmentDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/app.js';
import { loadTrustedOperations, operationsDir } from '../../src/server/trusted-operations.js';
import { people } from '../support/scenario.js';
import {
  codeOf,
  gql,
  type GraphQLBody,
  post,
  type SecuredHub,
  startSecuredHub,
} from '../support/hub.js';

let t: SecuredHub;
let production: RunningServer;
let trusted: RunningServer;
beforeAll(async () => {
  t = await startSecuredHub();
  production = await t.serve({ mode: { production: true } });
  trusted = await t.serve({ mode: { production: true, trustedOperations: true } });
});
afterAll(() => t?.close());

const schemaQuery = '{ __schema { queryType { name } } }';
const typeByFragment =
  '{ ...T } fragment T on Query { __type(name: "Resident") { fields { name } } }';

describe('production mode', () => {
  it('answers introspection for the admin section only', async () => {
    const admin = await gql<{ __schema: { queryType: { name: string } } }>(
      production.url,
      schemaQuery,
      undefined,
      {
        section: 'admin',
        purpose: null,
      },
    );
    expect(admin.status).toBe(200);
    expect(admin.body.data?.__schema.queryType.name).toBe('Query');
    for (const section of ['street:310106001', 'civil-affairs', 'auditor']) {
      for (const query of [schemaQuery, typeByFragment]) {
        const answer = await gql(production.url, query, undefined, { section });
        expect(answer.status).toBe(403);
        expect(codeOf(answer)).toBe('FORBIDDEN');
        expect(answer.body.data).toBeUndefined();
      }
    }
  });

  it('still answers __typename and normal queries', async () => {
    const answer = await gql<{ residents: { totalCount: number } }>(
      production.url,
      '{ __typename residents(first: 2) { totalCount } }',
    );
    expect(answer.status).toBe(200);
    expect(answer.body.data?.residents.totalCount).toBe(Object.keys(people).length);
  });

  it('gives no schema hints in validation errors', async () => {
    const answer = await gql(production.url, '{ residents { edges { node { nam } } } }');
    expect(answer.status).toBe(400);
    expect(answer.text).not.toMatch(/Did you mean/);
    expect(answer.text).not.toContain('stacktrace');
  });
});

/** Each operation of schema/operations/ as its own document, reformatted the way a client might send it. */
async function sdkOperations(): Promise<Array<{ name: string; query: string }>> {
  const files = (await readdir(operationsDir)).filter((f) => f.endsWith('.graphql'));
  const documents = await Promise.all(
    files.map(async (f) => parse(await readFile(path.join(operationsDir, f), 'utf8'))),
  );
  const fragments = documents.flatMap((d) =>
    d.definitions.filter((x): x is FragmentDefinitionNode => x.kind === Kind.FRAGMENT_DEFINITION),
  );
  return documents.flatMap((d) =>
    d.definitions.flatMap((def) =>
      def.kind === Kind.OPERATION_DEFINITION
        ? [
            {
              name: def.name!.value,
              query: `# sent by an app\n${[...fragments]
                .reverse()
                .map((f) => print(f))
                .join('\n\n')}\n${print(def).replace(/\n\s*/g, ' ')}`,
            },
          ]
        : [],
    ),
  );
}

describe('trusted-operations mode', () => {
  it('builds its allow list from schema/operations/', async () => {
    const list = await loadTrustedOperations();
    const names = (await sdkOperations()).map((o) => o.name);
    expect([...list.values()].sort()).toEqual(names.sort());
  });

  it('runs every SDK operation, whatever its formatting and extra fragments', async () => {
    for (const { name, query } of await sdkOperations()) {
      const answer = await post<GraphQLBody<{ tags: unknown[] }>>(trusted.url, {
        query,
        operationName: name,
        variables: {},
      });
      expect(codeOf(answer), name).not.toBe('OPERATION_NOT_TRUSTED');
    }
    // As written in the file, with comments and different spacing: executed.
    const answer = await post<GraphQLBody<{ tags: unknown[] }>>(trusted.url, {
      query: '# the tag list\nquery   Tags {\n  tags { code, name, description, sensitive }\n}',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data?.tags.length).toBeGreaterThan(0);
  });

  it('refuses any other operation with OPERATION_NOT_TRUSTED (400), before anything runs', async () => {
    const refused = [
      '{ residents(first: 5) { edges { node { name idNumber } } } }',
      schemaQuery,
      '{ __typename }',
      'query Residents { residents { totalCount } }',
      'not even GraphQL {',
    ];
    for (const query of refused) {
      const answer = await gql(trusted.url, query, undefined, { section: 'admin' });
      expect(answer.status, query).toBe(400);
      expect(codeOf(answer), query).toBe('OPERATION_NOT_TRUSTED');
      expect(answer.text).not.toContain(people.zhangWei.name);
    }
    const [first] = await sdkOperations();
    const altered = await post(trusted.url, {
      query: first!.query.replace(/}\s*$/, ' __typename }'),
      operationName: first!.name,
    });
    expect(codeOf(altered)).toBe('OPERATION_NOT_TRUSTED');
  });

  it('does not let a request pick an untrusted operation beside a trusted one', async () => {
    const [first] = await sdkOperations();
    const query = `${first!.query}\nquery Sneaky { residents { edges { node { idNumber } } } }`;
    const answer = await post<GraphQLBody<{ tags: unknown[] }>>(trusted.url, {
      query,
      operationName: 'Sneaky',
    });
    expect(codeOf(answer)).toBe('OPERATION_NOT_TRUSTED');
  });
});
