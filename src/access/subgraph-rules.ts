import type { GraphQLResolveInfo } from 'graphql';
import { allow, type IRule, rule } from 'graphql-shield';
import type { Context } from '../context.js';
import { forbidden } from './access.js';
import { rootRules } from './root-rules.js';
import { authenticated, type RuleFieldMap } from './rules.js';

/**
 * The rules of the root fields the federation subgraph adds to the schema of /graphql
 * (src/modules/federation/schema.ts). A test fails when a root field of the subgraph has no rule.
 *
 * - `_service { sdl }` prints the schema: any authenticated principal, as `__schema` is; in
 *   production the introspection plugin narrows both to the admin section (src/server/production.ts).
 * - `_entities` is a read of each entity by another route: a reference of type T passes the rule
 *   of the root field that reads T by ID (`Resident` → `resident`), so tightening that rule
 *   tightens `_entities` with it. A type that is not an entity of this subgraph is refused rather
 *   than echoed back. Jurisdiction and field policies are not rules: the loaders read through the
 *   request's scoped client (row-level security) and every field keeps its guard.
 */
export const entityRoots: Readonly<Record<string, keyof typeof rootRules.Query>> = {
  Resident: 'resident',
  Household: 'household',
  Community: 'community',
};

/** What shield hands its own rules; a root rule is evaluated here outside of shield's walk. */
const nested: Parameters<IRule['resolve']>[4] = {
  debug: false,
  allowExternalErrors: true,
  fallbackRule: allow,
  hashFunction: (value: unknown) => JSON.stringify(value),
};

type Representations = { representations?: ReadonlyArray<{ __typename?: unknown }> };

/**
 * An authenticated principal, and each entity type among the representations passes the rule of
 * its root field (an empty list needs the first only).
 */
export const readsEachEntityType = rule('readsEachEntityType', { cache: 'strict' })(async (
  parent: object,
  args: Representations,
  ctx: Context,
  info: GraphQLResolveInfo,
) => {
  const decide = (ruled: IRule) => ruled.resolve(parent, args, ctx as never, info, nested);
  const signedIn = await decide(authenticated);
  if (signedIn !== true) return signedIn;
  const types = new Set((args.representations ?? []).map((r) => r.__typename));
  for (const type of types) {
    const root = typeof type === 'string' ? entityRoots[type] : undefined;
    if (!root) return forbidden(`${String(type)} is not an entity of this subgraph`);
    const decided = await decide(rootRules.Query[root]!);
    if (decided !== true)
      return decided instanceof Error ? decided : forbidden(`reading ${type} is not allowed`);
  }
  return true;
});

export const subgraphRules: { Query: RuleFieldMap } = {
  Query: {
    _service: authenticated,
    _entities: readsEachEntityType,
  },
};
