import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context.js';
import { usePrimary } from '../db/replicas.js';

/**
 * With read replicas (DATABASE_REPLICA_URLS), a mutation runs wholly on the primary: the reads it
 * makes before writing (a row's version, an attestation limit's count, whether a household
 * exists) decide what it writes, and a replica may lag behind. Queries read from a replica.
 */
export function primaryForMutations(): ApolloServerPlugin<Context> {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ operation }) => {
        if (operation?.operation === 'mutation') usePrimary();
      },
    }),
  };
}
