import { maskText } from '../../access/masks.js';
import { withheld } from '../../access/policy.js';
import { builder } from '../../builder.js';
import { Resident } from '../resident/type.js';

export const ServiceKind = builder.enumType('ServiceKind', {
  description: '服务类型 Kind of service record',
  values: {
    HOME_VISIT: { description: '走访 home visit' },
    ASSISTANCE: { description: '帮扶 assistance' },
    SUBSIDY: { description: '补贴发放 subsidy paid' },
    MEDICATION_REMINDER: { description: '用药提醒 medication reminder' },
    CERTIFICATE: { description: '开具证明 certificate issued' },
    OTHER: { description: '其他 other' },
  } as const,
});

builder.prismaNode('ServiceRecord', {
  description:
    '走访/服务记录 ServiceRecord: a home visit, assistance, subsidy, reminder or certificate.',
  id: { field: 'id' },
  // Select mode: only the columns a query asks for. `residentId` is loaded always: the field
  // guard of `notes` names the resident in the audit trail by it.
  select: { id: true, residentId: true },
  // A service given to one identified person: each field declares its policy.
  describesPerson: { subject: ['residentId'] },
  fields: (t) => ({
    kind: t.expose('kind', {
      type: ServiceKind,
      nullable: true,
      description:
        '服务类型 Kind of service (personal: a medication reminder or a subsidy says something about the person; masked: withheld)',
      personal: { mask: withheld, reportUses: ['dimensions.SERVICE_KIND', 'filter.serviceKinds'] },
    }),
    occurredAt: t.expose('occurredAt', {
      type: 'DateTime',
      description: 'When the service took place',
      public: 'when a committee worked, not what for: the kind and notes are personal',
    }),
    notes: t.exposeString('notes', {
      nullable: true,
      description: '记录 Notes (personal; masked: withheld)',
      personal: { mask: maskText },
    }),
    recordedBy: t.exposeString('recordedBy', {
      description: 'The person who recorded it',
      public: 'the staff member, not the resident',
    }),
    resident: t.field({
      type: Resident,
      nullable: true,
      description: 'The resident served; null once they live outside your jurisdiction',
      public:
        'the resident record itself, scoped by jurisdiction; its fields declare their own policies',
      select: (_args, _ctx, nestedSelection) => ({ resident: nestedSelection(true) }),
      // A record stays with the community that made it; the person may have moved on since, and
      // then row-level security leaves the resident out.
      resolve: (record) => record.resident ?? null,
    }),
    community: t.relation('community', {
      description: 'The community that recorded it',
      public: 'the jurisdiction the record belongs to',
    }),
    section: t.relation('section', {
      nullable: true,
      description: 'The section that recorded it',
      public: 'the directory of sections',
    }),
    task: t.relation('task', {
      nullable: true,
      description: 'The task (purpose) it was done for',
      public: 'the public task list',
    }),
    version: t.exposeInt('version', {
      description: 'Row version for optimistic concurrency',
      public: 'bookkeeping of the record',
    }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When it was recorded in the hub',
      public: 'bookkeeping of the record',
    }),
  }),
});

builder.prismaObjectFields('Resident', (t) => ({
  serviceRecords: t.relatedConnection('serviceRecords', {
    description: "The resident's service records, newest first",
    public: "the list itself (scoped by jurisdiction); each record's kind and notes are personal",
    cursor: 'id',
    totalCount: true,
    // A resident who moved keeps records made elsewhere; those stay outside this jurisdiction.
    query: { orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }] },
  }),
}));
