import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openHub } from '../../src/db/open.js';
import { insertScenario } from '../support/scenario.js';

/** Modes of a folder and everything in it that anyone but the owner could read or write. */
async function openToOthers(folder: string): Promise<string[]> {
  const found: string[] = [];
  if ((await stat(folder)).mode & 0o077) found.push('.');
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if ((await stat(file)).mode & 0o077) found.push(path.relative(folder, file));
  }
  return found;
}

describe('the PGlite data folder', () => {
  const parent = mkdtemp(path.join(tmpdir(), 'onetable-perm-'));
  afterAll(async () => rm(await parent, { recursive: true, force: true }));

  it('is readable and writable by its owner only, WAL included, even when it was created open', async () => {
    const folder = path.join(await parent, 'data');
    // A folder left world-readable by an older version, with a file in it.
    await mkdir(folder, { mode: 0o777 });
    await chmod(folder, 0o777);
    await writeFile(path.join(folder, 'old-file'), 'x', { mode: 0o666 });
    await chmod(path.join(folder, 'old-file'), 0o666);
    const hub = await openHub({ kind: 'pglite', dataDir: folder });
    try {
      await insertScenario(hub.prisma); // writes WAL
      await hub.prisma.$executeRawUnsafe('SELECT pg_switch_wal()').catch(() => {}); // a new segment, if allowed
      expect((await readdir(path.join(folder, 'pg_wal'))).length).toBeGreaterThan(0);
      expect(await openToOthers(folder)).toEqual([]);
    } finally {
      await hub.close();
    }
    expect(await openToOthers(folder)).toEqual([]);
  });
});
