import type { Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { withPermissions } from '../access/middleware.js';
import { purposePlugin } from '../access/purpose.js';
import { auditPlugin } from '../modules/audit/plugin.js';
import type { Context } from '../context.js';
import { subgraphSchema } from '../modules/federation/schema.js';
import { schema } from '../schema.js';
import { formatError } from './errors.js';
import { inputGuardPlugin, limitRule, type QueryLimits } from './limits.js';
import type { ServerMode } from './production.js';

const permittedSchema = withPermissions(schema);

/**
 * An Apollo server of the hub: the permitted schema (`graphql`) or the federation subgraph's
 * (`subgraph`), the query limits, and the plugins every request passes.
 */
export function createApollo(
  kind: 'graphql' | 'subgraph',
  http: Server,
  limits: QueryLimits,
  mode: ServerMode,
  plugins: ApolloServerPlugin<Context>[],
): ApolloServer<Context> {
  return new ApolloServer<Context>({
    schema: kind === 'graphql' ? permittedSchema : subgraphSchema(),
    formatError,
    includeStacktraceInErrorResponses: false,
    // Introspection is open in development; in production introspectionPlugin keeps it to the
    // admin section, and validation errors stop suggesting field names ("Did you mean …").
    introspection: true,
    hideSchemaDetailsFromClientErrors: mode.production,
    // The CLI owns SIGTERM: it drains this server, then closes the database, then exits.
    stopOnTerminationSignals: false,
    // Checked before anything runs: too many tokens fails parsing, the rest fail validation (HTTP 400).
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [limitRule(limits)],
    // A JSON array body (a batch) is refused with 400; this is Apollo's default, stated here on purpose.
    allowBatchedHttpRequests: false,
    plugins: [
      // Apollo would add inline traces (ftv1) for a gateway that asks: timings and error messages
      // of every field, which are not the gateway's to have. Off. The graphql server drains HTTP.
      kind === 'graphql'
        ? ApolloServerPluginDrainHttpServer({ httpServer: http })
        : ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      inputGuardPlugin(limits),
      purposePlugin(),
      auditPlugin(),
      ...plugins,
    ],
  });
}
