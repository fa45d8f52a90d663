import { maskText } from '../../access/masks.js';
import { builder } from '../../builder.js';

export const HotlineStatus = builder.enumType('HotlineStatus', {
  description: '工单状态 Status of a hotline case',
  values: {
    OPEN: { description: '待处理 open' },
    IN_PROGRESS: { description: '处理中 in progress' },
    RESOLVED: { description: '已办结 resolved' },
    CLOSED: { description: '已关闭 closed' },
  } as const,
});

export const CommitteeRole = builder.enumType('CommitteeRole', {
  description: "The committee's role in handling a case",
  values: {
    LEAD: { description: '主办 the committee leads' },
    ASSIST: { description: '协办 the committee assists the responsible department' },
  } as const,
});

builder.prismaNode('HotlineCase', {
  description: '12345 工单 HotlineCase: a citizen hotline ticket handled in a community.',
  id: { field: 'id' },
  // A citizen's request: each field declares its policy. No resident is linked, so the audit
  // names no resident for it.
  describesPerson: { subject: [] },
  fields: (t) => ({
    caseNumber: t.exposeString('caseNumber', {
      description: '工单编号 Case number',
      public: 'a case is not linked to a resident record: only its summary may name people',
    }),
    category: t.exposeString('category', {
      description: '诉求类别 Category, e.g. 噪音扰民',
      public:
        'a case is not linked to a resident record: only its summary may name people; a report dimension',
    }),
    summary: t.exposeString('summary', {
      nullable: true,
      description: '诉求摘要 Summary (may name people: personal; masked: withheld)',
      personal: { mask: maskText },
    }),
    status: t.expose('status', {
      type: HotlineStatus,
      description: '工单状态 Status',
      public: 'a case is not linked to a resident record: only its summary may name people',
    }),
    role: t.expose('role', {
      type: CommitteeRole,
      description: '主办/协办 Whether the committee leads or assists',
      public: "the committee's role, not the citizen's",
    }),
    receivedAt: t.expose('receivedAt', {
      type: 'DateTime',
      description: '受理时间 When the hotline received the case',
      public: 'a case is not linked to a resident record: only its summary may name people',
    }),
    closedAt: t.expose('closedAt', {
      type: 'DateTime',
      nullable: true,
      description: '办结时间 When it was closed; null while open',
      public: 'a case is not linked to a resident record: only its summary may name people',
    }),
    community: t.relation('community', {
      description: 'The community the case is about',
      public: 'the jurisdiction the case belongs to',
    }),
    task: t.relation('task', {
      nullable: true,
      description: 'The task on the list the case falls under',
      public: 'the public task list',
    }),
  }),
});
