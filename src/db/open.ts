import { AccessCache, setAccessCache, writesAccessTable } from '../access/cache.js';
import { type DatabaseTarget, describeTarget, intFromEnv } from '../config.js';
import { openDatabase, type Database } from './adapter.js';
import { createPrismaClient, type PrismaClient, type StatementListener } from './client.js';
import { requireExistingDatabase } from './existing.js';
import { applyMigrations } from './migrations.js';
import { settleAuditLinker } from '../modules/audit/linker.js';

export interface Hub {
  db: Database;
  prisma: PrismaClient;
  /** Runs one statement as the owner of the tables (see Database.asOwner): never for requests. */
  asOwner(sql: string, values?: unknown[]): Promise<void>;
  /** Add a listener to see the SQL text of every statement (tests count them). */
  statements: Set<StatementListener>;
  close(): Promise<void>;
}

/**
 * Opens the database, applies pending migrations and returns a Prisma client over it; with
 * `existing`, refuses (DatabaseNotFoundError) a target that holds no OneTable database yet.
 */
export async function openHub(
  target: DatabaseTarget,
  log: (line: string) => void = () => {},
  options: { existing?: boolean } = {},
): Promise<Hub> {
  // Commands on data open only a database that exists: never a fresh empty one by mistake.
  if (options.existing) await requireExistingDatabase(target);
  const db = await openDatabase(target);
  try {
    const applied = await applyMigrations(db);
    log(
      applied.length
        ? `applied migrations: ${applied.join(', ')}`
        : `database schema is up to date (${describeTarget(target)})`,
    );
  } catch (error) {
    await db.close();
    throw error;
  }
  const { prisma, listeners } = createPrismaClient(db);
  // Sections, grants and tasks are cached per process until a change to them is notified (src/access/cache.ts).
  const cache = new AccessCache(
    intFromEnv('ONETABLE_ACCESS_CACHE_SECONDS', 60, process.env) * 1000,
  );
  setAccessCache(prisma, cache);
  listeners.add((sql) => writesAccessTable(sql) && cache.invalidate());
  const stopListening = await db.listen(
    'onetable_access',
    () => cache.invalidate(),
    (up) => cache.setLive(up),
  );
  return {
    db,
    prisma,
    statements: listeners,
    asOwner: async (sql, values) => {
      await db.asOwner(sql, values);
      cache.invalidate();
    },
    close: async () => {
      await settleAuditLinker();
      await stopListening();
      await prisma.$disconnect();
      await db.close();
    },
  };
}
