import { encodeGlobalID } from '@pothos/plugin-relay';
import type { Context } from '../context.js';
import type { AccessLevel } from '../generated/prisma/enums.js';
import { maskOf, subjectsOf } from '../access/policy.js';
import { buildConnection } from './connection.js';
import type { ObjectPlan } from './plan.js';
import { Unsupported, type Select } from './select.js';

/**
 * Builds the answer of a compiled read from its rows, as graphql-js would from the same rows:
 * each field through its own original resolver, each personal field graded by the request's
 * decision (the field guard's, src/access/field-guard.ts) and masked by its declared mask, every
 * read recorded for the audit as the field guard records it. Touches are kept aside and handed
 * to the request's trail only when the whole answer is built: a fallback leaves no trace twice.
 */
export interface Building {
  ctx: Context;
  levels: Map<string, AccessLevel>;
  touches: Array<[string, string, number[]]>;
  variables: Record<string, unknown>;
}

const zone = /(Z|[+-]\d\d(:?\d\d)?)$/;

/** JSON values back to what Prisma returns: DateTime columns as Date (timestamps are UTC). */
export function hydrate(row: Record<string, unknown>, select: Select): void {
  for (const field of select.scalars) {
    const value = row[field];
    if (typeof value !== 'string' || select.model.columns.get(field)!.type !== 'DateTime') continue;
    row[field] = new Date(value.includes('T') && !zone.test(value) ? `${value}Z` : value);
  }
  for (const [name, page] of select.pages) {
    const rows = row[name];
    if (Array.isArray(rows)) for (const item of rows) hydrate(item, page.select);
  }
  for (const [name, { select: nested }] of select.relations) {
    const value = row[name];
    if (Array.isArray(value)) for (const item of value) hydrate(item, nested);
    else if (value !== null && value !== undefined)
      hydrate(value as Record<string, unknown>, nested);
  }
}

function graded(
  b: Building,
  typeName: string,
  fieldName: string,
  row: Record<string, unknown>,
  value: unknown,
): unknown {
  const key = `${typeName}.${fieldName}`;
  const level = b.levels.get(key);
  if (level === undefined) throw new Unsupported(`undecided ${key}`);
  b.touches.push([typeName, fieldName, subjectsOf(typeName, fieldName, row)]);
  if (level === 'FULL' || value === null || value === undefined) return value;
  return maskOf(typeName, fieldName)(value);
}

export function buildObject(
  b: Building,
  plan: ObjectPlan,
  row: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const entry of plan.entries) {
    switch (entry.kind) {
      case 'typename':
        out[entry.key] = entry.typeName;
        break;
      case 'id':
        out[entry.key] = encodeGlobalID(entry.typeName, String(row[entry.column]));
        break;
      case 'leaf': {
        let value = entry.resolve(row, {}, b.ctx, undefined as never);
        if (value instanceof Promise) throw new Unsupported('asynchronous resolver');
        if (entry.guarded) value = graded(b, entry.typeName, entry.fieldName, row, value);
        if (value === null || value === undefined) {
          if (entry.nonNull) throw new Unsupported('null in a non-null field');
          out[entry.key] = null;
        } else {
          out[entry.key] = entry.leaf.serialize(value);
        }
        break;
      }
      case 'page': {
        const args = entry.page.args(b.variables);
        const { query } = entry.page.query(args);
        const rows = (row[entry.relation] ?? []) as Array<Record<string, unknown>>;
        const total = (row._count as Record<string, unknown> | undefined)?.[entry.relation];
        const take = typeof query.take === 'number' ? query.take : -1;
        out[entry.key] = buildConnection(
          entry.entries,
          rows,
          take,
          args.after != null,
          entry.plan.select.model.idField,
          total,
          (n) => buildObject(b, entry.plan, n),
        );
        break;
      }
      case 'resolved':
      case 'object': {
        let value: unknown;
        if (entry.kind === 'object') value = row[entry.relation];
        else {
          value = entry.resolve(row, {}, b.ctx, undefined as never);
          if (value instanceof Promise) throw new Unsupported('asynchronous resolver');
        }
        if (entry.guarded) value = graded(b, entry.typeName, entry.fieldName, row, value);
        if (value === null || value === undefined) {
          if (entry.nonNull) throw new Unsupported('null in a non-null field');
          out[entry.key] = null;
        } else if (entry.list) {
          if (!Array.isArray(value)) throw new Unsupported('masked list');
          out[entry.key] = value.map((item) => buildObject(b, entry.plan, item));
        } else {
          if (Array.isArray(value) || typeof value !== 'object')
            throw new Unsupported('masked object');
          out[entry.key] = buildObject(b, entry.plan, value as Record<string, unknown>);
        }
        break;
      }
    }
  }
  return out;
}
