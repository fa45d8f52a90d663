import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(import.meta.dirname, '../..');
export const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  bin: { onetable: string };
  scripts: Record<string, string>;
};

/** The built CLI as package.json names it: what the `onetable` bin and `npm start` run. */
export const cliPath = path.join(root, packageJson.bin.onetable);

export function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _unused, NODE_ENV: _mode, ...rest } = process.env;
  return { ...rest, LOG_LEVEL: 'info', ...extra };
}

export async function runCli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [cliPath, ...args], { env: cliEnv(env) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

/** Starts `onetable serve` and resolves with its URL once it logs that it is serving. */
export async function startServe(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; logs: string[] }> {
  const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0'], { env: cliEnv(env) });
  const logs: string[] = [];
  child.stderr.on('data', (d) => logs.push(String(d)));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${logs.join('')}`)));
    lines.on('line', (line) => {
      logs.push(line);
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'OneTable is serving' && entry.url) resolve(entry.url);
    });
  });
  return { child, url, logs };
}

export async function stop(child: ChildProcess): Promise<number | null> {
  // 'close' comes after the process exited and its output was read to the end.
  const exited = once(child, 'close');
  child.kill('SIGTERM');
  const [code] = (await exited) as [number | null];
  return code;
}
