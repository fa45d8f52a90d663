import { Kind, type ValueNode } from 'graphql';
import { builder } from '../../builder.js';
import { CommitteeRole, HotlineStatus } from '../hotline/type.js';
import { Gender, ResidenceType, ResidentStatus } from '../resident/enums.js';
import { ServiceKind } from '../service/type.js';

function literal(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING: case Kind.BOOLEAN: case Kind.ENUM: return ast.value;
    case Kind.INT: case Kind.FLOAT: return Number(ast.value);
    case Kind.LIST: return ast.values.map(literal);
    case Kind.OBJECT: return Object.fromEntries(ast.fields.map((f) => [f.name.value, literal(f.value)]));
    default: return null;
  }
}

builder.scalarType('JSON', {
  description: 'Any JSON value: a string, number, boolean, null, list or object.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literal,
});

export const ReportDataset = builder.enumType('ReportDataset', {
  description: '报表数据集 What a report counts',
  values: {
    RESIDENTS: { description: '实有人口 residents: one row per resident' },
    HOUSEHOLDS: { description: '户 households: one row per household' },
    SERVICE_RECORDS: { description: '走访/服务记录 service records: one row per visit, subsidy, reminder or certificate' },
    HOTLINE_CASES: { description: '12345 工单 hotline cases: one row per case' },
  } as const,
});

export const ReportDimension = builder.enumType('ReportDimension', {
  description: '报表维度 What a report groups by; each dataset supports some of them (README, Reports)',
  values: {
    DISTRICT: { description: '区 district name' },
    SUBDISTRICT: { description: '街道/镇 subdistrict name' },
    COMMUNITY: { description: '居村 community name' },
    AGE_BAND: { description: '年龄段 age band 0-17, 18-34, 35-59, 60-69, 70-79, 80+ (needs Resident.age)' },
    GENDER: { description: '性别 gender' },
    RESIDENCE_TYPE: { description: '户籍类型 residence type' },
    STATUS: { description: '人员状态 status' },
    TAG: { description: '人员标签 tag code; a resident counts once under each tag; sensitive tags need their grant' },
    HOUSEHOLD_SIZE: { description: '户人数 members of the household: 1, 2, 3, 4, 5+' },
    SERVICE_KIND: { description: '服务类型 kind of service record' },
    MONTH: { description: '月份 month YYYY-MM (China Standard Time) a record occurred or a case was received' },
    DAY: { description: '日期 day YYYY-MM-DD (China Standard Time) a record occurred or a case was received' },
    HOTLINE_CATEGORY: { description: '诉求类别 hotline case category' },
    HOTLINE_STATUS: { description: '工单状态 hotline case status' },
    COMMITTEE_ROLE: { description: '居委角色 the committee\'s role in a hotline case: LEAD or ASSIST' },
  } as const,
});

export const ReportMeasure = builder.enumType('ReportMeasure', {
  description: '报表指标 What a report computes per group; each dataset supports some of them (README, Reports)',
  values: {
    COUNT: { description: '数量 rows of the dataset: residents, households, service records or hotline cases' },
    DISTINCT_RESIDENTS: { description: '涉及人数 distinct residents (for households: their members)' },
    AVG_AGE: { description: '平均年龄 average age, one decimal (needs Resident.age)' },
    MIN_AGE: { description: '最小年龄 minimum age (needs Resident.age)' },
    MAX_AGE: { description: '最大年龄 maximum age (needs Resident.age)' },
    HOUSEHOLDS: { description: '户数 number of distinct households' },
    AVG_HOUSEHOLD_SIZE: { description: '平均户人数 average members per household, two decimals' },
  } as const,
});

export const AgeBand = builder.enumType('AgeBand', {
  description: '年龄段 Age band in whole years',
  values: {
    AGE_0_17: { value: '0-17', description: '0–17' },
    AGE_18_34: { value: '18-34', description: '18–34' },
    AGE_35_59: { value: '35-59', description: '35–59' },
    AGE_60_69: { value: '60-69', description: '60–69' },
    AGE_70_79: { value: '70-79', description: '70–79' },
    AGE_80_PLUS: { value: '80+', description: '80 and over' },
  } as const,
});

export const HouseholdSize = builder.enumType('HouseholdSize', {
  description: '户人数 Members of a household, in bands',
  values: {
    SIZE_1: { value: '1', description: 'one member' },
    SIZE_2: { value: '2', description: 'two members' },
    SIZE_3: { value: '3', description: 'three members' },
    SIZE_4: { value: '4', description: 'four members' },
    SIZE_5_PLUS: { value: '5+', description: 'five members or more' },
  } as const,
});

export const ReportFilter = builder.inputType('ReportFilter', {
  description: 'Report filters; every given list keeps rows matching one of its values, and all given filters must match. A filter the dataset does not support is BAD_USER_INPUT',
  fields: (t) => ({
    districts: t.idList({ required: false, description: 'District IDs' }),
    subdistricts: t.idList({ required: false, description: 'Subdistrict IDs' }),
    communities: t.idList({ required: false, description: 'Community IDs' }),
    ageBands: t.field({ type: [AgeBand], required: false, description: 'Age bands (needs Resident.age); households: with a member in one of them' }),
    genders: t.field({ type: [Gender], required: false, description: 'Genders' }),
    residenceTypes: t.field({ type: [ResidenceType], required: false, description: 'Residence types' }),
    statuses: t.field({ type: [ResidentStatus], required: false, description: 'Statuses' }),
    tags: t.stringList({ required: false, description: 'Tag codes: residents holding at least one of them (households: with such a member)' }),
    householdSizes: t.field({ type: [HouseholdSize], required: false, description: 'Household sizes' }),
    serviceKinds: t.field({ type: [ServiceKind], required: false, description: 'Service kinds' }),
    months: t.stringList({ required: false, description: 'Months YYYY-MM (China Standard Time) of occurrence or receipt' }),
    from: t.field({ type: 'Date', required: false, description: 'Occurred or received on or after this day (China Standard Time)' }),
    to: t.field({ type: 'Date', required: false, description: 'Occurred or received on or before this day (China Standard Time)' }),
    hotlineCategories: t.stringList({ required: false, description: 'Hotline case categories, e.g. 噪音扰民' }),
    hotlineStatuses: t.field({ type: [HotlineStatus], required: false, description: 'Hotline case statuses' }),
    committeeRoles: t.field({ type: [CommitteeRole], required: false, description: 'The committee\'s role in a hotline case' }),
  }),
});

export const ReportInput = builder.inputType('ReportInput', {
  description: 'A self-serve aggregate: dataset, dimensions, measures, filters',
  filtersNoOne: 'each dimension, measure and filter is graded by the personal field that declares it in reportUses (report/engine.ts)',
  fields: (t) => ({
    dataset: t.field({ type: ReportDataset, required: true, description: 'What to count' }),
    dimensions: t.field({ type: [ReportDimension], required: true, description: 'Group by these, in this column order (at most 4)' }),
    measures: t.field({ type: [ReportMeasure], required: true, description: 'Compute these per group (at least one)' }),
    filter: t.field({ type: ReportFilter, required: false, description: 'Only rows matching all given filters' }),
    totals: t.boolean({ required: false, description: 'Add subtotal rows for every combination of dimensions, and a grand total' }),
  }),
});

export type ReportInputValue = typeof ReportInput.$inferInput;

export interface ReportColumnValue { key: string; label: string }
export interface ReportRowValue { values: unknown[]; totals: boolean[]; suppressed: boolean }
export interface ReportValue { columns: ReportColumnValue[]; rows: ReportRowValue[]; suppressedCells: number; suppressionK: number | null }

const ReportColumn = builder.objectRef<ReportColumnValue>('ReportColumn').implement({
  description: 'One column of a report: dimensions first, then measures',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Dimension or measure name, e.g. COMMUNITY or COUNT' }),
    label: t.exposeString('label', { description: 'Column heading in Chinese and English' }),
  }),
});

const ReportRow = builder.objectRef<ReportRowValue>('ReportRow').implement({
  description: 'One row of a report',
  fields: (t) => ({
    values: t.field({ type: ['JSON'], nullable: { list: false, items: true }, description: 'Values in column order; a dimension is null on a total row, a measure is null when suppressed', resolve: (r) => r.values }),
    totals: t.exposeBooleanList('totals', { description: 'Per dimension: true when this row totals over that dimension' }),
    suppressed: t.exposeBoolean('suppressed', { description: 'Measures withheld by small-cell suppression' }),
  }),
});

export const Report = builder.objectRef<ReportValue>('Report').implement({
  description: '报表 The result of a report: columns and rows, pivot-friendly',
  fields: (t) => ({
    columns: t.field({ type: [ReportColumn], description: 'Columns, dimensions first', resolve: (r) => r.columns }),
    rows: t.field({ type: [ReportRow], description: 'Rows, sorted by dimensions; total rows after their details', resolve: (r) => r.rows }),
    suppressedCells: t.exposeInt('suppressedCells', { description: 'How many rows had their measures suppressed' }),
    suppressionK: t.exposeInt('suppressionK', { nullable: true, description: 'The k of small-cell suppression, null when it did not apply' }),
  }),
});
