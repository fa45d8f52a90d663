import { getNamedType, type FieldNode, type GraphQLObjectType } from 'graphql';
import { formatPrismaCursor } from '@pothos/plugin-prisma';
import type { Entry, ObjectPlan } from './plan.js';
import { collectFields, type Fragments } from './fields.js';
import { emptySelect, Unsupported } from './select.js';

/**
 * Relay connections on the compiled path (a root's `residents`, a relation's `serviceRecords`):
 * the connection's own fields planned here, the node's by the object planner, and the page built
 * from the rows as Pothos' prisma connections build it (one extra row tells whether a next page
 * exists; cursors are Pothos' own encoding of the id).
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

const pageInfoFields = new Set([
  'hasNextPage',
  'hasPreviousPage',
  'startCursor',
  'endCursor',
  '__typename',
]);

export function planConnection(
  type: GraphQLObjectType,
  nodes: readonly FieldNode[],
  fragments: Fragments,
  model: string,
  planObject: (
    type: GraphQLObjectType,
    nodes: readonly FieldNode[],
    fragments: Fragments,
  ) => ObjectPlan,
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

/** The connection's answer from its rows (`take` rows were asked for: one more than the page). */
export function buildConnection(
  entries: ConnectionEntry[],
  rows: Array<Record<string, unknown>>,
  take: number,
  after: boolean,
  idField: string,
  total: unknown,
  node: (row: Record<string, unknown>) => unknown,
): Record<string, unknown> {
  const full = rows.length === take;
  const nodes = full ? rows.slice(0, -1) : rows;
  const cursors = nodes.map((n) => formatPrismaCursor(n, idField) as string);
  const out: Record<string, unknown> = {};
  for (const entry of entries) {
    if (entry.kind === 'typename') out[entry.key] = entry.typeName;
    else if (entry.kind === 'totalCount') out[entry.key] = total;
    else if (entry.kind === 'pageInfo') {
      const info: Record<string, unknown> = {};
      for (const e of entry.entries)
        info[e.key] =
          e.kind === '__typename'
            ? e.typeName
            : e.kind === 'hasNextPage'
              ? full
              : e.kind === 'hasPreviousPage'
                ? after
                : e.kind === 'startCursor'
                  ? (cursors[0] ?? null)
                  : (cursors[cursors.length - 1] ?? null);
      out[entry.key] = info;
    } else if (entry.kind === 'edges') {
      out[entry.key] = nodes.map((n, i) => {
        const edge: Record<string, unknown> = {};
        for (const e of entry.entries)
          edge[e.key] =
            e.kind === 'typename' ? e.typeName : e.kind === 'cursor' ? cursors[i] : node(n);
        return edge;
      });
    }
  }
  return out;
}
