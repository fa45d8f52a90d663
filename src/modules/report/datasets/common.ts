import type { Prisma } from '../../../generated/prisma/client.js';

/**
 * What every report dataset shares: the names of dimensions, measures and filters, the query a
 * dataset turns into SQL, and the definition each dataset exports (datasets/index.ts lists them).
 */
export const datasetNames = ['RESIDENTS', 'HOUSEHOLDS', 'SERVICE_RECORDS', 'HOTLINE_CASES'] as const;
export type Dataset = (typeof datasetNames)[number];

export type Dimension =
  | 'DISTRICT' | 'SUBDISTRICT' | 'COMMUNITY' | 'AGE_BAND' | 'GENDER' | 'RESIDENCE_TYPE' | 'STATUS' | 'TAG'
  | 'HOUSEHOLD_SIZE' | 'SERVICE_KIND' | 'MONTH' | 'DAY' | 'HOTLINE_CATEGORY' | 'HOTLINE_STATUS' | 'COMMITTEE_ROLE';

export type Measure = 'COUNT' | 'DISTINCT_RESIDENTS' | 'AVG_AGE' | 'MIN_AGE' | 'MAX_AGE' | 'HOUSEHOLDS' | 'AVG_HOUSEHOLD_SIZE';

/** The filter as the SQL builders see it: ids decoded, months and dates turned into UTC instants. */
export interface ReportFilterSql {
  districtIds?: number[];
  subdistrictIds?: number[];
  communityIds?: number[];
  ageBands?: string[];
  genders?: string[];
  residenceTypes?: string[];
  statuses?: string[];
  tags?: string[];
  householdSizes?: string[];
  serviceKinds?: string[];
  /** Calendar months (China Standard Time) as [start, end) instants, `YYYY-MM-DD HH:MM:SS` in UTC. */
  months?: Array<[string, string]>;
  /** From this instant on (inclusive), `YYYY-MM-DD HH:MM:SS` in UTC. */
  since?: string;
  /** Before this instant (exclusive), `YYYY-MM-DD HH:MM:SS` in UTC. */
  until?: string;
  hotlineCategories?: string[];
  hotlineStatuses?: string[];
  committeeRoles?: string[];
}

/** The filter lists of ReportFilter, by their GraphQL names. */
export type FilterKey =
  | 'districts' | 'subdistricts' | 'communities' | 'ageBands' | 'genders' | 'residenceTypes' | 'statuses' | 'tags'
  | 'householdSizes' | 'serviceKinds' | 'months' | 'from' | 'to' | 'hotlineCategories' | 'hotlineStatuses' | 'committeeRoles';

export interface DatasetQuery {
  dimensions: Dimension[];
  measures: Measure[];
  filter: ReportFilterSql;
  /** Tag codes a TAG dimension may show. */
  tagCodes: string[];
  totals: boolean;
  /**
   * Whether small-cell suppression applies (the caller holds only AGGREGATE on a field used).
   * Without it nothing reads the `n` column, and a dataset may leave an expensive `n` NULL.
   */
  suppressed: boolean;
  /** The day ages are counted on, YYYY-MM-DD. */
  today: string;
  /** Latest birth dates (YYYY-MM-DD) of ages 18, 35, 60, 70, 80 on `today`. */
  bandCutoffs: string[];
}

/** A report dataset: what it supports, what its `n` column counts, and its one SQL statement. */
export interface DatasetDefinition {
  dataset: Dataset;
  /** Column label of COUNT: what one row of the dataset is. */
  countLabel: string;
  dimensions: readonly Dimension[];
  measures: readonly Measure[];
  filters: readonly FilterKey[];
  /**
   * What the `n` column counts, the size small-cell suppression compares with k: distinct
   * residents, households, or hotline cases (which name no resident).
   */
  counts: 'residents' | 'households' | 'cases';
  sql(q: DatasetQuery): Prisma.Sql;
}

/**
 * Graded fields a use needs at least AGGREGATE on, the same in every dataset that supports the
 * use: declared on the fields themselves (`reportUses` of a personal field, src/access/policy.ts).
 * Sensitive tags are checked one by one, by the engine. Everything else a report can group by,
 * filter on or compute is not personal: a community, a month, a hotline category.
 */
export { gradedReportUses as gradedUses } from '../../../access/policy.js';
