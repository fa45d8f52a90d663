import type { Access } from './access/access.js';
import type { Principal } from './access/principal.js';
import type { AuditTrail } from './audit/trail.js';
import type { PrismaClient } from './db/client.js';

/** Per-request context: built once per HTTP request, never shared between requests. */
export interface Context {
  requestId: string;
  /** The authenticated caller (requests without valid credentials never get a context). */
  principal: Principal;
  /** The task code named in the X-Purpose header, if any (checked by the purpose rule). */
  purpose: string | null;
  /** Communities of the principal's jurisdiction; null for the whole district. */
  scope: number[] | null;
  /** Prisma scoped to the principal's jurisdiction: rows outside it do not exist. */
  prisma: PrismaClient;
  /** Unscoped Prisma, for the access and audit machinery only — never for resolvers. */
  db: PrismaClient;
  /** Grants and jurisdiction of the principal's section, loaded once per request. */
  access: Access;
  /** What this request read or wrote of personal data, for the audit event. */
  audit: AuditTrail;
}
