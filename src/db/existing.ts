import { access } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { type DatabaseTarget, describeTarget } from '../config.js';

/**
 * The database a command names does not exist, or holds no OneTable schema: most often the
 * CLI's ONETABLE_DATA_DIR or DATABASE_URL is not the server's. Stable code for scripts.
 */
export class DatabaseNotFoundError extends Error {
  override name = 'DatabaseNotFoundError';
  readonly code = 'DATABASE_NOT_FOUND';
}

const pointer =
  "set ONETABLE_DATA_DIR or DATABASE_URL to the server's (or run `onetable migrate` to create a database here on purpose)";

/**
 * Refuses, before anything is created, a target that holds no OneTable database yet: commands
 * that read or change data must not open a fresh empty database where the operator expected the
 * server's. `serve`, `migrate` and `seed` create databases and do not call this.
 */
export async function requireExistingDatabase(target: DatabaseTarget): Promise<void> {
  if (target.kind === 'pglite') {
    if (target.dataDir.startsWith('memory://')) return;
    const found = await access(path.join(target.dataDir, 'PG_VERSION')).then(
      () => true,
      () => false,
    );
    if (!found)
      throw new DatabaseNotFoundError(
        `no OneTable database in ${target.dataDir} (ONETABLE_DATA_DIR; the default is ./data of the current folder): ${pointer}`,
      );
    return;
  }
  const client = new pg.Client({ connectionString: target.url });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ migrated: boolean }>(
      "SELECT to_regclass('_prisma_migrations') IS NOT NULL AS migrated",
    );
    if (!rows[0]?.migrated)
      throw new DatabaseNotFoundError(
        `${describeTarget(target)} holds no OneTable schema (DATABASE_URL): ${pointer}`,
      );
  } catch (error) {
    if ((error as { code?: unknown }).code === '3D000')
      throw new DatabaseNotFoundError(
        `${describeTarget(target)} does not exist (DATABASE_URL): ${pointer}`,
      );
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}
