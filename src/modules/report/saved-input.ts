import {
  coerceInputValue,
  type GraphQLInputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';
import { badInput } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { ReportInputValue } from './types.js';

/**
 * A saved report keeps its ReportInput as a client would write it (enum names such as AGE_80_PLUS,
 * global IDs), so `SavedReport.input` can be sent back to `report` as is, and it is parsed again
 * with the current schema on every run: a definition that no longer fits fails as BAD_USER_INPUT.
 * The schema is handed in (a resolver's `info.schema`, a route's `schema`): this module is part
 * of the schema and does not import it.
 */
function inputType(schema: GraphQLSchema): GraphQLInputType {
  const type = schema.getType('ReportInput');
  if (!type || !isInputObjectType(type)) throw new Error('ReportInput is missing from the schema');
  return type;
}

function external(value: unknown, type: GraphQLInputType): unknown {
  if (value === null || value === undefined) return null;
  if (isNonNullType(type)) return external(value, type.ofType);
  if (isListType(type)) return (value as unknown[]).map((item) => external(item, type.ofType));
  if (isEnumType(type) || isScalarType(type)) return type.serialize(value);
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([name, item]) => item !== undefined && name in fields)
        .map(([name, item]) => [name, external(item, fields[name]!.type)]),
    );
  }
  return value;
}

export function storedInput(schema: GraphQLSchema, input: ReportInputValue): Prisma.InputJsonValue {
  return external(input, inputType(schema)) as Prisma.InputJsonValue;
}

export function loadedInput(schema: GraphQLSchema, stored: unknown): ReportInputValue {
  return coerceInputValue(stored, inputType(schema), (path, _value, error) => {
    throw badInput(
      ['savedReport.input', ...path].join('.'),
      `no longer fits the report schema: ${error.message.replace(/ got invalid value.*$/s, '')}`,
    );
  }) as ReportInputValue;
}
