import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { cliEnv } from '../support/cli.js';

const root = path.resolve(import.meta.dirname, '../..');

/** `npm start -- --port 0`, the documented start, as an operator or a container runs it. */
export async function startNpm(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; lines: string[] }> {
  const child = spawn('npm', ['start', '--', '--port', '0'], { cwd: root, env: cliEnv(env) });
  const lines: string[] = [];
  child.stderr.on('data', (d) => lines.push(String(d)));
  const reader = createInterface({ input: child.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`npm start exited with ${code}: ${lines.join('\n')}`)),
    );
    reader.on('line', (line) => {
      lines.push(line);
      // npm prints its own banner first; the server's lines are JSON.
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'OneTable is serving' && entry.url) resolve(entry.url);
    });
  });
  return { child, url, lines };
}

/** Every live descendant of a process (children, grandchildren, …), from `ps`. */
export function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((row) => row.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of table)
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
  };
  walk(pid);
  return found;
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once a line containing `text` has been printed (counting lines, not waiting on a clock). */
export async function printed(lines: string[], child: ChildProcess, text: string): Promise<void> {
  while (!lines.some((line) => line.includes(text))) {
    if (child.exitCode !== null) throw new Error(`exited before printing "${text}"`);
    await once(child.stdout!, 'data');
  }
}
