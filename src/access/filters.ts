import type { Context } from '../context.js';
import { tagGrantType } from './fields.js';
import { filterDeclarations } from './policy.js';

/** A personal field a filter used: `[type, field]`, or `['Tag', code]` for a sensitive tag. */
export type Revealed = [string, string];

/**
 * A filter is a read. Each argument of a `filtersPeople` input type declares what it reveals
 * (src/access/policy.ts); a given one needs what reading that field in full needs — a purpose,
 * the field among the task's fields, a FULL grant (a sensitive tag: MASKED) — or the request is
 * refused (PURPOSE_REQUIRED, FORBIDDEN) before anything is read. Returns what was revealed, for
 * `recordFilterRead` once the matching rows are known.
 */
export function checkFilter(
  ctx: Context,
  inputType: string,
  filter: object | null | undefined,
): Promise<Revealed[]> {
  if (!filter) return Promise.resolve([]);
  // A page and its totalCount share the request's filter object: it is checked once.
  let checked = checks.get(filter);
  if (!checked) checks.set(filter, (checked = check(ctx, inputType, filter)));
  return checked;
}

const checks = new WeakMap<object, Promise<Revealed[]>>();

async function check(ctx: Context, inputType: string, filter: object): Promise<Revealed[]> {
  const revealed: Revealed[] = [];
  for (const declared of filterDeclarations(inputType)) {
    const value = (filter as Record<string, unknown>)[declared.fieldName];
    if (value === null || value === undefined || !declared.reveals) continue;
    const usedAs = `filter.${declared.fieldName}`;
    if (declared.reveals === tagGrantType) {
      const code = String(value);
      const tag = await ctx.prisma.tag.findUnique({ where: { code }, select: { sensitive: true } });
      if (!tag?.sensitive) continue;
      await ctx.access.require(tagGrantType, code, 'MASKED', usedAs);
      revealed.push([tagGrantType, code]);
      continue;
    }
    const [typeName, fieldName] = declared.reveals.split('.') as [string, string];
    await ctx.access.require(typeName, fieldName, 'FULL', usedAs);
    revealed.push([typeName, fieldName]);
  }
  return revealed;
}

/**
 * Records a filter's use in the request's audit event with the residents it matched (the rows
 * returned), so it shows in each of those residents' access log even when nothing personal was
 * selected. A count records the fields alone: it names no one.
 */
export function recordFilterRead(
  ctx: Context,
  revealed: Revealed[],
  residentIds: readonly number[] = [],
): void {
  for (const [typeName, fieldName] of revealed)
    ctx.audit.touchAll(typeName, fieldName, residentIds);
}
