import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context.js';
import { afterHeader, positionAfterWrites } from '../db/read-after.js';
import { usePrimary } from '../db/replicas.js';

/**
 * With read replicas (DATABASE_REPLICA_URLS), a mutation runs wholly on the primary: the reads it
 * makes before writing (a row's version, an attestation limit's count, whether a household
 * exists) decide what it writes, and a replica may lag behind. Queries read from a replica.
 *
 * A request that wrote answers with the primary's WAL position after its writes in
 * X-OneTable-After (src/db/read-after.ts): sent back, it keeps the client's next reads, on any
 * process, from a replica that has not replayed them yet.
 */
export function primaryForMutations(): ApolloServerPlugin<Context> {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ operation }) => {
        if (operation?.operation === 'mutation') usePrimary();
      },
      willSendResponse: async ({ response }) => {
        const position = await positionAfterWrites();
        if (position) response.http.headers.set(afterHeader, position);
      },
    }),
  };
}
