import { builder } from '../../builder.js';

export const AuditOutcome = builder.enumType('AuditOutcome', {
  description: 'How a request that read or wrote personal data ended',
  values: {
    OK: { description: 'answered without errors' },
    PARTIAL: { description: 'answered in part: some data and some errors' },
    DENIED: {
      description: 'refused: no grant, no or a wrong purpose, or outside the jurisdiction',
    },
    ERROR: { description: 'failed' },
  } as const,
});

builder.prismaObject('AuditEvent', {
  description:
    '审计 AuditEvent: one request that read or wrote personal data, append-only and hash-chained. ' +
    'Names the fields touched and how many residents, never which residents.',
  fields: (t) => ({
    id: t.id({
      description: 'Position in the chain (a 64-bit number, as a string)',
      resolve: (event) => event.id.toString(),
    }),
    at: t.expose('at', { type: 'DateTime', description: 'When the request was answered' }),
    principal: t.exposeString('principal', {
      description: 'Who called: `token:<user>`, `external:<user>` or `apiKey:<name>`',
    }),
    sectionCode: t.exposeString('sectionCode', {
      description: 'The section the principal acted for',
    }),
    purpose: t.exposeString('purpose', {
      nullable: true,
      description: 'Task code named as the purpose',
    }),
    operationName: t.exposeString('operationName', {
      nullable: true,
      description: 'Name of the GraphQL operation, if the client gave one',
    }),
    operationHash: t.exposeString('operationHash', {
      description:
        'HMAC-SHA256 of the query document under a key of the hub (ONETABLE_AUDIT_KEY, else derived from the hub-token secret): ' +
        'the same document has the same hash within a deployment, but values written into a query cannot be guessed back from it. ' +
        'Variables are never kept',
    }),
    fields: t.exposeStringList('fields', {
      description: 'Type.field names read or written, e.g. Resident.idNumber',
    }),
    residentCount: t.int({
      description: 'Number of residents touched',
      resolve: (event) => event.residentIds.length,
    }),
    outcome: t.expose('outcome', { type: AuditOutcome, description: 'How the request ended' }),
    // auditEvents lists linked events only (it links what is waiting first), so both are set.
    prevHash: t.string({
      description: 'Hash of the event before this one along the chain',
      resolve: (event) => linked(event.prevHash),
    }),
    hash: t.string({
      description: 'SHA-256 over prevHash and this event',
      resolve: (event) => linked(event.hash),
    }),
  }),
});

function linked(hash: string | null): string {
  if (hash === null) throw new Error('an unlinked audit event reached the audit trail query');
  return hash;
}

/** One entry of a resident's access log: which section read which fields, when, what for. */
export interface AccessLogEntryShape {
  at: Date;
  sectionCode: string;
  sectionName: string | null;
  purpose: string | null;
  fields: string[];
}

export const AccessLogEntry = builder.objectRef<AccessLogEntryShape>('AccessLogEntry').implement({
  description: "A read or write of one resident's data, as shown to that resident by the committee",
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime', description: 'When the data was read or written' }),
    sectionCode: t.exposeString('sectionCode', {
      description: 'Code of the section that read or wrote, e.g. civil-affairs',
    }),
    sectionName: t.exposeString('sectionName', {
      nullable: true,
      description: 'e.g. 民政科; null if the section was removed',
    }),
    purpose: t.exposeString('purpose', {
      nullable: true,
      description: 'Task code named as the purpose',
    }),
    fields: t.exposeStringList('fields', {
      description: 'Type.field names of the request (it may have touched other residents too)',
    }),
  }),
});
