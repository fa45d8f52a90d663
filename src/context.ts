import type { IncomingMessage } from 'node:http';
import { Access } from './access/access.js';
import { scopedPrisma } from './access/jurisdiction.js';
import type { Principal } from './access/principal.js';
import { purposeNotAllowed } from './access/purpose.js';
import { AuditTrail } from './audit/trail.js';
import { authenticate, type AuthConfig } from './auth/authenticate.js';
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

const purposePattern = /^[A-Za-z0-9._-]{1,32}$/;

/** Builds the request context: who calls (or 401), for which purpose, and what they may see. */
export async function createContext(prisma: PrismaClient, auth: AuthConfig, req: IncomingMessage, requestId: string): Promise<Context> {
  const principal = await authenticate(req.headers.authorization, prisma, auth);
  const header = req.headers['x-purpose'];
  const purpose = typeof header === 'string' && header.trim() !== '' ? header.trim() : null;
  if (purpose !== null && !purposePattern.test(purpose)) throw purposeNotAllowed('X-Purpose must be a task code such as T2026-001');
  const access = new Access(prisma, principal, purpose);
  const communityIds = await access.communityIds();
  return {
    requestId,
    principal,
    purpose,
    scope: communityIds,
    prisma: scopedPrisma(prisma, communityIds),
    db: prisma,
    access,
    audit: new AuditTrail(),
  };
}
