import { principalLabel } from '../../access/principal.js';
import type { Context } from '../../context.js';
import { AppError, badInput, ErrorCode } from '../../errors.js';
import { type ImportKind, importKinds } from './fields.js';
import { type Mapping, parseMapping } from './mapping.js';

/**
 * Saved import mappings (导入映射): a section keeps the mapping of its ledgers' headings under a
 * name per kind and reuses it from the CLI (`--mapping NAME`), the upload route (`mappingName`),
 * the web app and GraphQL. Every read and write is bound to the caller's own section: another
 * section's mapping of the same name does not exist for it.
 */

/** A mapping name: 1–64 characters, no control characters; not a path (the CLI tells them apart). */
export function checkMappingName(name: string, field = 'mappingName'): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 64 || /[\p{Cc}/\\]/u.test(trimmed))
    throw badInput(field, 'must be 1–64 characters, without slashes or control characters');
  return trimmed;
}

export function checkKind(kind: string): ImportKind {
  if (!(importKinds as readonly string[]).includes(kind))
    throw badInput('kind', `must be one of ${importKinds.join(', ')}`);
  return kind as ImportKind;
}

/** The section's mapping of that kind and name, parsed again (fields may have changed since). */
export async function findMapping(ctx: Context, kind: ImportKind, name: string): Promise<Mapping> {
  const row = await ctx.prisma.importMapping.findUnique({
    where: {
      sectionId_kind_name: {
        sectionId: ctx.principal.section.id,
        kind,
        name: checkMappingName(name),
      },
    },
    select: { mapping: true },
  });
  if (!row)
    throw new AppError(
      ErrorCode.NOT_FOUND,
      `mappingName: this section has no ${kind} mapping of that name`,
      {
        field: 'mappingName',
      },
    );
  return parseMapping(kind, row.mapping);
}

/** Saves (or replaces) the section's mapping of that kind under the name; checked like a mapping file. */
export async function saveMapping(ctx: Context, kind: ImportKind, name: string, json: unknown) {
  const mapping = parseMapping(kind, json);
  const headings = Object.keys(mapping);
  if (headings.length > 200) throw badInput('mapping', 'at most 200 headings');
  if (headings.some((h) => h.length > 128))
    throw badInput('mapping', 'headings of at most 128 characters');
  const checked = checkMappingName(name, 'name');
  const sectionId = ctx.principal.section.id;
  return ctx.prisma.importMapping.upsert({
    where: { sectionId_kind_name: { sectionId, kind, name: checked } },
    create: { sectionId, kind, name: checked, mapping, createdBy: principalLabel(ctx.principal) },
    update: { mapping, createdBy: principalLabel(ctx.principal), version: { increment: 1 } },
  });
}
