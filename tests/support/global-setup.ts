import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openHub } from '../../src/db/open.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PGlite folder migrated once per run; each PGlite test database starts as a copy of it. */
    pgliteTemplate: string;
  }
}

/**
 * Applying the migrations to a fresh PGlite costs seconds of CPU (the schema engine in
 * WebAssembly); copying a folder that already holds them costs a fraction of that. The template is
 * made from prisma/migrations on every run, so it is never stale, and removed afterwards.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'onetable-template-'));
  const dataDir = path.join(dir, 'pglite');
  const hub = await openHub({ kind: 'pglite', dataDir });
  await hub.close();
  project.provide('pgliteTemplate', dataDir);
  return () => rm(dir, { recursive: true, force: true });
}
