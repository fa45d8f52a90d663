import type { IncomingMessage } from 'node:http';
import { Access } from './access/access.js';
import type { AccessCache } from './access/cache.js';
import { type Principal, principalLabel } from './access/principal.js';
import { purposeNotAllowed } from './access/purpose.js';
import { AuditTrail } from './modules/audit/trail.js';
import { authenticate, type AuthConfig } from './auth/authenticate.js';
import { type PrismaClient, unscopedClient } from './db/client.js';
import { setRequestPrincipal, setRequestScope } from './db/scope.js';

/** Per-request context: built once per HTTP request, never shared between requests. */
export interface Context {
  requestId: string;
  /** The authenticated caller (requests without valid credentials never get a context). */
  principal: Principal;
  /** The task code named in the X-Purpose header, if any (checked by the purpose rule). */
  purpose: string | null;
  /**
   * The hub's Prisma client. Every statement it sends in this request runs under the principal's
   * jurisdiction (row-level security, src/db/scope.ts): rows outside it do not exist, whatever the
   * path — a root field, a nested relation, a count, raw SQL.
   */
  prisma: PrismaClient;
  /** The same client as the hub itself (whole district): for the access and audit machinery only, never modules. */
  unscoped: PrismaClient;
  /** Grants and jurisdiction of the principal's section, loaded once per request. */
  access: Access;
  /** What this request read or wrote of personal data, for the audit event. */
  audit: AuditTrail;
}

const purposePattern = /^[A-Za-z0-9._-]{1,32}$/;

/** Builds the request context: who calls (or 401), for which purpose, and what they may see. */
export async function createContext(
  clients: { prisma: PrismaClient; unscoped: PrismaClient; cache?: AccessCache },
  auth: AuthConfig,
  req: IncomingMessage,
  requestId: string,
): Promise<Context> {
  const { prisma, unscoped, cache } = clients;
  // Who calls, their grants and jurisdiction are read as the hub (on its own connections), or
  // come from the access cache: the request's scope is not known before them.
  await cache?.fresh();
  const principal = await authenticate(req.headers.authorization, unscoped, auth, cache);
  const header = req.headers['x-purpose'];
  const purpose = typeof header === 'string' && header.trim() !== '' ? header.trim() : null;
  if (purpose !== null && !purposePattern.test(purpose))
    throw purposeNotAllowed('X-Purpose must be a task code such as T2026-001');
  const access = new Access(unscoped, principal, purpose, cache);
  setRequestScope(await access.communityIds());
  setRequestPrincipal(principalLabel(principal));
  return {
    requestId,
    principal,
    purpose,
    prisma,
    unscoped,
    access,
    audit: new AuditTrail(),
  };
}

/**
 * The context of a command that acts as a section in its own process (`onetable import`): the
 * credential and purpose are checked exactly as a request's headers are. Call it inside
 * `withRequestScope`, like a request.
 */
export function commandContext(
  prisma: PrismaClient,
  auth: AuthConfig,
  credential: string,
  purpose: string,
  requestId: string,
): Promise<Context> {
  const req = {
    headers: { authorization: `Bearer ${credential}`, 'x-purpose': purpose },
  } as unknown as IncomingMessage;
  return createContext({ prisma, unscoped: unscopedClient(prisma) }, auth, req, requestId);
}
