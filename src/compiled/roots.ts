import type { Context } from '../context.js';

/**
 * Root fields the compiled read path may answer, declared by their module next to the field
 * (e.g. src/modules/resident/compiled.ts). A root is either one row by global id, or a
 * forward connection ordered by id with a `where` of column equalities. What a module declares
 * here is the same function its resolver uses, so validation and refusals keep one source.
 */
export type CompiledRoot =
  | {
      kind: 'unique';
      model: string;
      /** The row id from the field's arguments (the resolver's own parsing; throws as it does). */
      id: (args: Record<string, unknown>) => number;
    }
  | {
      kind: 'connection';
      model: string;
      /** The Prisma `where` from the arguments, as the resolver builds it (equalities only compile). */
      where: (ctx: Context, args: Record<string, unknown>) => Promise<Record<string, unknown>>;
    };

const roots = new Map<string, CompiledRoot>();

export function compiledRoot(fieldName: string, root: CompiledRoot): void {
  roots.set(fieldName, root);
}

export function rootOf(fieldName: string): CompiledRoot | undefined {
  return roots.get(fieldName);
}
