/**
 * Starting and stopping the server processes. Every child is tracked and killed when the harness
 * exits for any reason; each child also exits by itself when its IPC channel to the harness
 * closes (servers/probe.mjs), so even a SIGKILLed harness leaves no server behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync, closeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SystemSpec } from './systems.js';

export interface ServerStats {
  statements: number;
  rss: number;
}

export interface Running {
  spec: SystemSpec;
  pid: number;
  base: string;
  logFile: string;
  stats(): Promise<ServerStats>;
  /** Resident set size (bytes) from /proc/<pid>/status. */
  rss(): number;
  /** CPU time (ms) the process has used, from /proc/<pid>/stat. */
  cpuMs(): number;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    process.stderr.write(`\n${signal}: stopping servers\n`);
    process.exit(130);
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function procRss(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

function procCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line (11 and 12 after the command), in ticks of 10 ms.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Systems started with `--cpu-prof` (--profile a,b): the profile is written when the server stops. */
export async function startSystem(
  spec: SystemSpec,
  env: Record<string, string>,
  logDir: string,
  profileDir?: string,
): Promise<Running> {
  const port = await freePort();
  // One file per thread (tsx's loader runs in a thread of its own): the main thread's is the big one.
  const profile = profileDir
    ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, spec.id)}`]
    : [];
  const logFile = path.join(logDir, `${spec.id}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [...profile, '--import', './bench/servers/probe.mjs', ...spec.args(port)],
    {
      env: { ...process.env, ...env, ...spec.env, PORT: String(port), NODE_ENV: 'production' },
      stdio: ['ignore', log, log, 'ipc'],
    },
  );
  closeSync(log);
  children.add(child);
  let exited: string | null = null;
  child.on('exit', (code, signal) => {
    exited = `exited (${signal ?? code})`;
    children.delete(child);
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited)
      throw new Error(
        `${spec.id} ${exited} before it was ready:\n${(await readFile(logFile, 'utf8')).slice(-2000)}`,
      );
    if (Date.now() > deadline)
      throw new Error(`${spec.id} was not ready after 90 s (log: ${logFile})`);
    const ok = await fetch(base + spec.ready.path, {
      method: spec.ready.method,
      headers: spec.ready.body ? { 'content-type': 'application/json' } : {},
      body: spec.ready.body,
    }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await sleep(250);
  }
  const pid = child.pid!;
  return {
    spec,
    pid,
    base,
    logFile,
    stats: () =>
      new Promise<ServerStats>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${spec.id}: no stats answer`)), 10_000);
        child.once('message', (message) => {
          clearTimeout(timer);
          resolve(message as ServerStats);
        });
        child.send('stats');
      }),
    rss: () => procRss(pid),
    cpuMs: () => procCpuMs(pid),
    stop: async () => {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}
