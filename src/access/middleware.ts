import type { GraphQLSchema } from 'graphql';
import {
  applyMiddleware,
  type IMiddlewareFieldMap,
  type IMiddlewareTypeMap,
} from 'graphql-middleware';
import { shield } from 'graphql-shield';
import { AppError, ErrorCode } from '../errors.js';
import { rootRules } from './root-rules.js';
import type { RuleFieldMap } from './rules.js';

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
 * Puts graphql-shield's root rules on the schema (root fields only), with the rules of the root
 * fields another schema adds (the federation subgraph's, src/access/subgraph-rules.ts). Personal
 * fields carry their guard from their own declaration (src/access/policy-plugin.ts), so there is
 * nothing to add here.
 */
export function withPermissions(
  schema: GraphQLSchema,
  extra: { Query?: RuleFieldMap } = {},
): GraphQLSchema {
  const rules = { ...rootRules, Query: { ...rootRules.Query, ...extra.Query } };
  const permissions = shield(rules, {
    allowExternalErrors: true,
    fallbackError: () => new AppError(ErrorCode.FORBIDDEN, 'Not allowed'),
  });
  const rootMap = onlyRuled(permissions.generate(schema) as IMiddlewareTypeMap, rules);
  return applyMiddleware(schema, rootMap);
}
