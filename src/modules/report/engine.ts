import { purposeRequired } from '../../access/access.js';
import { tagGrantType } from '../../access/fields.js';
import type { Context } from '../../context.js';
import { badInput } from '../../errors.js';
import type { AccessLevel } from '../../generated/prisma/enums.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { rowId } from '../common/ids.js';
import { formatDate } from '../common/scalars.js';
import { birthDateRange, today } from '../resident/age.js';
import { type Dimension, type Measure, residentReportSql } from './sql.js';
import type { ReportColumnValue, ReportInputValue } from './types.js';

/**
 * The report engine: checks a ReportInput against the caller's grants and builds its one SQL
 * statement. `rows.ts` turns the statement's rows into report rows (with suppression); the
 * GraphQL field, saved reports and exports all go through `prepareReport`.
 */
export interface PreparedReport {
  dataset: string;
  columns: ReportColumnValue[];
  /** One statement; columns d0…, g0…, k0… per dimension, m0… per measure, n (people counted). */
  sql: Prisma.Sql;
  dimensions: number;
  measures: number;
  totals: boolean;
  /** The k of small-cell suppression, null when the caller holds more than AGGREGATE on every field used. */
  k: number | null;
}

const labels: Record<Dimension | Measure, string> = {
  SUBDISTRICT: '街道/镇 Subdistrict', COMMUNITY: '居村 Community', AGE_BAND: '年龄段 Age band', GENDER: '性别 Gender',
  RESIDENCE_TYPE: '户籍类型 Residence type', STATUS: '人员状态 Status', TAG: '人员标签 Tag',
  COUNT: '人数 Residents', AVG_AGE: '平均年龄 Average age', MIN_AGE: '最小年龄 Minimum age',
  MAX_AGE: '最大年龄 Maximum age', HOUSEHOLDS: '户数 Households',
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
async function checkGrants(ctx: Context, input: ReportInputValue): Promise<{ lowest: AccessLevel; tagCodes: string[] }> {
  const uses: Array<[string, string, string]> = [];
  if (input.dimensions.includes('AGE_BAND')) uses.push(['Resident', 'age', 'dimensions.AGE_BAND']);
  if (input.filter?.ageBands) uses.push(['Resident', 'age', 'filter.ageBands']);
  for (const m of input.measures) if (m.endsWith('_AGE')) uses.push(['Resident', 'age', `measures.${m}`]);
  const tags = await ctx.prisma.tag.findMany({ select: { code: true, sensitive: true }, orderBy: { code: 'asc' } });
  const sensitive = new Set(tags.filter((t) => t.sensitive).map((t) => t.code));
  for (const code of input.filter?.tags ?? []) {
    if (!tags.some((t) => t.code === code)) throw badInput('filter.tags', `unknown tag ${code}`);
    if (sensitive.has(code)) uses.push([tagGrantType, code, 'filter.tags']);
  }
  const tagCodes: string[] = [];
  if (input.dimensions.includes('TAG')) {
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

export function validate(input: ReportInputValue) {
  if (input.dimensions.length > 4) throw badInput('dimensions', 'at most 4');
  if (new Set(input.dimensions).size !== input.dimensions.length) throw badInput('dimensions', 'must not repeat');
  if (input.measures.length === 0) throw badInput('measures', 'at least one');
  if (new Set(input.measures).size !== input.measures.length) throw badInput('measures', 'must not repeat');
}

/** Validates the input, checks grants and purpose, records the audited fields and builds the SQL. */
export async function prepareReport(ctx: Context, input: ReportInputValue): Promise<PreparedReport> {
  if (!ctx.purpose) throw purposeRequired();
  validate(input);
  const { lowest, tagCodes } = await checkGrants(ctx, input);
  // Every run is audited: the dataset and the graded fields aggregated, never residents.
  ctx.audit.touch('Report', input.dataset);
  const f = input.filter ?? {};
  const sql = residentReportSql({
    dimensions: input.dimensions as Dimension[],
    measures: input.measures as Measure[],
    filter: {
      subdistrictIds: f.subdistricts?.map((id) => rowId('filter.subdistricts', id, 'Subdistrict')),
      communityIds: f.communities?.map((id) => rowId('filter.communities', id, 'Community')),
      ageBands: f.ageBands ?? undefined,
      genders: f.genders ?? undefined,
      residenceTypes: f.residenceTypes ?? undefined,
      statuses: f.statuses ?? undefined,
      tags: f.tags ?? undefined,
    },
    scope: ctx.scope,
    tagCodes,
    totals: input.totals ?? false,
    today: formatDate(today()),
    bandCutoffs: [18, 35, 60, 70, 80].map((age) => formatDate(birthDateRange(today(), age).lte!)),
  });
  return {
    dataset: input.dataset,
    columns: [...input.dimensions, ...input.measures].map((key) => ({ key, label: labels[key as Dimension | Measure] })),
    sql,
    dimensions: input.dimensions.length,
    measures: input.measures.length,
    totals: input.totals ?? false,
    k: lowest === 'AGGREGATE' ? suppressionK() : null,
  };
}
