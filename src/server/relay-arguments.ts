import {
  GraphQLError,
  Kind,
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  valueFromASTUntyped,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { ErrorCode } from '../errors.js';
import { getDatamodel } from '../generated/pothos-types.js';
import { isCursor, isNodeId, type KeyType } from '../modules/common/ids.js';

/**
 * Global IDs given to `node(id:)` and cursors given to `after`/`before` reach Pothos, which parses
 * them loosely and hands the result to Prisma: an unknown type name, `Resident:1e3` (read as 1),
 * an id out of the column's range or a cursor holding an object answered INTERNAL_SERVER_ERROR or
 * the wrong row. They are checked here, before execution, against what the server hands out.
 */

let keyTypes: Map<string, KeyType> | undefined;

/** Key type of each Prisma model with a single `Int` or `BigInt` id, by model name. */
function modelKeys(): Map<string, KeyType> {
  if (!keyTypes) {
    keyTypes = new Map();
    for (const [name, model] of Object.entries(getDatamodel().datamodel.models)) {
      const ids = model.fields.filter((f) => f.isId);
      const type = ids.length === 1 ? ids[0]!.type : undefined;
      if (type === 'Int' || type === 'BigInt') keyTypes.set(name, type);
    }
  }
  return keyTypes;
}

const nodeTypesOf = new WeakMap<GraphQLSchema, Map<string, KeyType>>();

/** Every type implementing Node in `schema`, with the key type of its model. */
export function nodeTypes(schema: GraphQLSchema): Map<string, KeyType> {
  let types = nodeTypesOf.get(schema);
  if (!types) {
    types = new Map();
    const node = schema.getType('Node');
    if (node && isInterfaceType(node)) {
      for (const type of schema.getImplementations(node).objects) {
        const key = modelKeys().get(type.name);
        if (key) types.set(type.name, key);
      }
    }
    nodeTypesOf.set(schema, types);
  }
  return types;
}

/** Key type of the nodes of a connection field (its `edges { node }`), if they are rows of a model. */
function connectionKey(field: GraphQLField<unknown, unknown>): KeyType | undefined {
  const connection = getNamedType(field.type);
  if (!isObjectType(connection)) return undefined;
  const edge = connection.getFields().edges && getNamedType(connection.getFields().edges!.type);
  const node =
    edge && isObjectType(edge) && edge.getFields().node
      ? getNamedType(edge.getFields().node!.type)
      : undefined;
  return node ? modelKeys().get(node.name) : undefined;
}

function invalid(argument: string, what: string): GraphQLError {
  return new GraphQLError(`${argument}: is not a valid ${what}`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, field: argument, http: { status: 400 } },
  });
}

/**
 * The first malformed global ID of `node(id:)` or cursor of `after`/`before` in the operation
 * (literal, variable or variable default), as a BAD_USER_INPUT error (HTTP 400), or null.
 * Values that are not strings are left to GraphQL's own coercion.
 */
export function relayArgumentError(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): GraphQLError | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions)
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const defaults = new Map<string, unknown>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue)
      defaults.set(definition.variable.name.value, valueFromASTUntyped(definition.defaultValue));
  }
  const valueOf = (node: ValueNode): unknown => {
    if (node.kind === Kind.STRING) return node.value;
    if (node.kind !== Kind.VARIABLE) return undefined;
    const name = node.name.value;
    return variables && name in variables ? variables[name] : defaults.get(name);
  };
  const queryType = schema.getQueryType();
  const seen = new Set<string>();

  const walk = (
    set: SelectionSetNode,
    parent: GraphQLCompositeType | undefined,
  ): GraphQLError | null => {
    for (const selection of set.selections) {
      let error: GraphQLError | null = null;
      if (selection.kind === Kind.FIELD) {
        const field =
          parent && (isObjectType(parent) || isInterfaceType(parent))
            ? parent.getFields()[selection.name.value]
            : undefined;
        if (!field) continue;
        for (const argument of selection.arguments ?? []) {
          const value = valueOf(argument.value);
          if (typeof value !== 'string') continue;
          const name = argument.name.value;
          if (
            parent === queryType &&
            field.name === 'node' &&
            name === 'id' &&
            !isNodeId(value, nodeTypes(schema))
          )
            return invalid('id', 'global ID');
          if (name === 'after' || name === 'before') {
            const key = connectionKey(field);
            if (key && !isCursor(value, key)) return invalid(name, 'cursor');
          }
        }
        const child = getNamedType(field.type);
        if (selection.selectionSet && isCompositeType(child))
          error = walk(selection.selectionSet, child);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition
          ? schema.getType(selection.typeCondition.name.value)
          : parent;
        error = walk(selection.selectionSet, type && isCompositeType(type) ? type : undefined);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        // Each fragment is checked once: its arguments do not depend on where it is spread.
        seen.add(fragment.name.value);
        const type = schema.getType(fragment.typeCondition.name.value);
        error = walk(fragment.selectionSet, type && isCompositeType(type) ? type : undefined);
      }
      if (error) return error;
    }
    return null;
  };

  const root =
    operation.operation === 'query'
      ? queryType
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  return walk(operation.selectionSet, root ?? undefined);
}
