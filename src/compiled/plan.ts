import {
  print,
  getNamedType,
  getNullableType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type FieldNode,
  type GraphQLField,
  type GraphQLLeafType,
  type GraphQLObjectType,
} from 'graphql';
import { policyOf } from '../access/policy.js';
import type { ConnectionEntry } from './connection.js';
import { planPage, planResolved } from './plan-computed.js';
import { collectFields, type Fragments } from './fields.js';
import {
  emptySelect,
  mergeDeclared,
  mergeInto,
  orderOf,
  relationSelect,
  Unsupported,
  type Page,
  type Select,
} from './select.js';
import { modelOf } from './model.js';

/**
 * A compiled selection on an object type backed by a Prisma model: what to load (`select`) and
 * how to build each response key from the loaded row (`entries`, in response order). Built from
 * the schema's own field declarations: Pothos' `select`, exposed columns, relations, the original
 * resolvers, and the field policies (`personal`) of src/access/policy.ts.
 */
export interface ObjectPlan {
  typeName: string;
  select: Select;
  entries: Entry[];
}

export type Resolve = (
  parent: Record<string, unknown>,
  args: object,
  ctx: unknown,
  info: never,
) => unknown;

export type Entry =
  | { kind: 'typename'; key: string; typeName: string }
  | { kind: 'id'; key: string; typeName: string; column: string }
  | {
      kind: 'leaf';
      key: string;
      typeName: string;
      fieldName: string;
      guarded: boolean;
      nonNull: boolean;
      resolve: Resolve;
      leaf: GraphQLLeafType;
    }
  | {
      /** A field whose resolver builds objects from what its select function loaded (tags). */
      kind: 'resolved';
      key: string;
      typeName: string;
      fieldName: string;
      guarded: boolean;
      nonNull: boolean;
      list: boolean;
      resolve: Resolve;
      plan: ObjectPlan;
      /** The relations from the row to where the nested selection is loaded (`['tags', 'tag']`). */
      anchor: string[];
    }
  | {
      /** A related connection: its page from the row's relation, built as Pothos builds it. */
      kind: 'page';
      key: string;
      relation: string;
      entries: ConnectionEntry[];
      plan: ObjectPlan;
      page: Page;
    }
  | {
      kind: 'object';
      key: string;
      typeName: string;
      fieldName: string;
      guarded: boolean;
      nonNull: boolean;
      relation: string;
      list: boolean;
      plan: ObjectPlan;
    };

const isNodeId = (type: GraphQLObjectType, name: string) =>
  name === 'id' && type.getInterfaces().some((i) => i.name === 'Node');

/** Plans a selection on `type`; throws Unsupported for anything the compiler does not handle. */
export function planObject(
  type: GraphQLObjectType,
  nodes: readonly FieldNode[],
  fragments: Fragments,
): ObjectPlan {
  const modelName = type.extensions?.pothosPrismaModel;
  if (typeof modelName !== 'string') throw new Unsupported(`type ${type.name}`);
  const select = emptySelect(modelName);
  // The type's own always-loaded columns (what its subject and guards need, e.g. residentId).
  mergeDeclared(select, type.extensions?.pothosPrismaSelect);
  const sets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  const entries: Entry[] = [];
  for (const [key, fieldNodes] of collectFields(type, sets, fragments)) {
    const name = fieldNodes[0]!.name.value;
    if (fieldNodes.some((n) => n.name.value !== name || print(n) !== print(fieldNodes[0]!)))
      throw new Unsupported('one key, two selections');
    if (name === '__typename') {
      entries.push({ kind: 'typename', key, typeName: type.name });
      continue;
    }
    const field = type.getFields()[name];
    if (!field) throw new Unsupported(name);
    if (isNodeId(type, name)) {
      entries.push({ kind: 'id', key, typeName: type.name, column: select.model.idField });
      continue;
    }
    entries.push(planField(type, field, key, fieldNodes, select, fragments));
  }
  return { typeName: type.name, select, entries };
}

function planField(
  type: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
  key: string,
  fieldNodes: readonly FieldNode[],
  select: Select,
  fragments: Fragments,
): Entry {
  const ext = field.extensions as Record<string, unknown>;
  const policy = policyOf(type.name, field.name)?.personal;
  // Per-tag fields grade each tag in their resolver (and need the purpose checked before execution).
  const guarded = policy !== undefined && !policy.perTag;
  const nonNull = isNonNullType(field.type);
  const inner = getNullableType(field.type);
  const relationField = ext.pothosPrismaRelationField as { name: string } | undefined;
  const named = getNamedType(field.type);
  if (relationField && isObjectType(named) && named.getFields().edges)
    return planPage(
      type,
      field,
      key,
      fieldNodes,
      select,
      fragments,
      relationField.name,
      guarded,
      planObject,
    );
  if ((fieldNodes[0]!.arguments?.length ?? 0) > 0) throw new Unsupported('arguments');
  if (relationField) {
    const named = getNamedType(field.type);
    if (!isObjectType(named)) throw new Unsupported('abstract relation');
    const list = isListType(inner);
    if (list && !isNonNullType(inner.ofType)) throw new Unsupported('nullable items');
    const target = modelOf(String(named.extensions?.pothosPrismaModel ?? ''));
    if (!target) throw new Unsupported('relation model');
    // The relation's `query` option, as Pothos hands it to the nested selection.
    const declared = ext.pothosPrismaSelect;
    if (typeof declared !== 'function') throw new Unsupported('relation select');
    const captured = declared({}, undefined, (query: unknown) => query) as {
      select?: Record<string, unknown>;
    };
    const query = captured?.select?.[relationField.name];
    if (typeof query === 'function' || query instanceof Promise)
      throw new Unsupported('relation query');
    const order = orderOf(target, query);
    const plan = planObject(named, fieldNodes, fragments);
    const nested = relationSelect(select, relationField.name, order);
    mergeInto(nested, plan.select);
    plan.select = nested;
    return {
      kind: 'object',
      key,
      typeName: type.name,
      fieldName: field.name,
      guarded,
      nonNull,
      relation: relationField.name,
      list,
      plan,
    };
  }
  if (!isLeafType(inner))
    return planResolved(type, field, key, fieldNodes, select, fragments, guarded, planObject);
  if (policy?.perTag) throw new Unsupported('per-tag leaf');
  const exposed = ext.pothosExposedField as string | undefined;
  // An exposed column resolves to itself (Pothos leaves it to graphql-js' default resolver).
  const resolve = exposed
    ? (parent: Record<string, unknown>) => parent[exposed]
    : (ext.pothosOriginalResolve as Resolve | undefined);
  if (!resolve) throw new Unsupported('resolver');
  const declared = ext.pothosPrismaSelect;
  if (declared === undefined && !exposed) throw new Unsupported('no select');
  mergeDeclared(
    select,
    declared === false || declared === undefined ? { [exposed!]: true } : declared,
  );
  if (exposed) mergeDeclared(select, { [exposed]: true });
  return {
    kind: 'leaf',
    key,
    typeName: type.name,
    fieldName: field.name,
    guarded,
    nonNull,
    resolve,
    leaf: inner,
  };
}
