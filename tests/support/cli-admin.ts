import { access, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A fresh, empty data folder for a CLI test. */
export function tempDataDir(prefix = 'onetable-cli-admin-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
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
