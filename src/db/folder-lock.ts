import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

const lockFile = 'onetable.lock';

/**
 * PGlite is single-process: two processes on one data folder corrupt it. A lock file holding
 * the owner's pid keeps a second process out; a lock left by a process that no longer runs
 * (kill -9, power loss) is taken over.
 */
export async function lockDataFolder(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = path.join(dataDir, lockFile);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = await lockOwner(dataDir);
      if (owner !== null && owner !== process.pid) {
        throw new Error(
          `the data folder ${dataDir} is in use by process ${owner} (PGlite is single-process); ` +
            'stop that process, or go through its server',
          { cause: error },
        );
      }
      await rm(lockPath, { force: true });
    }
  }
  throw new Error(`could not lock the data folder ${dataDir}`);
}

/** The live process holding a data folder's lock, if any (a dead owner's lock does not count). */
export async function lockOwner(dataDir: string): Promise<number | null> {
  const text = await readFile(path.join(dataDir, lockFile), 'utf8').catch(() => '');
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 && isRunning(pid) ? pid : null;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
