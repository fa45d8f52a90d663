import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, visit, type DocumentNode } from 'graphql';
import type { Context } from '../context.js';
import { AppError, ErrorCode } from '../errors.js';

/** How the server guards itself beyond the query limits. */
export interface ServerMode {
  /** Production: introspection for the admin section only; no schema hints in error messages. */
  production: boolean;
  /** Execute only the operations of `schema/operations/` (an allow list built at start). */
  trustedOperations: boolean;
}

const truthy = (value: string | undefined) =>
  value !== undefined && /^(1|true|yes|on)$/i.test(value);

export function serverModeFromEnv(env: NodeJS.ProcessEnv = process.env): ServerMode {
  return {
    production: env.NODE_ENV === 'production',
    trustedOperations: truthy(env.ONETABLE_TRUSTED_OPERATIONS),
  };
}

/** The section allowed to introspect the schema in production. */
export const introspectionSection = 'admin';

export function usesIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      // `_service { sdl }` of the federation subgraph prints the schema too.
      if (['__schema', '__type', '_service'].includes(node.name.value)) {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * Production: `__schema` and `__type` are answered for the admin section only; anyone else gets
 * FORBIDDEN (HTTP 403) before anything executes. `__typename` stays open to everyone.
 */
export function introspectionPlugin(): ApolloServerPlugin<Context> {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ document, contextValue }) => {
        if (
          contextValue.principal.section.code !== introspectionSection &&
          usesIntrospection(document)
        ) {
          throw new AppError(
            ErrorCode.FORBIDDEN,
            `Introspection is available to the ${introspectionSection} section only`,
            { http: { status: 403 } },
          );
        }
      },
    }),
  };
}
