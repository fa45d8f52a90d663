import type { GraphQLResolveInfo } from 'graphql';
import type { IRule } from 'graphql-shield';
import type { Context } from '../context.js';
import type { AccessLevel } from '../generated/prisma/enums.js';
import { forbidden } from './access.js';
import { maskOf, subjectsOf } from './policy.js';

type Resolve = (
  parent: Record<string, unknown>,
  args: unknown,
  ctx: Context,
  info: GraphQLResolveInfo,
) => unknown;
type Decision = { level: AccessLevel } | Error;

/** Shield's rule options as the guard evaluates rules: errors are the rules' own. */
const ruleOptions = {
  debug: false,
  allowExternalErrors: true,
  fallbackRule: undefined as never,
  hashFunction: () => '',
};

const decisions = new WeakMap<Context, Map<string, Decision | Promise<Decision>>>();
const guards = new Map<string, { decide: (ctx: Context) => Promise<Decision> }>();

function requestDecisions(ctx: Context) {
  let perRequest = decisions.get(ctx);
  if (!perRequest) decisions.set(ctx, (perRequest = new Map()));
  return perRequest;
}

/**
 * Decides, before execution, the personal fields an operation selects (found statically), so that
 * every row then resolves synchronously instead of waiting on a per-request promise.
 */
export async function decideFields(ctx: Context, fields: Iterable<string>): Promise<void> {
  const perRequest = requestDecisions(ctx);
  await Promise.all(
    [...fields].map(async (key) => {
      const guard = guards.get(key);
      if (guard && !perRequest.has(key)) perRequest.set(key, await guard.decide(ctx));
    }),
  );
}

/**
 * Guards one personal field: its shield rule is decided once per request (not once per row),
 * then every row is resolved, recorded for the audit and masked synchronously. Measured: this
 * keeps the permission cost of a 50-resident page small (see bench/permissions.ts).
 */
export function fieldGuard(typeName: string, fieldName: string, rule: IRule) {
  const key = `${typeName}.${fieldName}`;
  let mask: ((value: unknown) => unknown) | undefined;

  // The grant rules look at the context only, so one decision serves every row of the request.
  async function decide(ctx: Context): Promise<Decision> {
    const verdict = await rule.resolve({}, {}, ctx as never, undefined as never, ruleOptions);
    if (verdict !== true)
      return verdict instanceof Error ? verdict : forbidden(`no grant to read ${key}`);
    return { level: await ctx.access.level(typeName, fieldName) };
  }

  guards.set(key, { decide });

  function finish(
    decision: Decision,
    resolve: Resolve,
    parent: Record<string, unknown>,
    args: unknown,
    ctx: Context,
    info: GraphQLResolveInfo,
  ) {
    if (decision instanceof Error) throw decision;
    ctx.audit.touchAll(typeName, fieldName, subjectsOf(typeName, fieldName, parent));
    const value = resolve(parent, args, ctx, info);
    if (decision.level === 'FULL') return value;
    mask ??= maskOf(typeName, fieldName);
    const masked = mask;
    return value instanceof Promise
      ? value.then((v) => (v == null ? v : masked(v)))
      : value == null
        ? value
        : masked(value);
  }

  return (
    resolve: Resolve,
    parent: Record<string, unknown>,
    args: object,
    ctx: Context,
    info: GraphQLResolveInfo,
  ) => {
    const perRequest = requestDecisions(ctx);
    const known = perRequest.get(key);
    if (known === undefined) {
      const pending = decide(ctx);
      perRequest.set(key, pending);
      return pending.then(
        (d) => (perRequest.set(key, d), finish(d, resolve, parent, args, ctx, info)),
      );
    }
    if (known instanceof Promise)
      return known.then((d) => finish(d, resolve, parent, args, ctx, info));
    return finish(known, resolve, parent, args, ctx, info);
  };
}

/**
 * The request's decisions on `fields` (`Type.field`), deciding those not decided yet: an access
 * level, or the refusal the field would raise. For the compiled read path, which answers only
 * when every decision is a level and leaves refusals to graphql-js (one source of errors).
 */
export async function decisionsOf(
  ctx: Context,
  fields: Iterable<string>,
): Promise<Map<string, AccessLevel | Error>> {
  const keys = [...fields];
  await decideFields(ctx, keys);
  const perRequest = requestDecisions(ctx);
  const out = new Map<string, AccessLevel | Error>();
  for (const key of keys) {
    const decision = await perRequest.get(key);
    out.set(
      key,
      decision === undefined
        ? new Error(`no guard on ${key}`)
        : decision instanceof Error
          ? decision
          : decision.level,
    );
  }
  return out;
}

/** Whether a shield rule (a root field's, src/access/root-rules.ts) allows this request. */
export async function ruleAllows(rule: IRule, ctx: Context): Promise<boolean> {
  // What shield's middleware sets up on a request's first ruled field (its per-request cache).
  const shielded = ctx as Context & { _shield?: { cache: object } };
  shielded._shield ??= { cache: {} };
  return (await rule.resolve({}, {}, ctx as never, undefined as never, ruleOptions)) === true;
}
