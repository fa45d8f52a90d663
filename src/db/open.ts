import { type DatabaseTarget, describeTarget } from '../config.js';
import { openDatabase, type Database } from './adapter.js';
import { createPrismaClient, type PrismaClient, type StatementListener } from './client.js';
import { applyMigrations } from './migrations.js';

export interface Hub {
  db: Database;
  prisma: PrismaClient;
  /** Runs one statement as the owner of the tables (see Database.asOwner): never for requests. */
  asOwner(sql: string, values?: unknown[]): Promise<void>;
  /** Add a listener to see the SQL text of every statement (tests count them). */
  statements: Set<StatementListener>;
  close(): Promise<void>;
}

/** Opens the database, applies pending migrations and returns a Prisma client over it. */
export async function openHub(target: DatabaseTarget, log: (line: string) => void = () => {}): Promise<Hub> {
  const db = await openDatabase(target);
  try {
    const applied = await applyMigrations(db);
    log(applied.length ? `applied migrations: ${applied.join(', ')}` : `database schema is up to date (${describeTarget(target)})`);
  } catch (error) {
    await db.close();
    throw error;
  }
  const { prisma, listeners } = createPrismaClient(db);
  return {
    db,
    prisma,
    statements: listeners,
    asOwner: (sql, values) => db.asOwner(sql, values),
    close: async () => {
      await prisma.$disconnect();
      await db.close();
    },
  };
}
