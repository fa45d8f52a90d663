import type { GraphQLResolveInfo } from 'graphql';
import { type IRule, rule } from 'graphql-shield';

export type RuleFieldMap = Record<string, IRule>;
import type { Context } from '../context.js';
import { forbidden } from './access.js';

/**
 * graphql-shield rules. Every root field and every personal field has exactly one; the grant
 * table is the only source of truth for personal fields. `contextual` caching decides each
 * rule once per request, not once per row.
 */

/** Any authenticated principal (a request without credentials never reaches execution). */
export const authenticated = rule('authenticated', { cache: 'contextual' })(
  (_p: unknown, _a: unknown, ctx: Context) => ctx.principal !== undefined,
);

/** Committees and street offices record residents, households and services. */
export const records = rule('records', { cache: 'contextual' })(
  (_p: unknown, _a: unknown, ctx: Context) =>
    ctx.principal.section.level === 'DISTRICT'
      ? forbidden('only committees and street offices record residents')
      : true,
);

/** Committees and street offices import ledgers, and keep the mappings of their headings. */
export const importsLedgers = rule('importsLedgers', { cache: 'contextual' })(
  (_p: unknown, _a: unknown, ctx: Context) =>
    ctx.principal.section.level === 'DISTRICT'
      ? forbidden('only committees and street offices import ledgers')
      : true,
);

/** The district's data administrator (the admin section) enters the burden dashboard's baseline. */
export const entersBaseline = rule('entersBaseline', { cache: 'contextual' })(
  (_p: unknown, _a: unknown, ctx: Context) =>
    ctx.principal.section.code === 'admin'
      ? true
      : forbidden("only the district's admin section enters the burden baseline"),
);

/** A tag is set by a recorder or by the section that maintains it. */
export const tagsResidents = rule('tagsResidents', { cache: 'strict' })(async (
  _p: unknown,
  args: { tag?: string },
  ctx: Context,
) => {
  if (ctx.principal.section.level !== 'DISTRICT') return true;
  const tag = args.tag
    ? await ctx.unscoped.tag.findUnique({ where: { code: args.tag }, select: { sectionId: true } })
    : null;
  return tag?.sectionId === ctx.principal.section.id
    ? true
    : forbidden('only committees, street offices and the maintaining section set this tag');
});

/** The district data administrator manages grants, sections and keys. */
export const administers = rule('administers', { cache: 'contextual' })(
  (_p: unknown, _a: unknown, ctx: Context) =>
    ctx.principal.section.code === 'admin'
      ? true
      : forbidden('only the admin section manages grants'),
);

/** The auditor (and the administrator) read the audit trail. */
export const audits = rule('audits', { cache: 'contextual' })(
  (_p: unknown, _a: unknown, ctx: Context) =>
    ['auditor', 'admin'].includes(ctx.principal.section.code)
      ? true
      : forbidden('only the auditor reads the audit trail'),
);

/**
 * Reading a personal field: a purpose, the field among the purpose's task fields, and at least
 * MASKED on it (AGGREGATE is for reports only).
 * Not cached by shield: the field guard decides it once per request and field (field-guard.ts).
 */
export function grantRule(typeName: string, fieldName: string): IRule {
  return rule(`grant:${typeName}.${fieldName}`, { cache: 'no_cache' })(
    async (_p: unknown, _a: unknown, ctx: Context, _info: GraphQLResolveInfo) =>
      (await ctx.access.refusal(
        typeName,
        fieldName,
        'MASKED',
        `reading ${typeName}.${fieldName}`,
      )) ?? true,
  );
}
