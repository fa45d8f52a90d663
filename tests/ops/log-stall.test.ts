import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, cliPath, stop } from '../support/cli.js';
import { migratedDataDir } from '../support/cli-admin.js';

/**
 * The request log is off the request path (src/logger.ts): with nobody reading the server's
 * stdout, the pipe fills (64 KiB on Linux) and a synchronous write would block the event loop,
 * and with it every answer. Requests must go on being answered, and every line must arrive once
 * the reader resumes.
 */
describe('a stalled log reader', () => {
  let dataDir: string;
  let child: ChildProcessWithoutNullStreams;
  let url: string;
  let lines: string[] = [];
  beforeAll(async () => {
    dataDir = await migratedDataDir('onetable-log-stall-');
    child = spawn(process.execPath, [cliPath, 'serve', '--port', '0', '--no-demo'], {
      env: cliEnv({ ONETABLE_DATA_DIR: dataDir }),
    });
    const reader = createInterface({ input: child.stdout });
    url = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      reader.on('line', (line) => {
        lines.push(line);
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'OneTable is serving' && entry.url) resolve(entry.url);
      });
    });
  });
  afterAll(async () => {
    if (child) await stop(child);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('delays no answer, and loses no line', async () => {
    child.stdout.pause();
    const requests = 1500; // ≈ 400 KB of log lines: several times what a pipe holds
    const statuses = new Map<number, number>();
    const ask = async () => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    };
    for (let i = 0; i < requests; i += 10)
      await Promise.all(Array.from({ length: 10 }, () => ask()));
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(requests);

    lines = [];
    const arrived = () => lines.filter((l) => l.includes('"graphql request"')).length;
    child.stdout.resume();
    const deadline = Date.now() + 20_000;
    while (arrived() < requests && Date.now() < deadline) await once(child.stdout, 'data');
    expect(arrived()).toBe(requests);
  });
});
