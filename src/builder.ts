import SchemaBuilder from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { fieldPolicyPlugin } from './access/policy-plugin.js';
import type { Context } from './context.js';
import { contractDocsPlugin, relayDocs } from './modules/common/docs.js';
import type PrismaTypes from './generated/pothos-types.js';
import { getDatamodel } from './generated/pothos-types.js';

/**
 * The one SchemaBuilder. It defines no GraphQL types itself: each domain module under
 * `src/modules/` adds its own, and `schema.ts` assembles them.
 */
/** Page sizes of every connection (first/last): Pothos' and the compiled read path's. */
export const connectionSizes = { defaultSize: 20, maxSize: 100 } as const;

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  Scalars: {
    ID: { Input: string; Output: string | number };
    Date: { Input: Date; Output: Date };
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
}>({
  // Federation comes after the field policy plugin, whose guards wrap the resolvers it exposes.
  plugins: [
    DirectivePlugin,
    RelayPlugin,
    PrismaPlugin,
    contractDocsPlugin,
    fieldPolicyPlugin,
    FederationPlugin,
  ],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesQueryOptions: false,
    ...relayDocs,
  },
  prisma: {
    // Each request brings its own client (row scoping hooks in here).
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: true,
    filterConnectionTotalCount: true,
    maxConnectionSize: connectionSizes.maxSize,
    defaultConnectionSize: connectionSizes.defaultSize,
    onUnusedQuery: null,
  },
});

builder.queryType({ description: 'Read access to the hub' });
builder.mutationType({ description: 'Changes recorded once, at the source' });
