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
export async function checkFilter(ctx: Context, inputType: string, filter: object | null | undefined): Promise<Revealed[]> {
  if (!filter) return [];
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
export function recordFilterRead(ctx: Context, revealed: Revealed[], residentIds: Iterable<number> = []): void {
  const ids = [...residentIds];
  for (const [typeName, fieldName] of revealed) {
    if (ids.length === 0) ctx.audit.touch(typeName, fieldName);
    for (const id of ids) ctx.audit.touch(typeName, fieldName, id);
  }
}
