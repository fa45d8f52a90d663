import type { ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context.js';
import { graphqlDuration, graphqlRequests } from './metrics.js';
import { annotate } from './tracing.js';

/** The outcome code of a response that never reached Apollo's plugins (refused before it ran). */
function codeOfStatus(status: number): string {
  if (status < 400) return 'OK';
  return (
    {
      400: 'BAD_REQUEST',
      401: 'UNAUTHENTICATED',
      403: 'FORBIDDEN',
      413: 'PAYLOAD_TOO_LARGE',
      429: 'RATE_LIMITED',
      503: 'SERVICE_UNAVAILABLE',
    }[status] ?? `HTTP_${status}`
  );
}

/** A label value from a closed set: a code as the hub writes them, else OTHER. */
const codePattern = /^[A-Z][A-Z_]{0,39}$/;

/**
 * Counts GraphQL requests by operation and outcome code, and their latency. An operation is
 * labelled by name only when the name is one of schema/operations/ (the SDK's): any other
 * client-chosen name is "other", so no label carries text a client made up.
 */
export class GraphQLMetrics {
  private readonly seen = new WeakMap<object, { operation?: string; code?: string }>();

  constructor(private readonly knownOperations: ReadonlySet<string>) {}

  private entry(context: Context) {
    let entry = this.seen.get(context.audit);
    if (!entry) this.seen.set(context.audit, (entry = {}));
    return entry;
  }

  plugin(): ApolloServerPlugin<Context> {
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ contextValue, operationName, operation }) => {
          const name = operationName ?? operation?.name?.value;
          const label = !name ? 'anonymous' : this.knownOperations.has(name) ? name : 'other';
          this.entry(contextValue).operation = label;
          annotate('graphql.operation.name', label);
        },
        didEncounterErrors: async ({ contextValue, errors }) => {
          const entry = this.entry(contextValue);
          const code = errors[0]?.extensions?.code;
          entry.code ??= typeof code === 'string' && codePattern.test(code) ? code : 'OTHER';
        },
      }),
    };
  }

  /** Records the request when `res` is finished; `context()` is its context if one was built. */
  track(res: ServerResponse, context: () => Context | undefined) {
    const stop = graphqlDuration.startTimer();
    res.once('finish', () => {
      const ctx = context();
      const entry = ctx ? this.seen.get(ctx.audit) : undefined;
      const operation = entry?.operation ?? 'unknown';
      stop({ operation });
      graphqlRequests.inc({ operation, code: entry?.code ?? codeOfStatus(res.statusCode) });
    });
  }
}
