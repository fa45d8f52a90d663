import {
  getNamedType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { collectFields, planObject, type Entry, type Fragments, type ObjectPlan } from './plan.js';
import { rootOf, type CompiledRoot } from './roots.js';
import { emptySelect, Unsupported } from './select.js';

/**
 * The compiled plan of one query operation: its root fields, each a row by id or a connection,
 * with the object plans below them. Planned once per document (src/compiled/plugin.ts); the
 * grants are decided per request, so one plan serves every section and purpose.
 */
export type ConnectionEntry =
  | { kind: 'typename' | 'totalCount'; key: string; typeName: string }
  | {
      kind: 'edges';
      key: string;
      entries: Array<{ kind: 'typename' | 'cursor' | 'node'; key: string; typeName: string }>;
    }
  | {
      kind: 'pageInfo';
      key: string;
      entries: Array<{ kind: string; key: string; typeName: string }>;
    };

export type RootPlan =
  | { kind: 'typename'; key: string }
  | {
      kind: 'unique';
      key: string;
      field: GraphQLField<unknown, unknown>;
      node: FieldNode;
      source: Extract<CompiledRoot, { kind: 'unique' }>;
      plan: ObjectPlan;
    }
  | {
      kind: 'connection';
      key: string;
      field: GraphQLField<unknown, unknown>;
      node: FieldNode;
      source: Extract<CompiledRoot, { kind: 'connection' }>;
      entries: ConnectionEntry[];
      plan: ObjectPlan;
    };

export interface OperationPlan {
  roots: RootPlan[];
  /** The personal fields the plan reads (`Type.field`): decided before the statement runs. */
  guarded: Set<string>;
}

export function planOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): OperationPlan {
  if (operation.operation !== 'query') throw new Unsupported('not a query');
  const fragments: Fragments = {};
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const query = schema.getQueryType()!;
  const roots: RootPlan[] = [];
  for (const [key, nodes] of collectFields(query, [operation.selectionSet], fragments)) {
    const name = nodes[0]!.name.value;
    if (name === '__typename') {
      roots.push({ kind: 'typename', key });
      continue;
    }
    const source = rootOf(name);
    const field = query.getFields()[name];
    if (!source || !field || nodes.length > 1) throw new Unsupported(`root ${name}`);
    const type = getNamedType(field.type);
    if (!isObjectType(type)) throw new Unsupported('abstract root');
    if (source.kind === 'unique') {
      if (isNonNullType(field.type)) throw new Unsupported('non-null root');
      roots.push({
        kind: 'unique',
        key,
        field,
        node: nodes[0]!,
        source,
        plan: planObject(type, nodes, fragments),
      });
    } else {
      roots.push({
        kind: 'connection',
        key,
        field,
        node: nodes[0]!,
        source,
        ...planConnection(type, nodes, fragments, source.model),
      });
    }
  }
  const guarded = new Set<string>();
  const walk = (plan: ObjectPlan) => {
    for (const e of plan.entries) {
      if ((e.kind === 'leaf' || e.kind === 'object') && e.guarded)
        guarded.add(`${e.typeName}.${e.fieldName}`);
      if (e.kind === 'object') walk(e.plan);
    }
  };
  for (const root of roots) if (root.kind !== 'typename') walk(root.plan);
  return { roots, guarded };
}

const pageInfoFields = new Set([
  'hasNextPage',
  'hasPreviousPage',
  'startCursor',
  'endCursor',
  '__typename',
]);

function planConnection(
  type: GraphQLObjectType,
  nodes: readonly FieldNode[],
  fragments: Fragments,
  model: string,
): { entries: ConnectionEntry[]; plan: ObjectPlan } {
  const sets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  const entries: ConnectionEntry[] = [];
  let plan: ObjectPlan | undefined;
  for (const [key, fieldNodes] of collectFields(type, sets, fragments)) {
    const name = fieldNodes[0]!.name.value;
    if (fieldNodes.some((n) => n.name.value !== name || (n.arguments?.length ?? 0) > 0))
      throw new Unsupported('arguments');
    if (name === '__typename' || name === 'totalCount') {
      entries.push({
        kind: name === '__typename' ? 'typename' : 'totalCount',
        key,
        typeName: type.name,
      });
    } else if (name === 'pageInfo' || name === 'edges') {
      const inner = getNamedType(type.getFields()[name]!.type) as GraphQLObjectType;
      const innerSets = fieldNodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
      const innerEntries: Array<{
        kind: 'typename' | 'cursor' | 'node';
        key: string;
        typeName: string;
      }> = [];
      for (const [innerKey, innerNodes] of collectFields(inner, innerSets, fragments)) {
        const innerName = innerNodes[0]!.name.value;
        if (innerNodes.some((n) => n.name.value !== innerName)) throw new Unsupported('aliases');
        if (name === 'pageInfo') {
          if (!pageInfoFields.has(innerName)) throw new Unsupported(innerName);
          innerEntries.push({ kind: innerName as never, key: innerKey, typeName: inner.name });
        } else if (innerName === 'node') {
          if (plan) throw new Unsupported('two node selections');
          plan = planObject(
            getNamedType(inner.getFields().node!.type) as GraphQLObjectType,
            innerNodes,
            fragments,
          );
          innerEntries.push({ kind: 'node', key: innerKey, typeName: inner.name });
        } else if (innerName === 'cursor' || innerName === '__typename') {
          innerEntries.push({
            kind: innerName === 'cursor' ? 'cursor' : 'typename',
            key: innerKey,
            typeName: inner.name,
          });
        } else throw new Unsupported(innerName);
      }
      if (name === 'edges' && entries.some((e) => e.kind === 'edges'))
        throw new Unsupported('two edges');
      entries.push({ kind: name, key, entries: innerEntries } as ConnectionEntry);
    } else throw new Unsupported(name);
  }
  return {
    entries,
    plan: plan ?? { typeName: model, select: emptySelect(model), entries: [] as Entry[] },
  };
}
