/**
 * The one registry of report dimensions and measures: value, label, description, whether a
 * dimension is an attribute of people (its lines get disclosure control's dominance rule), what
 * kind of number a measure is, and the band edges. The GraphQL enums (types.ts), the TypeScript
 * types, the column labels, the SQL of the bands (sql.ts) and the README's table of dimensions
 * (checked by tests/report/registry.test.ts) all come from here. Which personal field grades a
 * use is declared on that field (`reportUses`, src/access/policy.ts), not here.
 */
interface DimensionEntry {
  label: string;
  description: string;
  attribute: boolean;
}

/**
 * What a measure is under disclosure control: a `count` of people, households or records is
 * perturbed; a `mean` is released only in cells that pass; an `extreme` (one person's exact value)
 * is refused whenever a report is protected.
 */
type MeasureKind = 'count' | 'mean' | 'extreme';
interface MeasureEntry {
  label: string | null;
  description: string;
  kind: MeasureKind;
}

/** Ages at which an age band starts (after 0); the last band is open. */
export const ageBandEdges = [18, 35, 60, 70, 80] as const;

export interface Band {
  value: string;
  name: string;
  description: string;
}

/** The age bands 0-17, 18-34, …, 80+ made from ageBandEdges. */
export const ageBands: Band[] = [0, ...ageBandEdges].map((from, i, all) => {
  const next = all[i + 1];
  return next === undefined
    ? { value: `${from}+`, name: `AGE_${from}_PLUS`, description: `${from} and over` }
    : {
        value: `${from}-${next - 1}`,
        name: `AGE_${from}_${next - 1}`,
        description: `${from}–${next - 1}`,
      };
});

/** Household sizes 1 … 4 and 5+. */
export const householdSizeTop = 5;
const sizeWords = ['one member', 'two members', 'three members', 'four members', 'five members'];
export const householdSizes: Band[] = Array.from({ length: householdSizeTop }, (_, i) =>
  i + 1 < householdSizeTop
    ? { value: String(i + 1), name: `SIZE_${i + 1}`, description: sizeWords[i]! }
    : {
        value: `${householdSizeTop}+`,
        name: `SIZE_${householdSizeTop}_PLUS`,
        description: `${sizeWords[i]} or more`,
      },
);

const bandList = (bands: Band[]) => bands.map((b) => b.value).join(', ');

export const dimensionRegistry = {
  DISTRICT: { label: '区 District', description: '区 district name', attribute: false },
  SUBDISTRICT: {
    label: '街道/镇 Subdistrict',
    description: '街道/镇 subdistrict name',
    attribute: false,
  },
  COMMUNITY: { label: '居村 Community', description: '居村 community name', attribute: false },
  AGE_BAND: {
    label: '年龄段 Age band',
    description: `年龄段 age band ${bandList(ageBands)} (needs Resident.age)`,
    attribute: true,
  },
  GENDER: { label: '性别 Gender', description: '性别 gender', attribute: true },
  RESIDENCE_TYPE: {
    label: '户籍类型 Residence type',
    description: '户籍类型 residence type',
    attribute: true,
  },
  STATUS: {
    label: '人员状态 Status',
    description: '人员状态 status (needs Resident.status)',
    attribute: true,
  },
  TAG: {
    label: '人员标签 Tag',
    description:
      '人员标签 tag code; a resident counts once under each tag; sensitive tags need their grant',
    attribute: true,
  },
  HOUSEHOLD_SIZE: {
    label: '户人数 Household size',
    description: `户人数 members of the household: ${bandList(householdSizes)} (needs Household.size)`,
    attribute: true,
  },
  SERVICE_KIND: {
    label: '服务类型 Service kind',
    description: '服务类型 kind of service record (needs ServiceRecord.kind)',
    attribute: true,
  },
  MONTH: {
    label: '月份 Month',
    description:
      '月份 month YYYY-MM (China Standard Time) a record occurred or a case was received',
    attribute: false,
  },
  DAY: {
    label: '日期 Day',
    description:
      '日期 day YYYY-MM-DD (China Standard Time) a record occurred or a case was received',
    attribute: false,
  },
  HOTLINE_CATEGORY: {
    label: '诉求类别 Hotline category',
    description: '诉求类别 hotline case category',
    attribute: false,
  },
  HOTLINE_STATUS: {
    label: '工单状态 Hotline status',
    description: '工单状态 hotline case status',
    attribute: false,
  },
  COMMITTEE_ROLE: {
    label: '居委角色 Committee role',
    description: "居委角色 the committee's role in a hotline case: LEAD or ASSIST",
    attribute: false,
  },
} as const satisfies Record<string, DimensionEntry>;

export const measureRegistry = {
  COUNT: {
    label: null,
    description:
      '数量 rows of the dataset: residents, households, service records or hotline cases',
    kind: 'count',
  },
  DISTINCT_RESIDENTS: {
    label: '涉及人数 Distinct residents',
    description: '涉及人数 distinct residents (for households: their members)',
    kind: 'count',
  },
  AVG_AGE: {
    label: '平均年龄 Average age',
    description: '平均年龄 average age, one decimal (needs Resident.age)',
    kind: 'mean',
  },
  MIN_AGE: {
    label: '最小年龄 Minimum age',
    description: '最小年龄 minimum age (needs Resident.age; refused when the report is protected)',
    kind: 'extreme',
  },
  MAX_AGE: {
    label: '最大年龄 Maximum age',
    description: '最大年龄 maximum age (needs Resident.age; refused when the report is protected)',
    kind: 'extreme',
  },
  HOUSEHOLDS: {
    label: '户数 Households',
    description: '户数 number of distinct households',
    kind: 'count',
  },
  AVG_HOUSEHOLD_SIZE: {
    label: '平均户人数 Average household size',
    description: '平均户人数 average members per household, two decimals',
    kind: 'mean',
  },
} as const satisfies Record<string, MeasureEntry>;

export type Dimension = keyof typeof dimensionRegistry;
export type Measure = keyof typeof measureRegistry;
export const dimensionNames = Object.keys(dimensionRegistry) as Dimension[];
export const measureNames = Object.keys(measureRegistry) as Measure[];

/** Enum values of a registry for builder.enumType: name → description. */
export const enumValues = <K extends string>(entries: Record<K, { description: string }>) =>
  Object.fromEntries(
    Object.entries<{ description: string }>(entries).map(([name, e]) => [
      name,
      { description: e.description },
    ]),
  ) as Record<K, { description: string }>;

/** Enum values of bands: name → value and description. */
export const bandValues = (bands: Band[]) =>
  Object.fromEntries(bands.map((b) => [b.name, { value: b.value, description: b.description }]));
