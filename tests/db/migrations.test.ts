import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/adapter.js';
import {
  applyMigrations,
  listMigrations,
  migrationsDir,
  pendingSchemaChanges,
  readSchema,
} from '../../src/db/migrations.js';

describe('prisma/migrations', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  });
  afterAll(() => db?.close());

  it('agree with prisma/schema.prisma', async () => {
    expect(await pendingSchemaChanges(db)).toBe('');
  });

  it('would notice a model that no migration creates', async () => {
    const schema = `${await readSchema()}\nmodel Probe {\n  id Int @id\n}\n`;
    expect(await pendingSchemaChanges(db, schema)).toMatch(/CREATE TABLE "Probe"/);
  });

  it('apply once, are recorded like prisma migrate deploy does, and apply nothing the second time', async () => {
    const list = await listMigrations();
    const names = list.migrationDirectories.map((m) => m.path);
    expect(await applyMigrations(db)).toEqual(names);
    expect(await applyMigrations(db)).toEqual([]);
    const rows = await db.pglite!.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
    }>(
      'SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name',
    );
    for (const [i, row] of rows.rows.entries()) {
      const sql = await readFile(path.join(migrationsDir, names[i]!, 'migration.sql'));
      expect(row.migration_name).toBe(names[i]);
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
    }
  });
});
