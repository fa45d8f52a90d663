/**
 * What each kind of ledger holds: its fields, the headings committees write for them (Chinese
 * and English), and which are required. Headings are compared after `headingKey`: no spaces,
 * no `*` required-markers, no parenthesised hints, full-width folded, case-insensitive.
 */
export const importKinds = ['residents', 'households', 'services', 'tags'] as const;
export type ImportKind = (typeof importKinds)[number];

export type FieldName =
  | 'name'
  | 'idNumber'
  | 'gender'
  | 'birthDate'
  | 'ethnicity'
  | 'phone'
  | 'address'
  | 'householdNumber'
  | 'relationToHead'
  | 'residenceType'
  | 'status'
  | 'moveInDate'
  | 'tags'
  | 'headIdNumber'
  | 'occurredAt'
  | 'notes'
  | 'serviceKind'
  | 'task'
  | 'recordedBy';

/** Headings recognised for each field (the first is the one the error report and README use). */
export const headings: Record<FieldName, readonly string[]> = {
  name: ['姓名', '名字', 'name'],
  idNumber: [
    '身份证号',
    '公民身份号码',
    '身份证号码',
    '身份证',
    '证件号码',
    'idNumber',
    'id number',
    'id',
  ],
  gender: ['性别', 'gender', 'sex'],
  birthDate: ['出生日期', '出生年月日', '出生年月', '生日', 'birthDate', 'birth date'],
  ethnicity: ['民族', 'ethnicity'],
  phone: ['联系电话', '手机号', '手机号码', '手机', '电话', '联系方式', 'phone', 'mobile'],
  address: ['住址', '现住址', '居住地址', '家庭住址', '门牌地址', '地址', 'address'],
  householdNumber: ['户号', '户编号', 'householdNumber', 'household number', 'household'],
  relationToHead: ['与户主关系', '与户主的关系', '关系', 'relationToHead', 'relation'],
  residenceType: [
    '户籍类型',
    '人户状态',
    '居住类型',
    '户籍性质',
    'residenceType',
    'residence type',
  ],
  status: ['人员状态', '状态', 'status'],
  moveInDate: ['入住日期', '迁入日期', '入住时间', 'moveInDate', 'move-in date'],
  tags: ['人员类别', '标签', '人员标签', '特殊人群', 'tags', 'tag'],
  headIdNumber: [
    '户主身份证号',
    '户主公民身份号码',
    '户主身份证号码',
    'headIdNumber',
    'head id number',
  ],
  occurredAt: ['走访日期', '服务日期', '走访时间', '服务时间', '日期', 'occurredAt', 'date'],
  notes: ['走访内容', '服务内容', '走访情况', '内容', '备注', 'notes'],
  serviceKind: ['服务类型', '走访类型', '类型', 'kind', 'serviceKind'],
  task: ['任务编号', '任务', 'task'],
  recordedBy: ['走访人', '记录人', '服务人', 'recordedBy', 'recorded by'],
};

export interface KindSpec {
  /** Fields a file of this kind may have. */
  fields: readonly FieldName[];
  /** Fields every row needs. */
  required: readonly FieldName[];
  /** Report dataset name in the burden ledger. */
  dataset: string;
  /** Name of the audit event's operation. */
  operation: string;
}

export const kinds: Record<ImportKind, KindSpec> = {
  residents: {
    fields: [
      'name',
      'idNumber',
      'gender',
      'birthDate',
      'ethnicity',
      'phone',
      'address',
      'householdNumber',
      'relationToHead',
      'residenceType',
      'status',
      'moveInDate',
      'tags',
    ],
    required: ['name', 'idNumber', 'ethnicity'],
    dataset: 'RESIDENTS',
    operation: 'importResidents',
  },
  households: {
    fields: ['address', 'householdNumber', 'headIdNumber'],
    required: ['address'],
    dataset: 'HOUSEHOLDS',
    operation: 'importHouseholds',
  },
  services: {
    fields: ['idNumber', 'name', 'occurredAt', 'notes', 'serviceKind', 'task', 'recordedBy'],
    required: ['idNumber', 'occurredAt'],
    dataset: 'SERVICE_RECORDS',
    operation: 'importServices',
  },
  tags: {
    fields: ['idNumber', 'name', 'tags'],
    required: ['idNumber', 'tags'],
    dataset: 'TAGS',
    operation: 'importTags',
  },
};

/** A heading as compared: `* 身份证号（18位）` and `身份证号` are the same heading. */
export function headingKey(text: string): string {
  return foldWidth(text)
    .replace(/[(（][^)）]*[)）]/g, '')
    .replace(/[\s*＊:：_]/g, '')
    .toLowerCase();
}

/** Full-width ASCII (Ｕ+FF01–FF5E) to half-width, the ideographic space to a space. */
export function foldWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

const byHeading = new Map<string, FieldName>();
for (const [field, list] of Object.entries(headings) as Array<[FieldName, readonly string[]]>) {
  for (const heading of list)
    if (!byHeading.has(headingKey(heading))) byHeading.set(headingKey(heading), field);
}

/** The field a heading names, if it is one the hub knows (any kind). */
export function fieldOfHeading(heading: string): FieldName | undefined {
  return byHeading.get(headingKey(heading));
}

export function isFieldName(value: string): value is FieldName {
  return Object.hasOwn(headings, value);
}
