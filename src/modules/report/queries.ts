import { purposeRequired } from '../../access/access.js';
import { tagGrantType } from '../../access/fields.js';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { badInput } from '../../errors.js';
import type { AccessLevel } from '../../generated/prisma/enums.js';
import { rowId } from '../common/ids.js';
import { formatDate } from '../common/scalars.js';
import { birthDateRange, today } from '../resident/age.js';
import { type Dimension, type Measure, residentReportSql } from './sql.js';
import { type Cell, suppress } from './suppress.js';
import { Report, ReportInput, type ReportInputValue, type ReportValue } from './types.js';

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
 * Every graded field a report uses, checked to be at least AGGREGATE (FORBIDDEN names the use
 * and the field) and touched in the audit trail. Returns the lowest level held, and the tags a
 * TAG dimension may show.
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

function validate(input: ReportInputValue) {
  if (input.dimensions.length > 4) throw badInput('dimensions', 'at most 4');
  if (new Set(input.dimensions).size !== input.dimensions.length) throw badInput('dimensions', 'must not repeat');
  if (input.measures.length === 0) throw badInput('measures', 'at least one');
  if (new Set(input.measures).size !== input.measures.length) throw badInput('measures', 'must not repeat');
}

export async function runReport(ctx: Context, input: ReportInputValue): Promise<ReportValue> {
  if (!ctx.purpose) throw purposeRequired();
  validate(input);
  const { lowest, tagCodes } = await checkGrants(ctx, input);
  // Every run is audited: the dataset and the graded fields aggregated, never residents.
  ctx.audit.touch('Report', input.dataset);
  const f = input.filter ?? {};
  const rows = await ctx.prisma.$queryRaw<Array<Record<string, unknown>>>(residentReportSql({
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
  }));
  const dims = input.dimensions.length;
  const cells: Array<Cell & { row: Record<string, unknown> }> = rows.map((row) => ({
    row,
    keys: input.dimensions.map((_, i) => row[`k${i}`] as string | null),
    totals: input.dimensions.map((_, i) => row[`g${i}`] === 1),
    n: Number(row.n),
    suppressed: false,
  }));
  const k = suppressionK();
  const applies = lowest === 'AGGREGATE';
  const suppressedCells = applies ? suppress(cells, dims, k, input.totals ?? false) : 0;
  return {
    columns: [...input.dimensions, ...input.measures].map((key) => ({ key, label: labels[key as Dimension | Measure] })),
    rows: cells.map((c) => ({
      values: [
        ...input.dimensions.map((_, i) => (c.totals[i] ? null : c.row[`d${i}`])),
        ...input.measures.map((_, i) => (c.suppressed ? null : c.row[`m${i}`])),
      ],
      totals: c.totals,
      suppressed: c.suppressed,
    })),
    suppressedCells,
    suppressionK: applies ? k : null,
  };
}

builder.queryFields((t) => ({
  report: t.field({
    description: '报表 A self-serve aggregate computed in the database; needs a purpose and AGGREGATE on every graded field used',
    type: Report,
    args: { input: t.arg({ type: ReportInput, required: true, description: 'Dataset, dimensions, measures, filters, totals' }) },
    resolve: (_root, args, ctx) => runReport(ctx, args.input),
  }),
}));
