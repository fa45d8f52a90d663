import {
  getNamedType,
  getNullableType,
  isListType,
  isNonNullType,
  isObjectType,
  type FieldNode,
  type GraphQLField,
  type GraphQLObjectType,
} from 'graphql';
import { getArgumentValues } from 'graphql/execution/values.js';
import { planConnection } from './connection.js';
import type { Fragments } from './fields.js';
import type { Entry, ObjectPlan, Resolve } from './plan.js';
import {
  mergeDeclared,
  mergeInto,
  nested,
  nestedSelection,
  Unsupported,
  type Page,
  type Select,
} from './select.js';

/**
 * Object fields whose loading the field computes: a select function placing the field's own
 * sub-selection (`Resident.tags`), and related connections (`Resident.serviceRecords`). Both are
 * planned from what Pothos itself would load for them.
 */
type PlanObject = (
  type: GraphQLObjectType,
  nodes: readonly FieldNode[],
  fragments: Fragments,
) => ObjectPlan;

/** An object field with a select function (`nestedSelection(true)` for its sub-selection) and a resolver. */
export function planResolved(
  type: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
  key: string,
  fieldNodes: readonly FieldNode[],
  select: Select,
  fragments: Fragments,
  guarded: boolean,
  planObject: PlanObject,
): Entry {
  const ext = field.extensions as Record<string, unknown>;
  const declared = ext.pothosPrismaSelect;
  const resolve = ext.pothosOriginalResolve as Resolve | undefined;
  const named = getNamedType(field.type);
  const inner = getNullableType(field.type);
  const list = isListType(inner);
  if (typeof declared !== 'function' || !resolve || !isObjectType(named))
    throw new Unsupported('object field');
  if (list && !isNonNullType(inner.ofType)) throw new Unsupported('nullable items');
  const wrapped = declared({}, undefined, nestedSelection) as { select?: unknown } | null;
  const anchor = mergeDeclared(select, wrapped?.select);
  if (!anchor || anchor.model.name !== named.extensions?.pothosPrismaModel)
    throw new Unsupported('no nested selection');
  const plan = planObject(named, fieldNodes, fragments);
  mergeInto(anchor, plan.select);
  plan.select = anchor;
  const nonNull = isNonNullType(field.type);
  return {
    kind: 'resolved',
    key,
    typeName: type.name,
    fieldName: field.name,
    guarded,
    nonNull,
    list,
    resolve,
    plan,
    anchor: pathTo(wrapped?.select),
  };
}

/** The relations of a declared select down to its nested-selection marker. */
function pathTo(select: unknown): string[] {
  if (typeof select !== 'object' || select === null) return [];
  for (const [key, value] of Object.entries(select)) {
    if (typeof value !== 'object' || value === null) continue;
    if (nested in value) return [key];
    const below = pathTo((value as { select?: unknown }).select);
    if (below.length > 0) return [key, ...below];
  }
  return [];
}

/** A related connection (`t.relatedConnection`): forward pages without a cursor compile. */
export function planPage(
  type: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
  key: string,
  fieldNodes: readonly FieldNode[],
  select: Select,
  fragments: Fragments,
  relation: string,
  guarded: boolean,
  planObject: PlanObject,
): Entry {
  const ext = field.extensions as Record<string, unknown>;
  const declared = ext.pothosPrismaSelect;
  const connection = getNamedType(field.type) as GraphQLObjectType;
  if (guarded || typeof declared !== 'function') throw new Unsupported('guarded connection');
  if (select.relations.has(relation) || select.pages.has(relation))
    throw new Unsupported('one relation, two uses');
  const target = select.model.relations.get(relation);
  if (!target?.isList) throw new Unsupported('connection relation');
  const { entries, plan } = planConnection(
    connection,
    fieldNodes,
    fragments,
    target.target,
    planObject,
  );
  const names = new Set(entries.map((e) => (e.kind === 'typename' ? '__typename' : e.kind)));
  const node = fieldNodes[0]!;
  const page: Page = {
    select: plan.select,
    args: (variables) => getArgumentValues(field, node, variables) as Record<string, unknown>,
    query: (args) => {
      const made = declared(
        args,
        undefined,
        (q: unknown) => q,
        () => names,
      ) as {
        select: Record<string, unknown>;
      };
      return {
        query: (made.select[relation] ?? {}) as Record<string, unknown>,
        counted: '_count' in made.select,
      };
    },
  };
  select.pages.set(relation, page);
  return { kind: 'page', key, relation, entries, plan, page };
}
