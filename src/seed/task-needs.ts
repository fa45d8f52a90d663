/**
 * What each seeded task needs (its bounds as a purpose): the report datasets and the personal
 * fields a read under the task may use, and the district sections that assist the responsible
 * one. Committees and street offices assist every task (installAccessDefaults adds them).
 * A task with no fields reads no personal data at all: a meeting or a campaign needs none.
 */
import type { DistrictSectionCode } from './sections.js';

export interface TaskNeeds {
  datasets: readonly string[];
  fields: readonly string[];
  assists: readonly DistrictSectionCode[];
}

const person = [
  'Resident.name',
  'Resident.phone',
  'Resident.age',
  'Resident.status',
  'Household.address',
];
const identity = [...person, 'Resident.idNumber', 'Resident.birthDate'];
/** Who lives with whom (家庭成员). */
const composition = [
  'Resident.relationToHead',
  'Household.head',
  'Household.members',
  'Household.size',
];
/** What a committee did for someone (a medication reminder, a subsidy) and its notes. */
const services = ['ServiceRecord.kind', 'ServiceRecord.notes'];

/** Profiles of need, by name; tasks.ts gives each task one. */
export const NEEDS = {
  /** Self-government, meetings, campaigns: aggregates of the area at most, nothing personal. */
  none: { datasets: [], fields: [], assists: [] },
  /** Counting people without naming them (campaigns aimed at age groups, statistics). */
  counts: {
    datasets: ['RESIDENTS', 'HOUSEHOLDS'],
    fields: [
      'Resident.age',
      'Resident.birthDate',
      'Resident.ethnicity',
      'Resident.status',
      'Household.size',
    ],
    assists: [],
  },
  /** Actual population management: who lives where. */
  population: {
    datasets: ['RESIDENTS', 'HOUSEHOLDS', 'SERVICE_RECORDS', 'HOTLINE_CASES'],
    fields: [
      ...identity,
      ...composition,
      ...services,
      'Resident.ethnicity',
      'HotlineCase.summary',
      'Tag.ELDERLY_ALONE',
      'Tag.DISABILITY',
      'Tag.LOW_INCOME',
      'Tag.KEY_CARE',
    ],
    assists: ['civil-affairs', 'health', 'housing', 'veterans', 'disability'],
  },
  /** Caring for elderly people living alone: visits, medication, meals. */
  elderly: {
    datasets: ['RESIDENTS', 'HOUSEHOLDS', 'SERVICE_RECORDS'],
    fields: [
      ...person,
      ...composition,
      ...services,
      'Resident.birthDate',
      'Tag.ELDERLY_ALONE',
      'Tag.KEY_CARE',
    ],
    assists: ['health'],
  },
  /** Social assistance, subsidies, pensions, insurance. */
  assistance: {
    datasets: ['RESIDENTS', 'HOUSEHOLDS', 'SERVICE_RECORDS'],
    fields: [...identity, ...composition, ...services, 'Tag.LOW_INCOME', 'Tag.ELDERLY_ALONE'],
    assists: [],
  },
  disability: {
    datasets: ['RESIDENTS', 'SERVICE_RECORDS'],
    fields: [...identity, ...services, 'Household.size', 'Tag.DISABILITY', 'Tag.KEY_CARE'],
    assists: ['civil-affairs'],
  },
  veterans: {
    datasets: ['RESIDENTS', 'SERVICE_RECORDS'],
    fields: [...identity, ...services],
    assists: [],
  },
  health: {
    datasets: ['RESIDENTS', 'HOUSEHOLDS', 'SERVICE_RECORDS'],
    fields: [
      ...person,
      ...composition,
      ...services,
      'Resident.birthDate',
      'Tag.ELDERLY_ALONE',
      'Tag.KEY_CARE',
      'Tag.DISABILITY',
    ],
    assists: ['civil-affairs'],
  },
  /** Neighbourhood issues raised through the hotline: disputes, noise, parking, buildings. */
  neighbourhood: {
    datasets: ['HOUSEHOLDS', 'HOTLINE_CASES'],
    fields: ['Household.address', 'HotlineCase.summary'],
    assists: [],
  },
  /** Housing, rentals and safety inspections at addresses. */
  housing: {
    datasets: ['HOUSEHOLDS', 'HOTLINE_CASES'],
    fields: [
      'Resident.name',
      'Resident.phone',
      'Household.address',
      'Household.size',
      'HotlineCase.summary',
      'Tag.LOW_INCOME',
    ],
    assists: ['population'],
  },
} as const satisfies Record<string, TaskNeeds>;

export type NeedsKey = keyof typeof NEEDS;
