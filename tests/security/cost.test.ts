import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  Kind,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  parse,
  type GraphQLObjectType,
  type OperationDefinitionNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema.js';
import {
  defaultListSize,
  defaultLimits,
  listSizes,
  maxPage,
  operationCost,
} from '../../src/server/limits.js';
import { operationsDir } from '../../src/server/trusted-operations.js';
import { codeOf, startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario, tasks } from '../support/scenario.js';

const cost = (query: string, variables?: Record<string, unknown>) => {
  const document = parse(query);
  return operationCost(
    schema,
    document,
    document.definitions[0] as OperationDefinitionNode,
    variables,
  );
};

/** Every list field of an object type that takes no first/last, leaving out the edges of connections. */
function unpagedLists(): Array<{ name: string; type: GraphQLObjectType; field: string }> {
  const found: Array<{ name: string; type: GraphQLObjectType; field: string }> = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const fields = type.getFields();
    if (fields.pageInfo) continue;
    for (const field of Object.values(fields)) {
      if (!isListType(getNullableType(field.type)) || !isCompositeType(getNamedType(field.type)))
        continue;
      if (field.args.some((arg) => arg.name === 'first' || arg.name === 'last')) continue;
      found.push({ name: `${type.name}.${field.name}`, type, field: field.name });
    }
  }
  return found;
}

/** The six aliased household bombs of the security review (6.3 MB, 19 s of a busy event loop before). */
const householdBomb = `{ ${Array.from(
  { length: 6 },
  (_, i) =>
    `r${i}: residents(first: 100) { edges { node { household { members { household { members { name idNumber } } } } } } }`,
).join(' ')} }`;

describe('cost of list fields without paging arguments', () => {
  it('finds the list fields of the review in the schema', () => {
    const names = unpagedLists().map(({ name }) => name);
    for (const name of [
      'Household.members',
      'Query.sections',
      'Query.tags',
      'District.subdistricts',
      'Subdistrict.communities',
      'Resident.tags',
      'Resident.tagAssignments',
      'Query.tasks',
    ]) {
      expect(names).toContain(name);
    }
    // The table names real fields only: a renamed field must not fall back silently.
    for (const name of Object.keys(listSizes)) expect(names).toContain(name);
  });

  it.each(unpagedLists())(
    '$name multiplies what it selects by its assumed length',
    ({ name, type, field }) => {
      // A query reaching the field through a fragment on its type: the fragment costs what the field does.
      const expected = listSizes[name] ?? defaultListSize;
      const selection = `${field} { __typename }`;
      const query =
        type.name === 'Query'
          ? `{ ${selection} }`
          : `{ ...F } fragment F on Query { node(id: "x") { ... on ${type.name} { ${selection} } } }`;
      // node(id) is 1, its selection (through the inline fragment) 1 + expected × 1.
      expect(cost(query)).toBe(type.name === 'Query' ? 1 + expected : 1 + (1 + expected));
      expect(expected).toBeGreaterThan(1);
    },
  );

  it('counts nested lists as the product of their lengths', () => {
    expect(cost('{ districts { subdistricts { communities { code } } } }')).toBe(
      1 + 3 * (1 + 40 * (1 + 50 * 1)),
    );
    expect(cost('{ household(id: "x") { members { name } } }')).toBe(1 + (1 + 20 * 1));
    // Connection edges are counted once, by the page size.
    expect(cost('{ residents(first: 10) { edges { node { id } } } }')).toBe(1 + 10 * (1 + 1 + 1));
  });

  it('puts the household bomb of the review far over the default limit', () => {
    expect(cost(householdBomb)).toBeGreaterThan(defaultLimits.maxCost * 10);
  });

  it('keeps every operation of schema/operations/ (the SDK) under the default limit, at the largest page', () => {
    const files = readdirSync(operationsDir).filter((f) => f.endsWith('.graphql'));
    const document = parse(
      files.map((f) => readFileSync(path.join(operationsDir, f), 'utf8')).join('\n'),
    );
    const operations = document.definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    expect(operations.length).toBeGreaterThan(10);
    for (const operation of operations) {
      expect(
        operationCost(schema, document, operation, { first: maxPage }),
        operation.name?.value,
      ).toBeLessThanOrEqual(defaultLimits.maxCost);
    }
  });
});

describe('over HTTP', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub('pglite', async (hub) => void (await insertScenario(hub.prisma)));
    base = t.url.replace(/\/graphql$/, '');
  });
  afterAll(() => t?.close());

  it('refuses the household bomb before it runs, and /healthz answers meanwhile', async () => {
    await t.gql('{ __typename }'); // the caller's section and grants are cached from then on
    const baseline = (await t.countStatements(() => t.gql('{ __typename }'))).length;
    let bomb: Awaited<ReturnType<TestHub['gql']>> | undefined;
    let health: Response | undefined;
    const statements = await t.countStatements(async () => {
      [bomb, health] = await Promise.all([t.gql(householdBomb), fetch(`${base}/healthz`)]);
    });
    expect(bomb!.status).toBe(400);
    expect(codeOf(bomb)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((bomb!.errors?.[0]?.extensions as { limit?: string }).limit).toBe('cost');
    expect(bomb!.data).toBeUndefined();
    expect(health!.status).toBe(200);
    // Nothing but what every request costs (its credentials): no resident was read.
    expect(statements.length).toBe(baseline);
  });

  it('still runs one household with its members', async () => {
    const answer = await t.gql(
      '{ residents(first: 2) { edges { node { household { members { name } } } } } }',
    );
    expect(answer.status).toBe(200);
    expect(answer.errors).toBeUndefined();
  });

  it('refuses none of the operations of schema/operations/ for cost, at the largest page', async () => {
    const files = readdirSync(operationsDir).filter((f) => f.endsWith('.graphql'));
    const text = files.map((f) => readFileSync(path.join(operationsDir, f), 'utf8')).join('\n');
    const names = parse(text).definitions.flatMap((d) =>
      d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : [],
    );
    for (const name of names) {
      // Without their other variables the operations fail coercion, which comes after the cost check.
      const res = await fetch(t.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await t.token({ section: 'street:310106001' })}`,
          'x-purpose': tasks.population,
        },
        body: JSON.stringify({ query: text, operationName: name, variables: { first: maxPage } }),
      });
      const body = (await res.json()) as { errors?: Array<{ extensions?: { limit?: string } }> };
      expect(body.errors?.filter((e) => e.extensions?.limit) ?? [], name).toEqual([]);
    }
  });
});
