import DataLoader from 'dataloader';
import type { Context } from '../../context.js';
import type { PrismaClient } from '../../db/client.js';
import type { Community, Household, Resident } from '../../generated/prisma/client.js';

/**
 * The rows federation entity references name, loaded in batches: a gateway sends a list of
 * representations to `_entities`, the federation plugin resolves them one by one, and each
 * model's loader turns the ones of one tick into one statement (`WHERE id IN (…)`).
 *
 * Every statement goes through the request's scoped client (`ctx.prisma`): a row outside the
 * caller's jurisdiction does not exist for it, so its reference resolves to null — exactly what
 * `resident(id:)`, `household(id:)` and `community(id:)` answer for it.
 */
export interface EntityLoaders {
  resident: DataLoader<number, Resident | null>;
  household: DataLoader<number, Household | null>;
  community: DataLoader<number, Community | null>;
}

/** Rows in the order of the ids asked for; an id without a row (unknown, or out of scope) is null. */
function inOrder<T extends { id: number }>(ids: readonly number[], rows: T[]): (T | null)[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/**
 * References per statement: a gateway sends one `_entities` call per fetch, however long; a
 * longer list is loaded in several statements rather than one with thousands of parameters.
 */
const maxBatchSize = 500;

function loadersFor(prisma: PrismaClient): EntityLoaders {
  // Every scalar column of the row: the fields a gateway asks for then resolve from it without
  // another statement per reference (relations load in one statement per batch, as on /graphql).
  return {
    resident: new DataLoader(
      async (ids) =>
        inOrder(ids, await prisma.resident.findMany({ where: { id: { in: [...ids] } } })),
      { maxBatchSize },
    ),
    household: new DataLoader(
      async (ids) =>
        inOrder(ids, await prisma.household.findMany({ where: { id: { in: [...ids] } } })),
      { maxBatchSize },
    ),
    community: new DataLoader(
      async (ids) =>
        inOrder(ids, await prisma.community.findMany({ where: { id: { in: [...ids] } } })),
      { maxBatchSize },
    ),
  };
}

const perRequest = new WeakMap<Context, EntityLoaders>();

/** The loaders of one request: created with its first entity reference, gone with its context. */
export function entityLoaders(ctx: Context): EntityLoaders {
  let loaders = perRequest.get(ctx);
  if (!loaders) perRequest.set(ctx, (loaders = loadersFor(ctx.prisma)));
  return loaders;
}
