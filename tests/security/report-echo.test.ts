import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isScalarType,
  type GraphQLInputObjectType,
  type GraphQLInputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema.js';
import type { RunningServer } from '../../src/server/app.js';
import { gql, startSecuredHub, type SecuredHub } from '../support/hub.js';

/** A value no report accepts (an enum name too, so it also fits where a bare enum literal goes). */
const marker = 'ZQX7MARKER_2026_13';

interface Target {
  name: string;
  /** Path of the field inside ReportInput, e.g. ['filter', 'months']. */
  path: string[];
  type: GraphQLInputType;
}

/** Every input field of ReportInput and of the input types inside it (ReportFilter), found in the schema. */
function targets(): Target[] {
  const found: Target[] = [];
  const walk = (type: GraphQLInputObjectType, path: string[]) => {
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (isInputObjectType(named)) walk(named, [...path, field.name]);
      else
        found.push({
          name: [...path, field.name].join('.'),
          path: [...path, field.name],
          type: field.type,
        });
    }
  };
  const input = schema.getType('ReportInput');
  if (!input || !isInputObjectType(input)) throw new Error('no ReportInput');
  walk(input, []);
  return found;
}

/** The marker as a value of the field's shape: a string, or a list holding one. */
function invalidValue(type: GraphQLInputType): unknown {
  return isListType(getNullableType(type)) ? [marker] : marker;
}

/** The marker as a GraphQL literal: a string, except a bare enum name where the type is an enum. */
function invalidLiteral(type: GraphQLInputType, asEnum: boolean): string {
  const named = getNamedType(type);
  const one = asEnum && isEnumType(named) ? marker : JSON.stringify(marker);
  return isListType(getNullableType(type)) ? `[${one}]` : one;
}

const datasets = ['RESIDENTS', 'HOUSEHOLDS', 'SERVICE_RECORDS', 'HOTLINE_CASES'];

function withField(dataset: string, path: string[], value: unknown): Record<string, unknown> {
  const input: Record<string, unknown> = {
    dataset,
    dimensions: ['COMMUNITY'],
    measures: ['COUNT'],
  };
  let at = input;
  for (const key of path.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
  at[path.at(-1)!] = value;
  return input;
}

/** The same input as a literal; `raw` is put in as is at the path. */
function literal(value: unknown, path: string[], raw: string, at: string[] = []): string {
  if (at.join('.') === path.join('.')) return raw;
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, path, raw, at)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${k}: ${literal(v, path, raw, [...at, k])}`)
      .join(', ')} }`;
  }
  // Enum values of the base input (dataset, dimensions, measures) are bare names.
  return String(value);
}

const query = 'query($i: ReportInput!) { report(input: $i) { columns { key } rows { values } } }';

let t: SecuredHub;
let server: RunningServer;
beforeAll(async () => {
  t = await startSecuredHub();
  server = await t.serve({ rateLimits: { requests: 0, authFailures: 0 } });
});
afterAll(() => t?.close());

describe('report errors name the field, never the value', () => {
  const all = targets();

  it('walks the filter fields of the schema', () => {
    const names = all.map((f) => f.name);
    for (const name of [
      'filter.months',
      'filter.tags',
      'filter.communities',
      'filter.from',
      'filter.genders',
      'dimensions',
      'totals',
    ])
      expect(names).toContain(name);
  });

  it.each(all)('$name', async ({ path, type }) => {
    const checked: Array<string | undefined> = [];
    for (const dataset of datasets) {
      const asVariable = await gql(server.url, query, {
        i: withField(dataset, path, invalidValue(type)),
      });
      const base = withField(dataset, path, null);
      const asString = await gql(
        server.url,
        `{ report(input: ${literal(base, path, invalidLiteral(type, false))}) { rows { values } } }`,
      );
      const asEnum = await gql(
        server.url,
        `{ report(input: ${literal(base, path, invalidLiteral(type, true))}) { rows { values } } }`,
      );
      for (const answer of [asVariable, asString, asEnum]) {
        expect(answer.text).not.toContain(marker);
        expect(answer.text).not.toContain('ZQX7');
        for (const error of answer.body?.errors ?? []) {
          expect(error.extensions?.code, answer.text.slice(0, 300)).not.toBe(
            'INTERNAL_SERVER_ERROR',
          );
          checked.push(error.extensions?.code);
        }
      }
    }
    // Where the marker is not a valid value of the type, it was refused (it reached a check).
    const named = getNamedType(type);
    const acceptsAnyString =
      isScalarType(named) && (named.name === 'String' || named.name === 'ID');
    if (!acceptsAnyString || path.join('.') === 'filter.months')
      expect(checked.length).toBeGreaterThan(0);
  });

  it('refuses a malformed month as BAD_USER_INPUT naming filter.months', async () => {
    const answer = await gql(server.url, query, {
      i: withField('SERVICE_RECORDS', ['filter', 'months'], ['2026-01', marker]),
    });
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'filter.months',
    });
    expect(answer.text).not.toContain(marker);
  });
});
