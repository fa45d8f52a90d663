import type { Prisma } from '../../../generated/prisma/client.js';

/**
 * What every report dataset shares: the names of dimensions, measures and filters, the query a
 * dataset turns into SQL, and the definition each dataset exports (datasets/index.ts lists them).
 */
export const datasetNames = [
  'RESIDENTS',
  'HOUSEHOLDS',
  'SERVICE_RECORDS',
  'HOTLINE_CASES',
] as const;
export type Dataset = (typeof datasetNames)[number];

export type { Dimension, Measure } from '../registry.js';
import type { Dimension, Measure } from '../registry.js';

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
  | 'districts'
  | 'subdistricts'
  | 'communities'
  | 'ageBands'
  | 'genders'
  | 'residenceTypes'
  | 'statuses'
  | 'tags'
  | 'householdSizes'
  | 'serviceKinds'
  | 'months'
  | 'from'
  | 'to'
  | 'hotlineCategories'
  | 'hotlineStatuses'
  | 'committeeRoles';

export interface DatasetQuery {
  dimensions: Dimension[];
  measures: Measure[];
  filter: ReportFilterSql;
  /** Tag codes a TAG dimension may show. */
  tagCodes: string[];
  totals: boolean;
  /**
   * Whether disclosure control applies (disclosure/policy.ts): the statement then returns every
   * line's total and the cell keys of its counts. Without it nothing reads the `n` column, and a
   * dataset may leave an expensive `n` NULL.
   */
  protected: boolean;
  /** The day ages are counted on, YYYY-MM-DD. */
  today: string;
  /** Latest birth dates (YYYY-MM-DD) of the ages of registry.ts's ageBandEdges on `today`. */
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
   * What the `n` column counts, the size disclosure control compares with k: distinct
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
