import { purposeRequired } from '../../access/access.js';
import { tagGrantType } from '../../access/fields.js';
import type { Context } from '../../context.js';
import { badInput } from '../../errors.js';
import type { AccessLevel } from '../../generated/prisma/enums.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { formatDate } from '../common/scalars.js';
import { birthDateRange, today } from '../resident/age.js';
import { type DatasetDefinition, type Dimension, type FilterKey, gradedUses, type Measure } from './datasets/common.js';
import { checkFilters, filterSql } from './datasets/filter.js';
import { datasetOf } from './datasets/index.js';
import type { ReportColumnValue, ReportInputValue } from './types.js';

/**
 * The report engine: checks a ReportInput against the caller's grants and builds its one SQL
 * statement. `rows.ts` turns the statement's rows into report rows (with suppression); the
 * GraphQL field, saved reports and exports all go through `prepareReport`.
 */
export interface PreparedReport {
  dataset: string;
  columns: ReportColumnValue[];
  /**
   * One statement; columns d0…, g0…, k0… per dimension, m0… per measure, n (the cell's size for
   * suppression: people, households or cases, per the dataset's `counts`; may be NULL when k is null).
   */
  sql: Prisma.Sql;
  dimensions: number;
  measures: number;
  totals: boolean;
  /** The k of small-cell suppression, null when the caller holds more than AGGREGATE on every field used. */
  k: number | null;
}

const labels: Record<Exclude<Dimension | Measure, 'COUNT'>, string> = {
  DISTRICT: '区 District', SUBDISTRICT: '街道/镇 Subdistrict', COMMUNITY: '居村 Community', AGE_BAND: '年龄段 Age band',
  GENDER: '性别 Gender', RESIDENCE_TYPE: '户籍类型 Residence type', STATUS: '人员状态 Status', TAG: '人员标签 Tag',
  HOUSEHOLD_SIZE: '户人数 Household size', SERVICE_KIND: '服务类型 Service kind', MONTH: '月份 Month', DAY: '日期 Day',
  HOTLINE_CATEGORY: '诉求类别 Hotline category', HOTLINE_STATUS: '工单状态 Hotline status', COMMITTEE_ROLE: '居委角色 Committee role',
  DISTINCT_RESIDENTS: '涉及人数 Distinct residents', AVG_AGE: '平均年龄 Average age', MIN_AGE: '最小年龄 Minimum age',
  MAX_AGE: '最大年龄 Maximum age', HOUSEHOLDS: '户数 Households', AVG_HOUSEHOLD_SIZE: '平均户人数 Average household size',
};

/** Smallest number of people a cell may show to a caller holding only AGGREGATE (env ONETABLE_SUPPRESSION_K). */
export function suppressionK(): number {
  const k = Number(process.env.ONETABLE_SUPPRESSION_K ?? 5);
  return Number.isInteger(k) && k >= 1 ? k : 5;
}

/**
 * Every graded field a report uses, checked to be at least AGGREGATE (FORBIDDEN names the use and
 * the field) and touched in the audit trail. Returns the lowest level held, and the tags a TAG
 * dimension may show.
 */
async function checkGrants(ctx: Context, input: ReportInputValue, filters: FilterKey[]): Promise<{ lowest: AccessLevel; tagCodes: string[] }> {
  const uses: Array<[string, string, string]> = [];
  const used = [...input.dimensions.map((d) => `dimensions.${d}`), ...input.measures.map((m) => `measures.${m}`), ...filters.map((f) => `filter.${f}`)];
  const graded = gradedUses();
  for (const use of used) {
    const field = graded.get(use);
    if (field) uses.push([field[0], field[1], use]);
  }
  // Only a TAG dimension or a tags filter needs the tag list: other reports skip the statement.
  const named = input.filter?.tags ?? [];
  const byTag = input.dimensions.includes('TAG');
  const tags = byTag || named.length > 0
    ? await ctx.prisma.tag.findMany({ select: { code: true, sensitive: true }, orderBy: { code: 'asc' } })
    : [];
  const sensitive = new Set(tags.filter((t) => t.sensitive).map((t) => t.code));
  for (const code of named) {
    if (!tags.some((t) => t.code === code)) throw badInput('filter.tags', 'names a tag that does not exist');
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
  return { lowest, tagCodes };
}

/** Shape checks, then every dimension, measure and filter must be one the dataset supports (BAD_USER_INPUT naming it). */
export function validate(input: ReportInputValue, definition: DatasetDefinition = datasetOf(input.dataset)): FilterKey[] {
  // No dimension would group by nothing: the statement builders need at least one key.
  if (input.dimensions.length === 0) throw badInput('dimensions', 'at least one');
  if (input.dimensions.length > 4) throw badInput('dimensions', 'at most 4');
  if (new Set(input.dimensions).size !== input.dimensions.length) throw badInput('dimensions', 'must not repeat');
  if (input.measures.length === 0) throw badInput('measures', 'at least one');
  if (new Set(input.measures).size !== input.measures.length) throw badInput('measures', 'must not repeat');
  for (const d of input.dimensions) {
    if (!definition.dimensions.includes(d as Dimension)) throw badInput('dimensions', `${d} is not a dimension of ${definition.dataset}`);
  }
  for (const m of input.measures) {
    if (!definition.measures.includes(m as Measure)) throw badInput('measures', `${m} is not a measure of ${definition.dataset}`);
  }
  const used = checkFilters(definition, input.filter);
  // Decodes IDs, months and dates now: a bad one is BAD_USER_INPUT before any database work (and when saving).
  filterSql(input.filter);
  return used;
}

/** Validates the input, checks purpose, task datasets and grants, records the audited fields and builds the SQL. */
export async function prepareReport(ctx: Context, input: ReportInputValue): Promise<PreparedReport> {
  if (!ctx.purpose) throw purposeRequired();
  const definition = datasetOf(input.dataset);
  const filters = validate(input, definition);
  // The purpose's task bounds the datasets a report may read (the task list's `datasets`).
  await ctx.access.requireDataset(definition.dataset);
  const { lowest, tagCodes } = await checkGrants(ctx, input, filters);
  // Every run is audited: the dataset and the graded fields aggregated, never residents.
  ctx.audit.touch('Report', input.dataset);
  const sql = definition.sql({
    dimensions: input.dimensions as Dimension[],
    measures: input.measures as Measure[],
    filter: filterSql(input.filter),
    tagCodes,
    totals: input.totals ?? false,
    suppressed: lowest === 'AGGREGATE',
    today: formatDate(today()),
    bandCutoffs: [18, 35, 60, 70, 80].map((age) => formatDate(birthDateRange(today(), age).lte!)),
  });
  const label = (key: Dimension | Measure) => (key === 'COUNT' ? definition.countLabel : labels[key]);
  return {
    dataset: input.dataset,
    columns: [...input.dimensions, ...input.measures].map((key) => ({ key, label: label(key as Dimension | Measure) })),
    sql,
    dimensions: input.dimensions.length,
    measures: input.measures.length,
    totals: input.totals ?? false,
    // Suppression compares each cell's `n` (people, households or cases: the dataset's `counts`) with k.
    k: lowest === 'AGGREGATE' ? suppressionK() : null,
  };
}
