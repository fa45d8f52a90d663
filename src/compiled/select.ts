import { modelOf, type Model } from './model.js';

/**
 * What one level of a compiled read loads from the database: the Prisma select the level's
 * fields declare (their Pothos `select`, or the exposed column), merged as Prisma merges them.
 * Only plain columns and relations ordered by columns are compiled; anything else (counts,
 * filtered or paginated relations, select functions) makes the operation fall back.
 */
export class Unsupported extends Error {}

export type Order = Array<[string, 'asc' | 'desc']>;

export interface Select {
  model: Model;
  scalars: Set<string>;
  relations: Map<string, { select: Select; order: Order }>;
  /** Relations counted (Prisma's `_count: { select: { members: true } }`). */
  counts: Set<string>;
  /** Related connections (`serviceRecords(first: 20)`), paged with the request's arguments. */
  pages: Map<string, Page>;
}

/** A related connection: the node's select, and the page query Pothos makes from the arguments. */
export interface Page {
  select: Select;
  /** Pothos' own query for these arguments: take, skip, cursor, orderBy; and whether it counts. */
  query: (args: Record<string, unknown>) => { query: Record<string, unknown>; counted: boolean };
  args: (variables: Record<string, unknown>) => Record<string, unknown>;
}

export function emptySelect(modelName: string): Select {
  const model = modelOf(modelName);
  if (!model) throw new Unsupported(`model ${modelName}`);
  return {
    model,
    scalars: new Set(model.idField ? [model.idField] : []),
    relations: new Map(),
    counts: new Set(),
    pages: new Map(),
  };
}

/**
 * Where a field's select function puts the selection of the field's own GraphQL sub-selection
 * (Pothos' `nestedSelection(true)`): a marker the planner replaces with the nested plan's select.
 */
export const nested = Symbol('nested selection');

export function nestedSelection(arg: unknown): object {
  return { [nested]: arg };
}

/** The order of a relation's `query` option: only `{ orderBy }` over columns is compiled. */
export function orderOf(model: Model, query: unknown): Order {
  if (query === undefined) return [];
  if (typeof query !== 'object' || query === null) throw new Unsupported('relation query');
  const { orderBy, ...rest } = query as { orderBy?: unknown };
  if (Object.keys(rest).length > 0) throw new Unsupported('relation query');
  const parts = orderBy === undefined ? [] : Array.isArray(orderBy) ? orderBy : [orderBy];
  return parts.flatMap((part) =>
    Object.entries(part as Record<string, unknown>).map(([field, dir]) => {
      if (!model.columns.has(field) || (dir !== 'asc' && dir !== 'desc'))
        throw new Unsupported(`order ${field}`);
      return [field, dir] as [string, 'asc' | 'desc'];
    }),
  );
}

/** The relation `name` of `into`, added with `order` (the same relation twice must agree). */
export function relationSelect(into: Select, name: string, order: Order): Select {
  const relation = into.model.relations.get(name);
  if (!relation) throw new Unsupported(`relation ${into.model.name}.${name}`);
  if (relation.isList && order.length === 0) throw new Unsupported('unordered list'); // Prisma's order is unspecified
  const known = into.relations.get(name);
  if (known) {
    if (JSON.stringify(known.order) !== JSON.stringify(order))
      throw new Unsupported('one relation, two orders');
    return known.select;
  }
  const select = emptySelect(relation.target);
  into.relations.set(name, { select, order });
  return select;
}

/**
 * Merges a field's declared Prisma select (`{ birthDate: true }`, `{ members: { select, orderBy } }`);
 * returns the select a `nestedSelection(true)` marker stood for, if any.
 */
export function mergeDeclared(into: Select, declared: unknown): Select | undefined {
  if (declared === false || declared === undefined || declared === null) return undefined;
  if (typeof declared !== 'object') throw new Unsupported('select function');
  let anchor: Select | undefined;
  for (const [key, value] of Object.entries(declared as Record<string, unknown>)) {
    if (into.model.columns.has(key)) {
      if (value !== true) throw new Unsupported(`select ${key}`);
      into.scalars.add(key);
      continue;
    }
    if (typeof value !== 'object' || value === null) throw new Unsupported(`select ${key}`);
    if (key === '_count') {
      const counted = (value as { select?: Record<string, unknown> }).select ?? {};
      for (const [name, on] of Object.entries(counted)) {
        if (on !== true || !into.model.relations.get(name)?.isList)
          throw new Unsupported(`count ${name}`);
        into.counts.add(name);
      }
      continue;
    }
    const target = modelOf(into.model.relations.get(key)?.target ?? '');
    if (!target) throw new Unsupported(`select ${key}`);
    if (nested in value) {
      // The field's own sub-selection goes here, unfiltered (a spread marker with options falls back).
      if ((value as Record<symbol, unknown>)[nested] !== true || Object.keys(value).length > 0)
        throw new Unsupported('nested selection options');
      if (anchor) throw new Unsupported('two nested selections');
      anchor = relationSelect(into, key, []);
      continue;
    }
    const { select, ...query } = value as { select?: unknown };
    anchor = mergeDeclared(relationSelect(into, key, orderOf(target, query)), select) ?? anchor;
  }
  return anchor;
}

/** Adds `from`'s columns and relations to `into` (both selections of one relation). */
export function mergeInto(into: Select, from: Select): void {
  for (const s of from.scalars) into.scalars.add(s);
  for (const c of from.counts) into.counts.add(c);
  for (const [name, page] of from.pages) {
    if (into.pages.has(name)) throw new Unsupported('one connection, two pages');
    into.pages.set(name, page);
  }
  for (const [name, rel] of from.relations)
    mergeInto(relationSelect(into, name, rel.order), rel.select);
}
