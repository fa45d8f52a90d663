import { forbidden, purposeRequired } from '../../access/access.js';
import { tagGrantType } from '../../access/fields.js';
import type { Context } from '../../context.js';
import { badInput } from '../../errors.js';
import type { AccessLevel } from '../../generated/prisma/enums.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { formatDate } from '../common/scalars.js';
import { birthDateRange, today } from '../resident/age.js';
import {
  type DatasetDefinition,
  type Dimension,
  type FilterKey,
  gradedUses,
  type Measure,
} from './datasets/common.js';
import { checkFilters, filterSql } from './datasets/filter.js';
import { datasetOf } from './datasets/index.js';
import type { ProtectionSpec } from './disclosure/protect.js';
import { type DisclosureSettings, disclosureSettings } from './disclosure/settings.js';
import { ageBandEdges, dimensionRegistry, measureRegistry } from './registry.js';
import type { ReportColumnValue, ReportInputValue } from './types.js';

/**
 * The report engine: checks a ReportInput against the caller's grants and builds its one SQL
 * statement. `rows.ts` turns the statement's rows into report rows (with disclosure control); the
 * GraphQL field, saved reports and exports all go through `prepareReport`.
 */
export interface PreparedReport {
  dataset: string;
  columns: ReportColumnValue[];
  /**
   * One statement (statement.ts): columns d0…, g0…, k0… per dimension, m0… per measure, n (the
   * cell's size: people, households or cases, per the dataset's `counts`; may be NULL when the
   * report is not protected), and when protected the cell keys q0… and nk.
   */
  sql: Prisma.Sql;
  dimensions: number;
  measures: number;
  totals: boolean;
  /** Disclosure control (disclosure/protect.ts), null when the caller holds more than AGGREGATE on every field used. */
  protection:
    (ProtectionSpec & { settings: DisclosureSettings; population: Prisma.Sql | null }) | null;
}

/**
 * Every graded field a report uses, checked to be at least AGGREGATE (FORBIDDEN names the use and
 * the field) and touched in the audit trail. Returns the lowest level held, the tags a TAG
 * dimension may show, and whether a sensitive tag narrows the population.
 */
async function checkGrants(
  ctx: Context,
  input: ReportInputValue,
  filters: FilterKey[],
): Promise<{ lowest: AccessLevel; tagCodes: string[]; narrowed: boolean }> {
  const uses: Array<[string, string, string]> = [];
  const used = [
    ...input.dimensions.map((d) => `dimensions.${d}`),
    ...input.measures.map((m) => `measures.${m}`),
    ...filters.map((f) => `filter.${f}`),
  ];
  const graded = gradedUses();
  for (const use of used) {
    const field = graded.get(use);
    if (field) uses.push([field[0], field[1], use]);
  }
  // Only a TAG dimension or a tags filter needs the tag list: other reports skip the statement.
  const named = input.filter?.tags ?? [];
  const byTag = input.dimensions.includes('TAG');
  const tags =
    byTag || named.length > 0
      ? await ctx.prisma.tag.findMany({
          select: { code: true, sensitive: true },
          orderBy: { code: 'asc' },
        })
      : [];
  const sensitive = new Set(tags.filter((t) => t.sensitive).map((t) => t.code));
  for (const code of named) {
    if (!tags.some((t) => t.code === code))
      throw badInput('filter.tags', 'names a tag that does not exist');
    if (sensitive.has(code)) uses.push([tagGrantType, code, 'filter.tags']);
  }
  const tagCodes: string[] = [];
  if (byTag) {
    // A TAG dimension shows the non-sensitive tags and the sensitive ones the section may aggregate.
    for (const t of tags) {
      const level = t.sensitive ? await ctx.access.level(tagGrantType, t.code) : 'FULL';
      if (level === 'NONE') continue;
      tagCodes.push(t.code);
      if (t.sensitive) uses.push([tagGrantType, t.code, 'dimensions.TAG']);
    }
  }
  let lowest: AccessLevel = 'FULL';
  for (const [type, field, usedAs] of uses) {
    await ctx.access.require(type, field, 'AGGREGATE', usedAs);
    if ((await ctx.access.level(type, field)) === 'AGGREGATE') lowest = 'AGGREGATE';
    ctx.audit.touch(type, field);
  }
  // A tags filter naming a sensitive tag narrows the population by it (the dominance rule's second comparison).
  return { lowest, tagCodes, narrowed: named.some((code) => sensitive.has(code)) };
}

/** Shape checks, then every dimension, measure and filter must be one the dataset supports (BAD_USER_INPUT naming it). */
export function validate(
  input: ReportInputValue,
  definition: DatasetDefinition = datasetOf(input.dataset),
): FilterKey[] {
  // No dimension would group by nothing: the statement builders need at least one key.
  if (input.dimensions.length === 0) throw badInput('dimensions', 'at least one');
  if (input.dimensions.length > 4) throw badInput('dimensions', 'at most 4');
  if (new Set(input.dimensions).size !== input.dimensions.length)
    throw badInput('dimensions', 'must not repeat');
  if (input.measures.length === 0) throw badInput('measures', 'at least one');
  if (new Set(input.measures).size !== input.measures.length)
    throw badInput('measures', 'must not repeat');
  for (const d of input.dimensions) {
    if (!definition.dimensions.includes(d as Dimension))
      throw badInput('dimensions', `${d} is not a dimension of ${definition.dataset}`);
  }
  for (const m of input.measures) {
    if (!definition.measures.includes(m as Measure))
      throw badInput('measures', `${m} is not a measure of ${definition.dataset}`);
  }
  const used = checkFilters(definition, input.filter);
  // Decodes IDs, months and dates now: a bad one is BAD_USER_INPUT before any database work (and when saving).
  filterSql(input.filter);
  return used;
}

/** Validates the input, checks purpose, task datasets and grants, records the audited fields and builds the SQL. */
export async function prepareReport(
  ctx: Context,
  input: ReportInputValue,
): Promise<PreparedReport> {
  if (!ctx.purpose) throw purposeRequired();
  const definition = datasetOf(input.dataset);
  const filters = validate(input, definition);
  // The purpose's task bounds the datasets a report may read (the task list's `datasets`).
  await ctx.access.requireDataset(definition.dataset);
  const { lowest, tagCodes, narrowed } = await checkGrants(ctx, input, filters);
  const isProtected = lowest === 'AGGREGATE';
  const measures = input.measures as Measure[];
  for (const m of measures) {
    if (isProtected && measureRegistry[m].kind === 'extreme') {
      throw forbidden(
        `measures.${m} is one person's exact value: a report that needs disclosure control (a field held only at AGGREGATE) cannot show it`,
        'DISCLOSURE',
      );
    }
  }
  // Every run is audited: the dataset and the graded fields aggregated, never residents.
  ctx.audit.touch('Report', input.dataset);
  const query = {
    dimensions: input.dimensions as Dimension[],
    measures,
    filter: filterSql(input.filter),
    tagCodes,
    totals: input.totals ?? false,
    protected: isProtected,
    today: formatDate(today()),
    bandCutoffs: ageBandEdges.map((age) => formatDate(birthDateRange(today(), age).lte!)),
  };
  const sql = definition.sql(query);
  const label = (key: Dimension | Measure) =>
    key === 'COUNT'
      ? definition.countLabel
      : key in dimensionRegistry
        ? dimensionRegistry[key as Dimension].label
        : measureRegistry[key as Measure].label!;
  return {
    dataset: input.dataset,
    columns: [...input.dimensions, ...input.measures].map((key) => ({
      key,
      label: label(key as Dimension | Measure),
    })),
    sql,
    dimensions: input.dimensions.length,
    measures: input.measures.length,
    totals: input.totals ?? false,
    protection: isProtected
      ? {
          dimensions: input.dimensions.length,
          measures: measures.map((m) => (measureRegistry[m].kind === 'count' ? 'count' : 'mean')),
          attributes: (input.dimensions as Dimension[]).map((d) => dimensionRegistry[d].attribute),
          totals: input.totals ?? false,
          settings: disclosureSettings(),
          // The same report without the sensitive tags: a cell the narrowing left whole is withheld.
          population: narrowed
            ? definition.sql({ ...query, filter: { ...query.filter, tags: undefined } })
            : null,
        }
      : null,
  };
}
