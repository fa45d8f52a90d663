import { readFileSync, readdirSync } from 'node:fs';
import {
  getNamedType,
  isLeafType,
  isObjectType,
  Kind,
  parse,
  print,
  type GraphQLObjectType,
  type OperationDefinitionNode,
} from 'graphql';
import { formatPrismaCursor } from '@pothos/plugin-prisma';
import { schema } from '../../src/schema.js';
import { gid } from '../support/ids.js';
import type { ScenarioIds } from '../support/scenario.js';

/**
 * The differential test's cases, generated: every query of schema/operations/, and ad-hoc
 * documents built from the schema (each leaf field alone, all leaves, every relation with its
 * leaves, aliases, fragments, __typename) on each compiled root, with variables inside and
 * outside a jurisdiction, ids that do not exist and several page sizes.
 */
export interface Case {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

const operationsDir = new URL('../../schema/operations/', import.meta.url);

function leaves(type: GraphQLObjectType): string[] {
  return Object.values(type.getFields())
    .filter((f) => f.args.length === 0 && isLeafType(getNamedType(f.type)))
    .map((f) => f.name);
}

function relations(type: GraphQLObjectType): Array<[string, GraphQLObjectType]> {
  return Object.values(type.getFields()).flatMap((f) => {
    const named = getNamedType(f.type);
    return f.args.length === 0 && isObjectType(named) && named.name !== 'Query'
      ? [[f.name, named] as [string, GraphQLObjectType]]
      : [];
  });
}

/** Selections on `type`: one per leaf, all leaves, each relation with its leaves, and a mix. */
function selections(type: GraphQLObjectType): string[] {
  const all = leaves(type);
  const out = all.map((f) => `id ${f === 'id' ? '' : f}`);
  out.push(all.join(' '));
  for (const [name, target] of relations(type)) {
    out.push(`id ${name} { __typename ${leaves(target).join(' ')} }`);
    // One level further: every relation of the relation, with its leaves.
    for (const [inner, innerType] of relations(target))
      out.push(`${name} { id ${inner} { ${leaves(innerType).join(' ')} } }`);
  }
  for (const f of Object.values(type.getFields())) {
    const conn = getNamedType(f.type);
    if (!isObjectType(conn) || !conn.getFields().edges) continue;
    const node = getNamedType(conn.getFields().edges!.type) as GraphQLObjectType;
    const nodeLeaves = leaves(getNamedType(node.getFields().node!.type) as GraphQLObjectType);
    out.push(
      `id ${f.name}(first: 2) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${nodeLeaves.join(' ')} } } }`,
    );
    out.push(`id ${f.name} { totalCount }`);
    out.push(
      `id ${f.name}(first: 1) { edges { node { __typename ${nodeLeaves.slice(0, 2).join(' ')} } } }`,
    );
  }
  out.push(
    `__typename first: ${all[1]} ...Parts ${relations(type)
      .map(([n, t]) => `${n} { ${leaves(t).slice(0, 3).join(' ')} }`)
      .join(' ')}`,
  );
  return out;
}

export function generatedCases(ids: ScenarioIds): Case[] {
  const cases: Case[] = [];
  // 王秀英 has a sensitive tag and a service record: per-tag reads and related pages are not empty.
  const residentIds = [ids.residents.wangXiuying, ids.residents.chenJing, 999_999].map((id) =>
    gid('Resident', id),
  );
  const householdIds = [ids.households.h1, ids.households.h3, 999_999].map((id) =>
    gid('Household', id),
  );
  const resident = schema.getType('Resident') as GraphQLObjectType;
  const household = schema.getType('Household') as GraphQLObjectType;
  const fragment = (type: GraphQLObjectType) =>
    `fragment Parts on ${type.name} { ${leaves(type).slice(0, 4).join(' ')} }`;
  for (const [root, type, values] of [
    ['resident', resident, residentIds],
    ['household', household, householdIds],
  ] as const) {
    selections(type).forEach((sel, i) => {
      const query = `query Q($id: ID!) { ${root}(id: $id) { ${sel} } } ${sel.includes('...Parts') ? fragment(type) : ''}`;
      for (const id of values) cases.push({ name: `${root}#${i}`, query, variables: { id } });
    });
  }
  const cursor = formatPrismaCursor({ id: ids.residents.liFang }, 'id') as string;
  selections(resident).forEach((sel, i) => {
    const query = `query P($first: Int, $after: String, $filter: ResidentFilter) { residents(first: $first, after: $after, filter: $filter) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${sel} } } } } ${sel.includes('...Parts') ? fragment(resident) : ''}`;
    for (const variables of [
      { first: 2 },
      { first: 50, after: cursor },
      { filter: { community: gid('Community', ids.communities.c2) } },
    ])
      cases.push({ name: `residents#${i}`, query, variables });
  });
  return cases;
}

/** Every query of schema/operations/ with variables made from their names. */
export function operationCases(ids: ScenarioIds): Case[] {
  const files = readdirSync(operationsDir).filter((f) => f.endsWith('.graphql'));
  const text = files.map((f) => readFileSync(new URL(f, operationsDir), 'utf8')).join('\n');
  const document = parse(text);
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  const cases: Case[] = [];
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION || d.operation !== 'query') continue;
    const query = [d, ...fragments].map((x) => print(x)).join('\n');
    for (const variables of variableSets(d, ids))
      cases.push({ name: d.name?.value ?? '?', query, variables });
  }
  return cases;
}

function variableSets(
  op: OperationDefinitionNode,
  ids: ScenarioIds,
): Array<Record<string, unknown>> {
  const names = (op.variableDefinitions ?? []).map((v) => v.variable.name.value);
  const root = (op.selectionSet.selections[0] as { name?: { value: string } }).name?.value ?? '';
  const household = root.startsWith('household');
  const rows = household
    ? [ids.households.h1, ids.households.h3, 999_999]
    : [ids.residents.zhangWei, ids.residents.chenJing, 999_999];
  const communities = [ids.communities.c1, ids.communities.c2, 999_999];
  const sets: Array<Record<string, unknown>> = [];
  rows.forEach((row, i) => {
    const v: Record<string, unknown> = {};
    if (names.includes('id')) v.id = gid(household ? 'Household' : 'Resident', row);
    if (names.includes('community')) v.community = gid('Community', communities[i]!);
    if (names.includes('first')) v.first = 2;
    sets.push(v);
  });
  return sets;
}
