import type { ApolloServerPlugin } from '@apollo/server';
import { getVariableValues, type GraphQLSchema } from 'graphql';
import type { Context } from '../context.js';
import { logger } from '../logger.js';
import { executePlan } from './execute.js';
import { useClientModel } from './model.js';
import { planOperation, type OperationPlan } from './operation.js';
import { Unsupported } from './select.js';

/** How many plans (and "not compilable" verdicts) a server keeps, by document hash. */
const maxPlans = 1000;

/** ONETABLE_COMPILED_READS: `off` answers every operation through graphql-js. */
export function compiledReadsFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.ONETABLE_COMPILED_READS ?? 'on') !== 'off';
}

/**
 * The compiled read path, inside Apollo: after parsing, validation, the limits and the purpose
 * check (all Apollo's and the hub's plugins as before), `responseForOperation` answers a query
 * the compiler supports from one SQL statement; anything else returns null and graphql-js runs
 * it as always. The audit plugin appends the same event either way (the plan records its reads
 * in the request's trail as the field guards do).
 */
export function compiledReadsPlugin(enabled = compiledReadsFromEnv()): ApolloServerPlugin<Context> {
  // Per schema: one plugin serves both /graphql and the federation subgraph.
  const bySchema = new WeakMap<GraphQLSchema, Map<string, OperationPlan | null>>();
  const planFor = (
    schema: GraphQLSchema,
    key: string,
    make: () => OperationPlan,
  ): OperationPlan | null => {
    let plans = bySchema.get(schema);
    if (!plans) bySchema.set(schema, (plans = new Map()));
    if (plans.has(key)) return plans.get(key)!;
    let plan: OperationPlan | null;
    try {
      plan = make();
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      logger.debug({ reason: error.message }, 'operation not compiled');
      plan = null;
    }
    if (plans.size >= maxPlans) plans.delete(plans.keys().next().value!);
    plans.set(key, plan);
    return plan;
  };
  return {
    async requestDidStart() {
      if (!enabled) return {};
      return {
        async responseForOperation(request) {
          const { document, operation, schema, contextValue: ctx } = request;
          // No operation (two in the document and no name): graphql-js says so in its own words.
          if (!operation || operation.operation !== 'query') return null;
          useClientModel(ctx.prisma);
          const plan = planFor(schema, `${request.queryHash}:${request.operationName ?? ''}`, () =>
            planOperation(schema, document, operation),
          );
          if (!plan) return null;
          const coerced = getVariableValues(
            schema,
            operation.variableDefinitions ?? [],
            request.request.variables ?? {},
          );
          if (coerced.errors) return null;
          try {
            const data = await executePlan(plan, ctx, coerced.coerced);
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
