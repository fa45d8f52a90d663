import type { Prisma } from '../generated/prisma/client.js';
import type { AccessLevel } from '../generated/prisma/enums.js';
import { personalFieldNames, tagGrantType } from './fields.js';
// The personal fields are declared on the schema's fields: building it collects them.
import '../schema.js';

type Profile = Record<string, AccessLevel>;
const F = 'FULL';
const M = 'MASKED';
const A = 'AGGREGATE';
const sensitiveTags = ['ELDERLY_ALONE', 'DISABILITY', 'LOW_INCOME', 'KEY_CARE'];

/**
 * The default grant matrix, by section. Fields and tags not listed are NONE. The README shows it
 * as a table (generated from this object by a test, so the two cannot drift apart).
 */
const districtProfiles: Record<string, Profile> = {
  'civil-affairs': {
    'Resident.name': F,
    'Resident.idNumber': F,
    'Resident.phone': M,
    'Resident.birthDate': F,
    'Resident.age': F,
    'Resident.ethnicity': A,
    'Resident.status': F,
    'Resident.relationToHead': F,
    'Household.address': F,
    'Household.head': F,
    'Household.members': F,
    'Household.size': F,
    'ServiceRecord.kind': F,
    'ServiceRecord.notes': M,
    'HotlineCase.summary': A,
    'Tag.ELDERLY_ALONE': F,
    'Tag.LOW_INCOME': F,
    'Tag.DISABILITY': A,
    'Tag.KEY_CARE': A,
  },
  health: {
    'Resident.name': F,
    'Resident.idNumber': M,
    'Resident.phone': F,
    'Resident.birthDate': F,
    'Resident.age': F,
    'Resident.ethnicity': A,
    'Resident.status': F,
    'Resident.relationToHead': F,
    'Household.address': F,
    'Household.head': F,
    'Household.members': F,
    'Household.size': F,
    'ServiceRecord.kind': F,
    'ServiceRecord.notes': F,
    'Tag.ELDERLY_ALONE': F,
    'Tag.KEY_CARE': F,
    'Tag.DISABILITY': F,
    'Tag.LOW_INCOME': A,
  },
  housing: {
    'Resident.name': M,
    'Resident.idNumber': M,
    'Resident.phone': M,
    'Resident.birthDate': A,
    'Resident.age': A,
    'Resident.status': A,
    'Household.address': F,
    'Household.size': F,
    'HotlineCase.summary': A,
    'Tag.LOW_INCOME': A,
  },
  veterans: {
    'Resident.name': M,
    'Resident.idNumber': M,
    'Resident.phone': M,
    'Resident.birthDate': M,
    'Resident.age': F,
    'Resident.status': F,
    'Household.address': M,
    'ServiceRecord.kind': M,
  },
  disability: {
    'Resident.name': F,
    'Resident.idNumber': M,
    'Resident.phone': M,
    'Resident.birthDate': M,
    'Resident.age': F,
    'Resident.status': F,
    'Household.address': M,
    'Household.size': A,
    'ServiceRecord.kind': M,
    'ServiceRecord.notes': M,
    'Tag.DISABILITY': F,
    'Tag.KEY_CARE': A,
  },
  population: {
    'Resident.name': M,
    'Resident.idNumber': M,
    'Resident.birthDate': A,
    'Resident.age': A,
    'Resident.ethnicity': A,
    'Resident.status': A,
    'Resident.relationToHead': A,
    'Household.address': A,
    'Household.size': A,
    'ServiceRecord.kind': A,
    'Tag.ELDERLY_ALONE': A,
    'Tag.DISABILITY': A,
    'Tag.LOW_INCOME': A,
    'Tag.KEY_CARE': A,
  },
  // The administrator manages grants and the auditor reads the audit trail: neither reads personal data.
  admin: {},
  auditor: {},
};

/** The default grant matrix, by section kind (committees and streets get every declared personal field). */
export function defaultProfiles(): Record<string, Profile> {
  return {
    // Committees and street offices record the data: they see all of it in their jurisdiction.
    committee: allOf(F),
    street: { ...allOf(F), 'Resident.idNumber': M },
    ...districtProfiles,
  };
}

function allOf(level: AccessLevel): Profile {
  const fields = [...personalFieldNames(), ...sensitiveTags.map((t) => `${tagGrantType}.${t}`)];
  return Object.fromEntries(fields.map((f) => [f, level]));
}

export function profileOf(sectionCode: string): Profile {
  return defaultProfiles()[sectionCode.split(':')[0] ?? ''] ?? {};
}

/**
 * Installs the default grants (inside the caller's transaction) for every section that has none yet, and lets committees and street
 * offices assist every task on the list (the list is exactly what may be pushed down to them).
 */
export async function installAccessDefaults(
  db: Prisma.TransactionClient,
  grantedBy = 'seed',
): Promise<{ grants: number; assists: number }> {
  const sections = await db.section.findMany({ select: { id: true, code: true, level: true } });
  const grants = sections.flatMap((s) =>
    Object.entries(profileOf(s.code)).map(([name, level]) => {
      const [typeName, fieldName] = name.split('.') as [string, string];
      return { sectionId: s.id, typeName, fieldName, level, grantedBy };
    }),
  );
  const tasks = await db.task.findMany({ select: { id: true } });
  const assists = sections
    .filter((s) => s.level !== 'DISTRICT')
    .flatMap((s) => tasks.map((t) => ({ taskId: t.id, sectionId: s.id })));
  const g = await db.fieldGrant.createMany({ data: grants, skipDuplicates: true });
  const a = await db.taskAssist.createMany({ data: assists, skipDuplicates: true });
  return { grants: g.count, assists: a.count };
}
