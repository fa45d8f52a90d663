import { badInput } from '../../../errors.js';
import { rowId } from '../../common/ids.js';
import type { ReportInputValue } from '../types.js';
import type { DatasetDefinition, FilterKey, ReportFilterSql } from './common.js';

type FilterInput = NonNullable<ReportInputValue['filter']>;

const HOUR_MS = 3_600_000;
/** Months and dates of reports are China Standard Time: UTC+8, no daylight saving. */
const CHINA_OFFSET_MS = 8 * HOUR_MS;
const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** An instant as the `timestamp` columns store it: UTC, `YYYY-MM-DD HH:MM:SS`. */
const stored = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

/** `YYYY-MM` → the month's [start, end) instants (China Standard Time). */
function monthRange(month: string): [string, string] {
  const match = monthPattern.exec(month);
  // The message names the filter, never the value (it may be anything a client typed).
  if (!match) throw badInput('filter.months', 'must be months written YYYY-MM');
  const [year, index] = [Number(match[1]), Number(match[2]) - 1];
  return [
    stored(Date.UTC(year, index, 1) - CHINA_OFFSET_MS),
    stored(Date.UTC(year, index + 1, 1) - CHINA_OFFSET_MS),
  ];
}

/** Rejects a filter the dataset has no use for, naming it (BAD_USER_INPUT). */
export function checkFilters(
  definition: DatasetDefinition,
  f: FilterInput | null | undefined,
): FilterKey[] {
  const used = Object.entries(f ?? {})
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key]) => key as FilterKey);
  for (const key of used) {
    if (!definition.filters.includes(key))
      throw badInput(`filter.${key}`, `is not a filter of ${definition.dataset}`);
  }
  return used;
}

const list = <T>(values: readonly T[] | null | undefined) =>
  values == null ? undefined : [...values];

/** The GraphQL filter as the SQL builders take it: global IDs decoded, months and dates as instants. */
export function filterSql(f: FilterInput | null | undefined): ReportFilterSql {
  if (!f) return {};
  const from = f.from ?? undefined;
  const to = f.to ?? undefined;
  if (from && to && from.getTime() > to.getTime())
    throw badInput('filter.to', 'is before filter.from');
  return {
    districtIds: f.districts?.map((id) => rowId('filter.districts', id, 'District')),
    subdistrictIds: f.subdistricts?.map((id) => rowId('filter.subdistricts', id, 'Subdistrict')),
    communityIds: f.communities?.map((id) => rowId('filter.communities', id, 'Community')),
    ageBands: list(f.ageBands),
    genders: list(f.genders),
    residenceTypes: list(f.residenceTypes),
    statuses: list(f.statuses),
    tags: list(f.tags),
    householdSizes: list(f.householdSizes),
    serviceKinds: list(f.serviceKinds),
    months: f.months?.map(monthRange),
    since: from && stored(from.getTime() - CHINA_OFFSET_MS),
    until: to && stored(to.getTime() + 24 * HOUR_MS - CHINA_OFFSET_MS),
    hotlineCategories: list(f.hotlineCategories),
    hotlineStatuses: list(f.hotlineStatuses),
    committeeRoles: list(f.committeeRoles),
  };
}
