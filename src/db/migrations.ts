import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationList, SchemaFilter } from '@prisma/schema-engine-wasm';
import type { Database } from './adapter.js';
import { withSchemaEngine } from './schema-engine.js';

/** The package root: two levels above this file in both `src/db` and `dist/db`. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const prismaDir = path.join(root, 'prisma');
export const migrationsDir = path.join(prismaDir, 'migrations');
const schemaPath = path.join(prismaDir, 'schema.prisma');
const noFilter: SchemaFilter = { externalTables: [], externalEnums: [] };

export function readSchema(): Promise<string> {
  return readFile(schemaPath, 'utf8');
}

/** Reads `prisma/migrations` the way Prisma's CLI hands it to the schema engine. */
export async function listMigrations(dir = migrationsDir): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const folders = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories = await Promise.all(
    folders.map(async (folder) => {
      const file = path.join(dir, folder, 'migration.sql');
      const content = await readFile(file, 'utf8').then(
        (value) => ({ tag: 'ok' as const, value }),
        (error: Error) => ({ tag: 'error' as const, value: error.message }),
      );
      return { path: folder, migrationFile: { path: 'migration.sql', content } };
    }),
  );
  const lockPath = path.join(dir, 'migration_lock.toml');
  const lock = await readFile(lockPath, 'utf8').catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: lock },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

/**
 * The migrations the database records as finished (rolled-back attempts aside), or null when it
 * has no migration table yet or one migration is unfinished (failed or under way): then only the
 * schema engine can say what to do.
 */
async function finishedMigrations(db: Database): Promise<Set<string> | null> {
  const adapter = await db.factory.connect();
  try {
    const result = await adapter.queryRaw({
      sql: 'SELECT migration_name, (finished_at IS NOT NULL)::text AS finished FROM _prisma_migrations WHERE rolled_back_at IS NULL',
      args: [],
      argTypes: [],
    });
    const names = new Set<string>();
    for (const [name, finished] of result.rows) {
      if (finished !== 'true') return null;
      names.add(String(name));
    }
    return names;
  } catch {
    return null;
  } finally {
    await adapter.dispose();
  }
}

/** Applies pending migrations (like `prisma migrate deploy`); returns the names applied. */
export async function applyMigrations(db: Database): Promise<string[]> {
  const [schema, migrationsList] = await Promise.all([readSchema(), listMigrations()]);
  // Up to date (every process start but the first): no need to load the schema engine, whose
  // WebAssembly costs a CLI command or a test database about half a second of CPU.
  const finished = await finishedMigrations(db);
  if (finished && migrationsList.migrationDirectories.every((m) => finished.has(m.path))) return [];
  return withSchemaEngine(db, schema, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList, filters: noFilter });
    return out.appliedMigrationNames;
  });
}

/**
 * The SQL that would bring a database built from the migrations up to `schema.prisma`,
 * or the empty string when they agree. Uses a throwaway shadow database.
 */
export async function pendingSchemaChanges(db: Database, schemaText?: string): Promise<string> {
  const [schema, migrationsList] = await Promise.all([
    schemaText ?? readSchema(),
    listMigrations(),
  ]);
  return withSchemaEngine(db, schema, async (engine) => {
    const result = await engine.diff({
      from: migrationsList.migrationDirectories.length
        ? { tag: 'migrations', ...migrationsList }
        : { tag: 'empty' },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: null,
      filters: noFilter,
    });
    return normaliseDiff(result.stdout ?? '');
  });
}

/**
 * Writes a new migration folder `<timestamp>_<name>` with the SQL the engine generated
 * (like `prisma migrate dev --create-only`). Returns its folder, or null when nothing changed.
 */
export async function createMigration(db: Database, name: string): Promise<string | null> {
  if (!/^[a-z0-9_]+$/.test(name))
    throw new Error('migration name: use lowercase letters, digits and _');
  const sql = await pendingSchemaChanges(db);
  if (sql === '') return null;
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const folder = path.join(migrationsDir, `${stamp}_${name}`);
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, 'migration.sql'), sql);
  const lock = path.join(migrationsDir, 'migration_lock.toml');
  await writeFile(
    lock,
    '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n',
  );
  return folder;
}

function normaliseDiff(sql: string): string {
  const trimmed = sql.trim();
  return trimmed === '' || trimmed === '-- This is an empty migration.' ? '' : `${trimmed}\n`;
}
