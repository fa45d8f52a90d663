import { maskAddress, maskAge, maskBirthDate, maskEthnicity, maskIdNumber, maskName, maskPhone, maskText } from './masks.js';

type Mask = (value: never) => unknown;

/**
 * Every grant-controlled (personal) field of the API and how MASKED shows it. A field listed
 * here is unreadable without a grant; a test fails if a personal field is missing a rule.
 * Tags are controlled one by one: a sensitive tag is read under the grant on `Tag.<code>`.
 */
export const personalFields = {
  Resident: {
    name: maskName,
    idNumber: maskIdNumber,
    phone: maskPhone,
    birthDate: maskBirthDate,
    age: maskAge,
    ethnicity: maskEthnicity,
  },
  Household: { address: maskAddress },
  ServiceRecord: { notes: maskText },
  HotlineCase: { summary: maskText },
} as const satisfies Record<string, Record<string, Mask>>;

export type PersonalType = keyof typeof personalFields;

export function isPersonalField(typeName: string, fieldName: string): boolean {
  const fields = (personalFields as Record<string, Record<string, Mask>>)[typeName];
  return fields !== undefined && fieldName in fields;
}

export function maskOf(typeName: string, fieldName: string): (value: unknown) => unknown {
  const mask = (personalFields as Record<string, Record<string, (value: unknown) => unknown>>)[typeName]?.[fieldName];
  if (!mask) throw new Error(`${typeName}.${fieldName} is not a personal field`);
  return mask;
}

/** All personal fields as `Type.field`, for the permission matrix and the README. */
export function personalFieldNames(): string[] {
  return Object.entries(personalFields).flatMap(([type, fields]) => Object.keys(fields).map((f) => `${type}.${f}`));
}

/** The type name under which tag grants are kept: field name = tag code. */
export const tagGrantType = 'Tag';
