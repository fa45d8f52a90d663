import {
  getNamedType,
  isNonNullType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { planConnection, type ConnectionEntry } from './connection.js';
import { collectFields, type Fragments } from './fields.js';
import { planObject, type ObjectPlan } from './plan.js';
import { rootOf, type CompiledRoot } from './roots.js';
import { Unsupported } from './select.js';

/**
 * The compiled plan of one query operation: its root fields, each a row by id or a connection,
 * with the object plans below them. Planned once per document (src/compiled/plugin.ts); the
 * grants are decided per request, so one plan serves every section and purpose.
 */
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
        ...planConnection(type, nodes, fragments, source.model, planObject),
      });
    }
  }
  const guarded = new Set<string>();
  const walk = (plan: ObjectPlan) => {
    for (const e of plan.entries) {
      if ((e.kind === 'leaf' || e.kind === 'object') && e.guarded)
        guarded.add(`${e.typeName}.${e.fieldName}`);
      if (e.kind === 'object' || e.kind === 'resolved' || e.kind === 'page') walk(e.plan);
    }
  };
  for (const root of roots) if (root.kind !== 'typename') walk(root.plan);
  return { roots, guarded };
}
