/**
 * How each seeded row type maps onto its table (the `@@map` names of schema.prisma) for the
 * unnest-based bulk insert. Dates travel as `YYYY-MM-DD`, timestamps as UTC text.
 */
import type { Column, Table } from './bulk.js';
import { formatDay, formatTimestamp } from './dates.js';
import type { HotlineCaseRow } from './hotline.js';
import type { HouseholdRow, ResidentRow } from './people.js';
import type { SectionRow } from './sections.js';
import type { ServiceRecordRow } from './services.js';
import type { ResidentTagRow, TagRow } from './tags.js';
import type { TaskAssistRow, TaskRow } from './tasks.js';

export interface AreaRow {
  id: number;
  code: string;
  name: string;
  kind: string;
  parentId: number;
}

const col = <R>(name: string, type: Column<R>['type'], value: Column<R>['value']): Column<R> => ({
  name,
  type,
  value,
});

export const districtTable: Table<Omit<AreaRow, 'kind' | 'parentId'>> = {
  name: 'district',
  stamped: true,
  columns: [
    col('id', 'int', (r) => r.id),
    col('code', 'text', (r) => r.code),
    col('name', 'text', (r) => r.name),
  ],
};

const areaTable = (name: string, kindEnum: string, parent: string): Table<AreaRow> => ({
  name,
  stamped: true,
  columns: [
    col('id', 'int', (r) => r.id),
    col('code', 'text', (r) => r.code),
    col('name', 'text', (r) => r.name),
    col('kind', { enum: kindEnum }, (r) => r.kind),
    col(parent, 'int', (r) => r.parentId),
  ],
});

export const subdistrictTable = areaTable('subdistrict', 'SubdistrictKind', 'district_id');
export const communityTable = areaTable('community', 'CommunityKind', 'subdistrict_id');

export const sectionTable: Table<SectionRow> = {
  name: 'section',
  stamped: true,
  columns: [
    col('id', 'int', (r) => r.id),
    col('code', 'text', (r) => r.code),
    col('name', 'text', (r) => r.name),
    col('level', { enum: 'SectionLevel' }, (r) => r.level),
    col('district_id', 'int', (r) => r.districtId),
    col('subdistrict_id', 'int', (r) => r.subdistrictId),
    col('community_id', 'int', (r) => r.communityId),
  ],
};

export const tagTable: Table<TagRow> = {
  name: 'tag',
  stamped: true,
  columns: [
    col('id', 'int', (r) => r.id),
    col('code', 'text', (r) => r.code),
    col('name', 'text', (r) => r.name),
    col('description', 'text', (r) => r.description),
    col('sensitive', 'bool', (r) => r.sensitive),
    col('section_id', 'int', (r) => r.sectionId),
  ],
};

export const taskTable: Table<TaskRow> = {
  name: 'task',
  stamped: true,
  columns: [
    col('id', 'int', (r) => r.id),
    col('code', 'text', (r) => r.code),
    col('year', 'int', (r) => r.year),
    col('title', 'text', (r) => r.title),
    col('list', { enum: 'TaskList' }, (r) => r.list),
    col('section_id', 'int', (r) => r.sectionId),
  ],
};

export const taskAssistTable: Table<TaskAssistRow> = {
  name: 'task_assist',
  stamped: false,
  columns: [col('task_id', 'int', (r) => r.taskId), col('section_id', 'int', (r) => r.sectionId)],
};

export const householdTable: Table<HouseholdRow> = {
  name: 'household',
  stamped: true,
  columns: [
    col('id', 'int', (r) => r.id),
    col('address', 'text', (r) => r.address),
    col('community_id', 'int', (r) => r.communityId),
    col('head_id', 'int', (r) => r.headId),
  ],
};

export const residentTable: Table<ResidentRow> = {
  name: 'resident',
  stamped: true,
  columns: [
    col('id', 'int', (r) => r.id),
    col('id_number', 'text', (r) => r.idNumber),
    col('name', 'text', (r) => r.name),
    col('gender', { enum: 'Gender' }, (r) => r.gender),
    col('birth_date', 'date', (r) => formatDay(r.birthDay)),
    col('phone', 'text', (r) => r.phone),
    col('ethnicity', 'text', (r) => r.ethnicity),
    col('residence_type', { enum: 'ResidenceType' }, (r) => r.residenceType),
    col('status', { enum: 'ResidentStatus' }, (r) => r.status),
    col('community_id', 'int', (r) => r.communityId),
    col('household_id', 'int', (r) => r.householdId),
    col('relation_to_head', { enum: 'RelationToHead' }, (r) => r.relation),
    col('move_in_date', 'date', (r) => formatDay(r.moveInDay)),
  ],
};

export const residentTagTable: Table<ResidentTagRow> = {
  name: 'resident_tag',
  stamped: false,
  columns: [
    col('resident_id', 'int', (r) => r.residentId),
    col('tag_id', 'int', (r) => r.tagId),
    col('set_by', 'text', (r) => r.setBy),
    col('section_id', 'int', (r) => r.sectionId),
    col('set_at', 'timestamp', (r) => formatTimestamp(r.setAt)),
  ],
};

export const serviceRecordTable: Table<ServiceRecordRow> = {
  name: 'service_record',
  stamped: true,
  columns: [
    col('id', 'int', (r) => r.id),
    col('kind', { enum: 'ServiceKind' }, (r) => r.kind),
    col('occurred_at', 'timestamp', (r) => formatTimestamp(r.occurredAt)),
    col('notes', 'text', (r) => r.notes),
    col('recorded_by', 'text', (r) => r.recordedBy),
    col('resident_id', 'int', (r) => r.residentId),
    col('community_id', 'int', (r) => r.communityId),
    col('section_id', 'int', (r) => r.sectionId),
    col('task_id', 'int', (r) => r.taskId),
  ],
};

export const hotlineCaseTable: Table<HotlineCaseRow> = {
  name: 'hotline_case',
  stamped: true,
  columns: [
    col('id', 'int', (r) => r.id),
    col('case_number', 'text', (r) => r.caseNumber),
    col('category', 'text', (r) => r.category),
    col('summary', 'text', (r) => r.summary),
    col('status', { enum: 'HotlineStatus' }, (r) => r.status),
    col('role', { enum: 'CommitteeRole' }, (r) => r.role),
    col('received_at', 'timestamp', (r) => formatTimestamp(r.receivedAt)),
    col('closed_at', 'timestamp', (r) =>
      r.closedAt === null ? null : formatTimestamp(r.closedAt),
    ),
    col('community_id', 'int', (r) => r.communityId),
    col('task_id', 'int', (r) => r.taskId),
  ],
};

/** Tables with a serial `id`, in insertion order. */
export const SERIAL_TABLES = [
  'district',
  'subdistrict',
  'community',
  'section',
  'tag',
  'task',
  'household',
  'resident',
  'service_record',
  'hotline_case',
] as const;
