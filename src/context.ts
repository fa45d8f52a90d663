import type { PrismaClient } from './db/client.js';

/** Who is acting. Until credentials arrive (issue 3) every request acts as an anonymous clerk. */
export interface Actor {
  name: string;
  sectionId: number | null;
}

/** Per-request context: built once per HTTP request, never shared between requests. */
export interface Context {
  requestId: string;
  prisma: PrismaClient;
  actor: Actor;
}

export function createContext(prisma: PrismaClient, requestId: string): Context {
  return { requestId, prisma, actor: { name: 'anonymous', sectionId: null } };
}
