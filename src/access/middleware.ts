import type { GraphQLSchema } from 'graphql';
import { applyMiddleware, type IMiddlewareFieldMap, type IMiddlewareTypeMap } from 'graphql-middleware';
import { shield } from 'graphql-shield';
import { AppError, ErrorCode } from '../errors.js';
import { fieldGuard } from './field-guard.js';
import { personalFields } from './fields.js';
import { grantRule } from './rules.js';
import { rootRules } from './root-rules.js';

/** Keeps only the fields that have a rule: shield would otherwise wrap every field of the schema. */
function onlyRuled(map: IMiddlewareTypeMap, ruled: Record<string, object>): IMiddlewareTypeMap {
  const pruned: IMiddlewareTypeMap = {};
  for (const [type, fields] of Object.entries(ruled)) {
    const generated = map[type] as IMiddlewareFieldMap | undefined;
    if (!generated) continue;
    const kept: IMiddlewareFieldMap = {};
    for (const field of Object.keys(fields)) if (generated[field]) kept[field] = generated[field];
    pruned[type] = kept;
  }
  return pruned;
}

/**
 * Puts the permission layer on the schema, and only where a decision is needed:
 * graphql-shield decides root fields; each personal field gets a guard that decides its grant
 * rule once per request and masks what a MASKED grant sees.
 */
export function withPermissions(schema: GraphQLSchema): GraphQLSchema {
  const permissions = shield(rootRules, {
    allowExternalErrors: true,
    fallbackError: () => new AppError(ErrorCode.FORBIDDEN, 'Not allowed'),
  });
  const rootMap = onlyRuled(permissions.generate(schema) as IMiddlewareTypeMap, rootRules);
  const guards: IMiddlewareTypeMap = Object.fromEntries(
    Object.entries(personalFields).map(([type, fields]) => [
      type,
      Object.fromEntries(Object.keys(fields).map((field) => [field, fieldGuard(type, field, grantRule(type, field))])),
    ]),
  );
  return applyMiddleware(schema, rootMap, guards);
}
