import { decodeGlobalID } from '@pothos/plugin-relay';
import { badInput } from '../../errors.js';

/**
 * Turns a Relay global ID from client input into the row id of the expected type.
 * Anything else (garbage, another type's ID) is a `BAD_USER_INPUT` naming the field.
 */
export function rowId(field: string, globalId: string, typename: string): number {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw badInput(field, `is not a valid ${typename} ID`);
  }
  const id = Number(decoded.id);
  if (decoded.typename !== typename || !Number.isSafeInteger(id) || id <= 0) {
    throw badInput(field, `is not a valid ${typename} ID`);
  }
  return id;
}

export function optionalRowId(field: string, globalId: string | null | undefined, typename: string) {
  return globalId == null ? undefined : rowId(field, globalId, typename);
}
