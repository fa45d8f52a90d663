import type { ApolloServerPlugin } from '@apollo/server';
import {
  getVariableValues,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Context } from '../context.js';
import { logger } from '../logger.js';
import { executePlan } from './execute.js';
import { useClientModel } from './model.js';
import { planOperation, type OperationPlan } from './operation.js';
import { Unsupported } from './select.js';
import { documentOperationHash, type KnownOperation } from '../server/trusted-operations.js';
import { compiledPlans } from '../telemetry/metrics.js';
import { readsFromReplicas } from '../db/client.js';
import { auditEventOf, operationHash } from '../modules/audit/plugin.js';

/** How many plans (and "not compilable" verdicts) a server keeps, by document hash. */
const maxPlans = 1000;

/** ONETABLE_COMPILED_READS: `off` answers every operation through graphql-js. */
export function compiledReadsFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.ONETABLE_COMPILED_READS ?? 'on') !== 'off';
}

/**
 * ONETABLE_AUDIT_IN_READ: `on` has a compiled read insert its audit event in its own statement;
 * default `off`, the event appended apart by group commit as every other request's (measured
 * faster: bench/results/2026-11-30-fold-quick.md).
 */
export function auditInReadFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.ONETABLE_AUDIT_IN_READ ?? 'off') === 'on';
}

export interface CompiledReadsOptions {
  enabled?: boolean;
  /** The client whose data model plans are made from (any client of the hub's schema). */
  prisma?: unknown;
  /** Planned at start (the SDK's operations of schema/operations/), shared by any formatting of them. */
  operations?: readonly KnownOperation[];
  /**
   * The server appends audit events (the audit plugin is installed): a compiled read inserts its
   * event in its own statement (src/compiled/audit.ts). Not with read replicas, whose reads
   * cannot write: there the audit plugin appends it, as for every other request.
   */
  auditInRead?: boolean;
}

type Plans = Map<string, OperationPlan | null>;

/**
 * The compiled read path, inside Apollo: after parsing, validation, the limits and the purpose
 * check (all Apollo's and the hub's plugins as before), `responseForOperation` answers a query
 * the compiler supports from one SQL statement; anything else returns null and graphql-js runs
 * it as always. The audit plugin appends the same event either way (the plan records its reads
 * in the request's trail as the field guards do).
 *
 * Plans are kept per schema by document text (Apollo's queryHash). The operations of
 * schema/operations/ are planned when the server starts, by their formatting-free hash
 * (src/server/trusted-operations.ts), so a client's first request of one finds its plan; any
 * other document is planned on first use.
 */
export function compiledReadsPlugin(
  options: CompiledReadsOptions = {},
): ApolloServerPlugin<Context> {
  const enabled = options.enabled ?? compiledReadsFromEnv();
  const auditInRead = (options.auditInRead ?? false) && !readsFromReplicas(options.prisma);
  // Per schema: one plugin serves both /graphql and the federation subgraph.
  const bySchema = new WeakMap<GraphQLSchema, { byText: Plans; known: Plans }>();
  const plansOf = (schema: GraphQLSchema) => {
    let plans = bySchema.get(schema);
    if (!plans) bySchema.set(schema, (plans = { byText: new Map(), known: new Map() }));
    return plans;
  };
  const attempt = (make: () => OperationPlan): OperationPlan | null => {
    try {
      return make();
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      logger.debug({ reason: error.message }, 'operation not compiled');
      return null;
    }
  };
  const planFor = (
    schema: GraphQLSchema,
    key: string,
    document: DocumentNode,
    operation: OperationDefinitionNode,
  ): OperationPlan | null => {
    const { byText, known } = plansOf(schema);
    if (byText.has(key)) return byText.get(key)!;
    const hash = known.size > 0 ? documentOperationHash(document, operation) : '';
    let plan: OperationPlan | null;
    if (known.has(hash)) plan = known.get(hash)!;
    else {
      plan = attempt(() => planOperation(schema, document, operation));
      compiledPlans.inc({ when: 'first_use', compiled: String(plan !== null) });
    }
    if (byText.size >= maxPlans) byText.delete(byText.keys().next().value!);
    byText.set(key, plan);
    return plan;
  };
  return {
    async serverWillStart({ schema }) {
      if (!enabled || !options.operations || !options.prisma) return;
      useClientModel(options.prisma);
      const { known } = plansOf(schema);
      for (const op of options.operations) {
        if (op.operation.operation !== 'query') continue;
        const plan = attempt(() => planOperation(schema, op.document, op.operation));
        known.set(op.hash, plan);
        compiledPlans.inc({ when: 'start', compiled: String(plan !== null) });
      }
    },
    async requestDidStart() {
      if (!enabled) return {};
      return {
        async responseForOperation(request) {
          const { document, operation, schema, contextValue: ctx } = request;
          // No operation (two in the document and no name): graphql-js says so in its own words.
          if (!operation || operation.operation !== 'query') return null;
          useClientModel(ctx.prisma);
          const key = `${request.queryHash}:${request.operationName ?? ''}`;
          const plan = planFor(schema, key, document, operation);
          if (!plan) return null;
          const coerced = getVariableValues(
            schema,
            operation.variableDefinitions ?? [],
            request.request.variables ?? {},
          );
          if (coerced.errors) return null;
          try {
            const event = auditInRead
              ? auditEventOf(
                  ctx,
                  request.operationName ?? null,
                  await operationHash(request.source),
                  'OK',
                )
              : undefined;
            const data = await executePlan(plan, ctx, coerced.coerced, event);
            if (!data) return null;
            // Which path answered, for diagnostics and the differential test (no personal data).
            request.response.http.headers.set('x-onetable-read-path', 'compiled');
            return {
              http: request.response.http,
              body: { kind: 'single', singleResult: { data } },
            };
          } catch (error) {
            // Not compilable after all (a value the plan cannot show), or an error graphql-js
            // should raise in its own words: the operation runs there.
            if (!(error instanceof Unsupported))
              logger.debug({ err: (error as Error).name }, 'compiled read fell back');
            return null;
          }
        },
      };
    },
  };
}
