import type { PrismaClient } from '../db/client.js';

/** Models whose rows belong to a community, and how a row names its community. */
const scoped = {
  community: (ids: number[]) => ({ id: { in: ids } }),
  household: (ids: number[]) => ({ communityId: { in: ids } }),
  resident: (ids: number[]) => ({ communityId: { in: ids } }),
  serviceRecord: (ids: number[]) => ({ communityId: { in: ids } }),
  hotlineCase: (ids: number[]) => ({ communityId: { in: ids } }),
  residentTag: (ids: number[]) => ({ resident: { communityId: { in: ids } } }),
} as const;

export type ScopedModel = keyof typeof scoped;

/** The row filter of a jurisdiction for one model; `{}` for the whole district. */
export function scopeWhere(model: ScopedModel, communityIds: number[] | null): Record<string, unknown> {
  return communityIds === null ? {} : scoped[model](communityIds);
}

const filtered = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
  'update',
  'updateMany',
  'delete',
  'deleteMany',
]);

/**
 * Row scoping in one place: a Prisma client whose every read and write on a scoped model is
 * AND-ed with the jurisdiction filter. Rows outside the jurisdiction then behave exactly like rows
 * that do not exist — same query, same answer (null, empty, zero, "record not found").
 * Relations loaded inside one query follow invariants (a member lives in its household's
 * community); list relations that may cross communities add `scopeWhere` in their Pothos query.
 */
export function scopedPrisma(prisma: PrismaClient, communityIds: number[] | null): PrismaClient {
  if (communityIds === null) return prisma;
  const query = Object.fromEntries(
    Object.keys(scoped).map((model) => [
      model,
      {
        $allOperations({ operation, args, query }: { operation: string; args: { where?: object }; query: (args: unknown) => Promise<unknown> }) {
          if (!filtered.has(operation)) return query(args);
          const scope = scopeWhere(model as ScopedModel, communityIds);
          const where = args.where ?? {};
          const and = 'AND' in where ? [(where as { AND: unknown }).AND].flat() : [];
          return query({ ...args, where: { ...where, AND: [...and, scope] } });
        },
      },
    ]),
  );
  // The extension only narrows `where`; the client keeps its type.
  return prisma.$extends({ query: query as never }) as unknown as PrismaClient;
}
