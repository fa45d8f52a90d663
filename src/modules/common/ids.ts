import { decodeBase64 } from '@pothos/core';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { badInput } from '../../errors.js';

/** How a model's row id is stored: `Int` (PostgreSQL integer) or `BigInt` (bigint). */
export type KeyType = 'Int' | 'BigInt';

const largest: Record<KeyType, bigint> = {
  Int: 2_147_483_647n,
  BigInt: 9_223_372_036_854_775_807n,
};

/**
 * A row id as the API writes it: decimal digits, no sign, no leading zero, no exponent, within
 * the column's range. `1e3`, `0x10`, `-1`, ` 1` and `99999999999999999999` are not ids.
 */
export function isRowIdText(text: string, key: KeyType = 'Int'): boolean {
  return /^[1-9][0-9]{0,18}$/.test(text) && BigInt(text) <= largest[key];
}

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
  if (decoded.typename !== typename || !isRowIdText(decoded.id)) {
    throw badInput(field, `is not a valid ${typename} ID`);
  }
  return Number(decoded.id);
}

export function optionalRowId(
  field: string,
  globalId: string | null | undefined,
  typename: string,
) {
  return globalId == null ? undefined : rowId(field, globalId, typename);
}

/**
 * Whether `globalId` names a row of one of `types` (type name → key type), as `node(id:)` loads
 * it: Pothos reads the id with parseInt, so `Resident:1e3` would load Resident 1, and an unknown
 * type or an id out of the column's range would fail as an internal error.
 */
export function isNodeId(globalId: string, types: ReadonlyMap<string, KeyType>): boolean {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    return false;
  }
  const key = types.get(decoded.typename);
  return key !== undefined && isRowIdText(decoded.id, key);
}

/**
 * Whether `cursor` is one the server hands out for a connection keyed by an id of type `key`:
 * base64 of `GPC:N:<id>` (integer ids) or `GPC:I:<id>` (bigint ids). The Prisma plugin would
 * pass anything else it can decode (an object, a string, a float, an id out of range) to the
 * database as the cursor value.
 */
export function isCursor(cursor: string, key: KeyType): boolean {
  let decoded: string;
  try {
    decoded = decodeBase64(cursor);
  } catch {
    return false;
  }
  const prefix = key === 'Int' ? 'GPC:N:' : 'GPC:I:';
  return decoded.startsWith(prefix) && isRowIdText(decoded.slice(prefix.length), key);
}
