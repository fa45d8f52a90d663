import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { DatabaseTarget } from '../../src/config.js';

/** A fresh, empty database to test against, and how to throw it away. */
export interface TestDatabase {
  name: 'pglite' | 'postgres';
  target: DatabaseTarget;
  drop(): Promise<void>;
}

/** PGlite always; PostgreSQL too when DATABASE_URL is set. */
export function testDatabaseKinds(): Array<'pglite' | 'postgres'> {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

const copies = new Set<string>();
process.once('exit', () => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the run's migrated PGlite folder (tests/support/global-setup.ts): no migration to apply. */
async function pgliteCopy(): Promise<TestDatabase> {
  // Inside the template's folder: the global teardown removes whatever a killed worker left.
  const template = inject('pgliteTemplate');
  const dir = await mkdtemp(path.join(path.dirname(template), 'copy-'));
  copies.add(dir);
  const dataDir = path.join(dir, 'pglite');
  await cp(template, dataDir, { recursive: true });
  return {
    name: 'pglite',
    target: { kind: 'pglite', dataDir },
    drop: async () => {
      copies.delete(dir);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function createTestDatabase(kind: 'pglite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'pglite') return pgliteCopy();
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DATABASE_URL is not set');
  const database = `onetable_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return {
    name: kind,
    target: { kind: 'postgres', url: url.toString() },
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await client.end();
    },
  };
}
