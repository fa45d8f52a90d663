import { Kind, type ValueNode } from 'graphql';
import { builder } from '../../builder.js';
import { CommitteeRole, HotlineStatus } from '../hotline/type.js';
import { Gender, ResidenceType, ResidentStatus } from '../resident/enums.js';
import { ServiceKind } from '../service/type.js';
import {
  ageBands,
  bandValues,
  dimensionRegistry,
  enumValues,
  householdSizes,
  measureRegistry,
} from './registry.js';

function literal(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
    case Kind.ENUM:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.LIST:
      return ast.values.map(literal);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literal(f.value)]));
    default:
      return null;
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
    SERVICE_RECORDS: {
      description:
        '走访/服务记录 service records: one row per visit, subsidy, reminder or certificate',
    },
    HOTLINE_CASES: { description: '12345 工单 hotline cases: one row per case' },
  } as const,
});

export const ReportDimension = builder.enumType('ReportDimension', {
  description:
    '报表维度 What a report groups by; each dataset supports some of them (README, Reports)',
  values: enumValues(dimensionRegistry),
});

export const ReportMeasure = builder.enumType('ReportMeasure', {
  description:
    '报表指标 What a report computes per group; each dataset supports some of them (README, Reports)',
  values: enumValues(measureRegistry),
});

export const AgeBand = builder.enumType('AgeBand', {
  description: '年龄段 Age band in whole years',
  values: bandValues(ageBands),
});

export const HouseholdSize = builder.enumType('HouseholdSize', {
  description: '户人数 Members of a household, in bands',
  values: bandValues(householdSizes),
});

export const ReportFilter = builder.inputType('ReportFilter', {
  description:
    'Report filters; every given list keeps rows matching one of its values, and all given filters must match. A filter the dataset does not support is BAD_USER_INPUT',
  fields: (t) => ({
    districts: t.idList({ required: false, description: 'District IDs' }),
    subdistricts: t.idList({ required: false, description: 'Subdistrict IDs' }),
    communities: t.idList({ required: false, description: 'Community IDs' }),
    ageBands: t.field({
      type: [AgeBand],
      required: false,
      description: 'Age bands (needs Resident.age); households: with a member in one of them',
    }),
    genders: t.field({ type: [Gender], required: false, description: 'Genders' }),
    residenceTypes: t.field({
      type: [ResidenceType],
      required: false,
      description: 'Residence types',
    }),
    statuses: t.field({ type: [ResidentStatus], required: false, description: 'Statuses' }),
    tags: t.stringList({
      required: false,
      description:
        'Tag codes: residents holding at least one of them (households: with such a member)',
    }),
    householdSizes: t.field({
      type: [HouseholdSize],
      required: false,
      description: 'Household sizes',
    }),
    serviceKinds: t.field({ type: [ServiceKind], required: false, description: 'Service kinds' }),
    months: t.stringList({
      required: false,
      description: 'Months YYYY-MM (China Standard Time) of occurrence or receipt',
    }),
    from: t.field({
      type: 'Date',
      required: false,
      description: 'Occurred or received on or after this day (China Standard Time)',
    }),
    to: t.field({
      type: 'Date',
      required: false,
      description: 'Occurred or received on or before this day (China Standard Time)',
    }),
    hotlineCategories: t.stringList({
      required: false,
      description: 'Hotline case categories, e.g. 噪音扰民',
    }),
    hotlineStatuses: t.field({
      type: [HotlineStatus],
      required: false,
      description: 'Hotline case statuses',
    }),
    committeeRoles: t.field({
      type: [CommitteeRole],
      required: false,
      description: "The committee's role in a hotline case",
    }),
  }),
});

export const ReportInput = builder.inputType('ReportInput', {
  description: 'A self-serve aggregate: dataset, dimensions, measures, filters',
  filtersNoOne:
    'each dimension, measure and filter is graded by the personal field that declares it in reportUses (report/engine.ts)',
  fields: (t) => ({
    dataset: t.field({ type: ReportDataset, required: true, description: 'What to count' }),
    dimensions: t.field({
      type: [ReportDimension],
      required: true,
      description: 'Group by these, in this column order (at most 4)',
    }),
    measures: t.field({
      type: [ReportMeasure],
      required: true,
      description: 'Compute these per group (at least one)',
    }),
    filter: t.field({
      type: ReportFilter,
      required: false,
      description: 'Only rows matching all given filters',
    }),
    totals: t.boolean({
      required: false,
      description: 'Add subtotal rows for every combination of dimensions, and a grand total',
    }),
  }),
});

export type ReportInputValue = typeof ReportInput.$inferInput;

export interface ReportColumnValue {
  key: string;
  label: string;
}
export interface ReportRowValue {
  values: unknown[];
  totals: boolean[];
  suppressed: boolean;
}
export interface ReportValue {
  columns: ReportColumnValue[];
  rows: ReportRowValue[];
  suppressedCells: number;
  suppressionK: number | null;
  perturbed: boolean;
}

const ReportColumn = builder.objectRef<ReportColumnValue>('ReportColumn').implement({
  description: 'One column of a report: dimensions first, then measures',
  fields: (t) => ({
    key: t.exposeString('key', {
      description: 'Dimension or measure name, e.g. COMMUNITY or COUNT',
    }),
    label: t.exposeString('label', { description: 'Column heading in Chinese and English' }),
  }),
});

const ReportRow = builder.objectRef<ReportRowValue>('ReportRow').implement({
  description: 'One row of a report',
  fields: (t) => ({
    values: t.field({
      type: ['JSON'],
      nullable: { list: false, items: true },
      description:
        'Values in column order; a dimension is null on a total row, a measure is null when withheld by disclosure control',
      resolve: (r) => r.values,
    }),
    totals: t.exposeBooleanList('totals', {
      description: 'Per dimension: true when this row totals over that dimension',
    }),
    suppressed: t.exposeBoolean('suppressed', {
      description:
        "Some measure of this row is withheld (null): a count other than the cell's size fell below k. A cell whose size falls below k is not a row at all",
    }),
  }),
});

export const Report = builder.objectRef<ReportValue>('Report').implement({
  description: '报表 The result of a report: columns and rows, pivot-friendly',
  fields: (t) => ({
    columns: t.field({
      type: [ReportColumn],
      description: 'Columns, dimensions first',
      resolve: (r) => r.columns,
    }),
    rows: t.field({
      type: [ReportRow],
      description: 'Rows, sorted by dimensions; total rows after their details',
      resolve: (r) => r.rows,
    }),
    suppressedCells: t.exposeInt('suppressedCells', {
      description:
        'How many rows have a measure withheld (rows withheld whole are neither shown nor counted)',
    }),
    suppressionK: t.exposeInt('suppressionK', {
      nullable: true,
      description:
        'The k of disclosure control: no released count lies between 1 and k − 1; null when figures are exact',
    }),
    perturbed: t.exposeBoolean('perturbed', {
      description:
        'Counts carry cell-key noise and small or dominant cells are withheld (README, Reports: disclosure control); false: exact figures',
    }),
  }),
});
