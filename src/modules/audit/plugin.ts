import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import type { Context } from '../../context.js';
import { ErrorCode } from '../../errors.js';
import type { AuditOutcome } from '../../generated/prisma/enums.js';
import { logger } from '../../logger.js';
import { principalLabel } from '../../access/principal.js';
import { type AuditEventInput, appendAuditEvent } from './chain.js';
import { operationHash } from './key.js';

export { operationHash };

/** Error codes that mean "refused", as opposed to "failed". */
const refusals = new Set<unknown>([
  ErrorCode.FORBIDDEN,
  ErrorCode.PURPOSE_REQUIRED,
  ErrorCode.PURPOSE_NOT_ALLOWED,
  ErrorCode.NOT_FOUND,
]);
/** Refusals that are worth an event even when no personal field was reached. */
const accessRefusals = new Set<unknown>([
  ErrorCode.FORBIDDEN,
  ErrorCode.PURPOSE_REQUIRED,
  ErrorCode.PURPOSE_NOT_ALLOWED,
]);

type Result = Pick<FormattedExecutionResult, 'data' | 'errors'>;

const codes = (result: Result) => (result.errors ?? []).map((error) => error.extensions?.code);

function hasData(result: Result): boolean {
  return result.data != null && Object.values(result.data).some((value) => value != null);
}

/**
 * OK without errors; PARTIAL when some data came back with errors; DENIED when nothing came back
 * and every error is a refusal (FORBIDDEN, PURPOSE_*, NOT_FOUND); ERROR otherwise.
 */
export function auditOutcome(result: Result): AuditOutcome {
  const errorCodes = codes(result);
  if (errorCodes.length === 0) return 'OK';
  if (hasData(result)) return 'PARTIAL';
  return errorCodes.every((code) => refusals.has(code)) ? 'DENIED' : 'ERROR';
}

/** The audit event of a request: who, for which purpose, and what its AuditTrail collected. */
export function auditEventOf(
  ctx: Context,
  operationName: string | null,
  hash: string,
  outcome: AuditOutcome,
): AuditEventInput {
  return {
    principal: principalLabel(ctx.principal),
    sectionCode: ctx.principal.section.code,
    purpose: ctx.purpose,
    operationName,
    operationHash: hash,
    fields: [...ctx.audit.fields],
    residentIds: [...ctx.audit.residents],
    outcome,
  };
}

export interface AuditPluginOptions {
  /**
   * When appending the event fails for a query that read personal data, replace the answer with
   * INTERNAL_SERVER_ERROR instead of handing out data nobody can account for (default true).
   * Mutations are always answered: their write is committed, and hiding its result would only
   * invite a retry that writes twice. Every failed append is logged at error level.
   */
  withholdUnaudited?: boolean;
}

/**
 * Appends one AuditEvent per request that read personal data (the request's AuditTrail is
 * non-empty), per mutation (every write of the hub is about residents or permissions; its
 * resolver adds the written fields to the trail), and per request refused for access reasons
 * (FORBIDDEN, PURPOSE_REQUIRED, PURPOSE_NOT_ALLOWED), including refusals before execution.
 * The append runs in `willSendResponse`, which Apollo awaits before the answer leaves: an
 * event is committed before the data it records reaches the client.
 */
export function auditPlugin(options: AuditPluginOptions = {}): ApolloServerPlugin<Context> {
  const withhold = options.withholdUnaudited ?? true;
  return {
    async requestDidStart() {
      return {
        async willSendResponse(request) {
          const { contextValue: ctx, response } = request;
          if (ctx.audit.recorded) return;
          const result: Result =
            response.body.kind === 'single'
              ? response.body.singleResult
              : response.body.initialResult;
          const touched = ctx.audit.touched;
          const mutation = request.operation?.operation === 'mutation';
          if (!touched && !mutation && !codes(result).some((code) => accessRefusals.has(code)))
            return;
          try {
            await appendAuditEvent(
              ctx.unscoped,
              auditEventOf(
                ctx,
                request.operationName ?? null,
                await operationHash(request.source),
                auditOutcome(result),
              ),
            );
          } catch (error) {
            const withheld = withhold && touched && !mutation;
            logger.error(
              {
                err: describe(error),
                requestId: ctx.requestId,
                operationName: request.operationName,
                withheld,
              },
              'audit event could not be appended',
            );
            if (withheld) withholdAnswer(request);
          }
        },
      };
    },
  };
}

function withholdAnswer(request: GraphQLRequestContextWillSendResponse<Context>) {
  const message = 'Internal server error';
  request.response.body = {
    kind: 'single',
    singleResult: { errors: [{ message, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] },
  };
  request.response.http.status = 500;
}

/** Error name and driver code only: a database message could quote the values (resident ids). */
function describe(error: unknown) {
  if (!(error instanceof Error)) return { name: typeof error };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, code: typeof code === 'string' ? code : undefined };
}
