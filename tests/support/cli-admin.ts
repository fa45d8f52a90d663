import { access, cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';

/** A fresh, empty data folder for a CLI test. */
export function tempDataDir(prefix = 'onetable-cli-admin-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/**
 * A data folder that already holds every migration: a copy of the run's migrated PGlite folder
 * (tests/support/global-setup.ts). A CLI process started on it skips the seconds of CPU that
 * migrating an empty folder costs; tests/cli/serve.test.ts still starts on an empty one.
 */
export async function migratedDataDir(prefix = 'onetable-cli-admin-'): Promise<string> {
  const dir = await tempDataDir(prefix);
  await cp(inject('pgliteTemplate'), dir, { recursive: true });
  return dir;
}

export async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** Sends a query without personal fields (no purpose needed) with a credential; returns the HTTP status. */
export async function statusWith(graphqlUrl: string, credential: string): Promise<number> {
  const res = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Parses the JSON log lines `onetable serve` wrote and returns their messages. */
export function logMessages(logs: string[]): string[] {
  return logs
    .join('\n')
    .split('\n')
    .flatMap((line) => {
      try {
        const entry = JSON.parse(line) as { msg?: unknown; command?: unknown };
        return typeof entry.msg === 'string'
          ? [`${entry.msg}${typeof entry.command === 'string' ? ` ${entry.command}` : ''}`]
          : [];
      } catch {
        return [];
      }
    });
}
