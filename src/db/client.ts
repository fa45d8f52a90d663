import { PrismaClient } from '../generated/prisma/client.js';
import type { Database } from './adapter.js';

export type { PrismaClient };

/** Receives every SQL statement Prisma sends (text only: parameters are never passed on). */
export type StatementListener = (sql: string) => void;

/**
 * Creates the Prisma client over an open database. Statement listeners see the SQL text of
 * each query, which is what tests count to catch N+1 regressions; bound values (personal data)
 * are deliberately not handed out.
 */
export function createPrismaClient(db: Database, listeners: Set<StatementListener> = new Set()) {
  const prisma = new PrismaClient({
    adapter: db.factory,
    log: [{ emit: 'event', level: 'query' }],
  });
  prisma.$on('query', (event) => {
    for (const listener of listeners) listener(event.query);
  });
  return { prisma, listeners };
}
