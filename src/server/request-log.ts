import type { ApolloServerPlugin } from '@apollo/server';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Context } from '../context.js';
import { ErrorCode } from '../errors.js';

/** What one request's log line says. Never variables, results or any personal value. */
interface Entry {
  operation?: string | undefined;
  errorCodes: Set<string>;
}

/**
 * One pino line per GraphQL request, written when the response is finished: request id,
 * principal kind and name, section, purpose, operation name, duration, HTTP status and the
 * error codes answered.
 */
export class RequestLog {
  // Apollo hands plugins a shallow copy of the context, so entries are keyed by the request's
  // own AuditTrail object, which the copy shares.
  private readonly entries = new WeakMap<object, Entry>();

  constructor(private readonly log: Logger) {}

  private entry(context: Context): Entry {
    let entry = this.entries.get(context.audit);
    if (!entry) this.entries.set(context.audit, (entry = { errorCodes: new Set() }));
    return entry;
  }

  plugin(): ApolloServerPlugin<Context> {
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ contextValue, operationName, operation }) => {
          this.entry(contextValue).operation = operationName ?? operation?.name?.value;
        },
        didEncounterErrors: async ({ contextValue, errors }) => {
          const entry = this.entry(contextValue);
          for (const error of errors) {
            const code = error.extensions?.code;
            entry.errorCodes.add(typeof code === 'string' ? code : ErrorCode.INTERNAL_SERVER_ERROR);
          }
        },
      }),
    };
  }

  /** Writes the line once `res` is finished; `context()` is the request's context if one was built. */
  track(res: ServerResponse, requestId: string, context: () => Context | undefined) {
    const started = performance.now();
    res.once('finish', () => {
      const ctx = context();
      const entry = ctx ? this.entries.get(ctx.audit) : undefined;
      const status = res.statusCode;
      this.log.info(
        {
          requestId,
          principal: ctx ? { kind: ctx.principal.kind, name: ctx.principal.name } : null,
          section: ctx?.principal.section.code ?? null,
          purpose: ctx?.purpose ?? null,
          operation: entry?.operation ?? null,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          status,
          outcome: status < 400 && !entry?.errorCodes.size ? 'ok' : 'error',
          errorCodes: entry ? [...entry.errorCodes] : [],
        },
        'graphql request',
      );
    });
  }
}
