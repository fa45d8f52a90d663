import DataLoader from 'dataloader';
import { queryFromInfo } from '@pothos/plugin-prisma';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../context.js';

/**
 * The rows federation entity references name, loaded in batches: a gateway sends a list of
 * representations to `_entities`, the federation plugin resolves them one by one, and each
 * model's loader turns the ones of one tick into one statement (`WHERE id IN (…)`).
 *
 * That statement carries what the gateway asked of the type: the selection of `... on Resident`
 * is planned once per request (Pothos' `queryFromInfo`, as `node(id:)` does), so relations and
 * counts load in the same statement and the fields resolve from the rows without a second,
 * per-type statement. The plan is recorded for `_entities`, so the relation fields find it.
 *
 * Every statement goes through the request's scoped client (`ctx.prisma`) and its row-level
 * security: a row outside the caller's jurisdiction does not exist for it, so its reference
 * resolves to null — exactly what `resident(id:)`, `household(id:)` and `community(id:)` answer.
 */
export type EntityModel = 'resident' | 'household' | 'community';

type Row = { id: number } & Record<string, unknown>;
type FindMany = (args: object) => Promise<Row[]>;

/** Rows in the order of the ids asked for; an id without a row (unknown, or out of scope) is null. */
function inOrder(ids: readonly number[], rows: Row[]): (Row | null)[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/**
 * References per statement: a gateway sends one `_entities` call per fetch, however long; a
 * longer list is loaded in several statements rather than one with thousands of parameters.
 */
const maxBatchSize = 500;

/**
 * One loader per model, `_entities` field (a request may alias it twice, with other selections)
 * and request, with the query planned from the first reference's info.
 */
const perRequest = new WeakMap<Context, Map<string, DataLoader<number, Row | null>>>();

function batchFor(ctx: Context, model: EntityModel, typeName: string, info: GraphQLResolveInfo) {
  let batches = perRequest.get(ctx);
  if (!batches) perRequest.set(ctx, (batches = new Map()));
  const key = `${model}@${String(info.path.key)}`;
  let loader = batches.get(key);
  if (!loader) {
    // Planned once: every reference of `_entities` shares its info and so its selection.
    const query = queryFromInfo({ context: ctx, info, typeName });
    const delegate = ctx.prisma[model] as unknown as { findMany: FindMany };
    loader = new DataLoader<number, Row | null>(
      async (ids) =>
        inOrder(ids, await delegate.findMany({ ...query, where: { id: { in: [...ids] } } })),
      { maxBatchSize },
    );
    batches.set(key, loader);
  }
  return loader;
}

/** Loads the row of one entity reference, batched with the others of its type in the request. */
export function loadEntity<T>(
  ctx: Context,
  info: GraphQLResolveInfo,
  model: EntityModel,
  typeName: string,
  id: number,
): Promise<T | null> {
  return batchFor(ctx, model, typeName, info).load(id) as Promise<T | null>;
}
