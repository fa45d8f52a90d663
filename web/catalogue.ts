/**
 * What the report builder offers: datasets, their dimensions, measures and filters, as the hub's
 * registry has them (README, Reports), with the personal field each needs: the builder greys out
 * what the chosen task's fields leave out (rule TASK_FIELDS) and shows the hub's refusal of the rest.
 */
export const datasets = ['RESIDENTS', 'HOUSEHOLDS', 'SERVICE_RECORDS', 'HOTLINE_CASES'] as const;
export type Dataset = (typeof datasets)[number];

const places = ['DISTRICT', 'SUBDISTRICT', 'COMMUNITY'];
export const dimensionsOf: Record<Dataset, string[]> = {
  RESIDENTS: [...places, 'AGE_BAND', 'GENDER', 'RESIDENCE_TYPE', 'STATUS', 'TAG', 'HOUSEHOLD_SIZE'],
  HOUSEHOLDS: [...places, 'HOUSEHOLD_SIZE'],
  SERVICE_RECORDS: [
    ...places,
    'SERVICE_KIND',
    'MONTH',
    'AGE_BAND',
    'GENDER',
    'RESIDENCE_TYPE',
    'STATUS',
  ],
  HOTLINE_CASES: [...places, 'MONTH', 'HOTLINE_CATEGORY', 'HOTLINE_STATUS', 'COMMITTEE_ROLE'],
};
export const measuresOf: Record<Dataset, string[]> = {
  RESIDENTS: ['COUNT', 'DISTINCT_RESIDENTS', 'AVG_AGE', 'MIN_AGE', 'MAX_AGE', 'HOUSEHOLDS'],
  HOUSEHOLDS: ['COUNT', 'DISTINCT_RESIDENTS', 'AVG_HOUSEHOLD_SIZE'],
  SERVICE_RECORDS: ['COUNT', 'DISTINCT_RESIDENTS', 'HOUSEHOLDS'],
  HOTLINE_CASES: ['COUNT'],
};
/** Filters the builder offers per dataset (every dataset also filters on its dimensions in the API). */
export const filtersOf: Record<Dataset, Array<'ageBands' | 'tags' | 'period'>> = {
  RESIDENTS: ['ageBands', 'tags'],
  HOUSEHOLDS: ['ageBands', 'tags'],
  SERVICE_RECORDS: ['period', 'ageBands', 'tags'],
  HOTLINE_CASES: ['period'],
};
export const ageBands = [
  'AGE_0_17',
  'AGE_18_34',
  'AGE_35_59',
  'AGE_60_69',
  'AGE_70_79',
  'AGE_80_PLUS',
];

/** The personal field a dimension, measure or filter needs (at least AGGREGATE). */
export const needs: Record<string, string> = {
  AGE_BAND: 'Resident.age',
  STATUS: 'Resident.status',
  HOUSEHOLD_SIZE: 'Household.size',
  SERVICE_KIND: 'ServiceRecord.kind',
  AVG_AGE: 'Resident.age',
  MIN_AGE: 'Resident.age',
  MAX_AGE: 'Resident.age',
  ageBands: 'Resident.age',
};

export const datasetLabels: Record<Dataset, string> = {
  RESIDENTS: '居民 Residents',
  HOUSEHOLDS: '户 Households',
  SERVICE_RECORDS: '服务记录 Service records',
  HOTLINE_CASES: '12345 工单 Hotline cases',
};
export const labels: Record<string, string> = {
  DISTRICT: '区 District',
  SUBDISTRICT: '街道/镇 Subdistrict',
  COMMUNITY: '居村 Community',
  AGE_BAND: '年龄段 Age band',
  GENDER: '性别 Gender',
  RESIDENCE_TYPE: '户籍类型 Residence type',
  STATUS: '人员状态 Status',
  TAG: '人员标签 Tag',
  HOUSEHOLD_SIZE: '户人数 Household size',
  SERVICE_KIND: '服务类型 Service kind',
  MONTH: '月份 Month',
  HOTLINE_CATEGORY: '诉求类别 Hotline category',
  HOTLINE_STATUS: '工单状态 Hotline status',
  COMMITTEE_ROLE: '居委角色 Committee role',
  COUNT: '数量 Count',
  DISTINCT_RESIDENTS: '涉及人数 Distinct residents',
  AVG_AGE: '平均年龄 Average age',
  MIN_AGE: '最小年龄 Minimum age',
  MAX_AGE: '最大年龄 Maximum age',
  HOUSEHOLDS: '户数 Households',
  AVG_HOUSEHOLD_SIZE: '平均户人数 Average household size',
  AGE_0_17: '0-17',
  AGE_18_34: '18-34',
  AGE_35_59: '35-59',
  AGE_60_69: '60-69',
  AGE_70_79: '70-79',
  AGE_80_PLUS: '80+',
};

export interface Task {
  code: string;
  title: string;
  datasets: string[];
  fields: string[];
  section: { code: string };
  assistingSections: Array<{ code: string }>;
}

/** Tasks a section may name as purpose: its own, those it assists; committees and streets assist all. */
export function usableTasks(tasks: Task[], section: { code: string; level: string }): Task[] {
  if (section.level === 'COMMUNITY' || section.level === 'SUBDISTRICT') return tasks;
  return tasks.filter(
    (t) =>
      t.section.code === section.code || t.assistingSections.some((s) => s.code === section.code),
  );
}

/** Why the task leaves something out, or null when it allows it. */
export function taskRefusal(task: Task | undefined, item: string): string | null {
  const field = needs[item];
  if (!task || !field || task.fields.includes(field)) return null;
  return `${field} 不在任务 ${task.code} 的字段内 (TASK_FIELDS: not among the fields of task ${task.code})`;
}
