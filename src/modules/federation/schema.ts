import type { GraphQLSchema } from 'graphql';
import { withPermissions } from '../../access/middleware.js';
import { subgraphRules } from '../../access/subgraph-rules.js';
import { builder } from '../../builder.js';
import '../../schema.js';

/** Where the server answers federation requests (a gateway's subgraph URL). */
export const subgraphPath = '/subgraph';

let built: GraphQLSchema | undefined;

/**
 * The federation subgraph: the schema of /graphql, with the same root rules and field guards,
 * plus `_entities` and `_service` (with rules of their own: src/access/subgraph-rules.ts) and
 * the `@key` of the entities declared in entities.ts. Built on first use (once per process) so
 * that processes that never serve it do not pay for it.
 */
export function subgraphSchema(): GraphQLSchema {
  built ??= withPermissions(
    builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' }),
    subgraphRules,
  );
  return built;
}
