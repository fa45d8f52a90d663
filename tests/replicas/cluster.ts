import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServe, stop } from '../support/cli.js';
import { freePort } from './standby.js';

/** A child process that answers on `port` once it is ready. */
async function started(child: ChildProcess, ready: () => Promise<boolean>, what: string) {
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const exited = once(child, 'exit').then(() => {
    throw new Error(`${what} exited: ${output}`);
  });
  for (;;) {
    const up = await Promise.race([ready(), exited]);
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function killed(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** Redis from Debian's package on a free port, in memory only. */
export async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn('redis-server', [
    ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
  ]);
  const { Redis } = await import('ioredis');
  const probe = async () => {
    const client = new Redis({
      port,
      host: '127.0.0.1',
      lazyConnect: true,
      maxRetriesPerRequest: 0,
    });
    client.on('error', () => {}); // refused while it starts: the probe says false
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  };
  await started(child, probe, 'redis-server');
  return { url: `redis://127.0.0.1:${port}`, stop: () => killed(child) };
}

/** The HAProxy configuration: round robin over the replicas, health-checked on /readyz. */
function haproxyConfig(port: number, replicas: Array<{ name: string; port: number }>): string {
  return [
    'global',
    '  maxconn 512',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 30s',
    '  timeout server 30s',
    // A request that never reached a replica (connection refused) is sent to another one; a
    // request that did reach one is never sent twice (it may have written).
    '  retries 3',
    '  option redispatch',
    '  retry-on conn-failure',
    'frontend hub',
    `  bind 127.0.0.1:${port}`,
    '  default_backend replicas',
    'backend replicas',
    '  balance roundrobin',
    '  option httpchk GET /readyz',
    '  http-response set-header X-Replica %s',
    // A replica slow to answer /readyz on a busy machine is not down: three failed checks are.
    '  timeout check 2s',
    ...replicas.map((r) => `  server ${r.name} 127.0.0.1:${r.port} check inter 500 fall 3 rise 2`),
    '',
  ].join('\n');
}

/** HAProxy from Debian's package, in the foreground, with a generated configuration. */
export async function startHaproxy(replicas: Array<{ name: string; port: number }>) {
  const folder = await mkdtemp(path.join(tmpdir(), 'onetable-haproxy-'));
  const port = await freePort();
  const file = path.join(folder, 'haproxy.cfg');
  await writeFile(file, haproxyConfig(port, replicas));
  const child = spawn('haproxy', ['-db', '-f', file]);
  const url = `http://127.0.0.1:${port}`;
  await started(
    child,
    () =>
      fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      ),
    'haproxy',
  );
  return {
    url: `${url}/graphql`,
    async stop() {
      await killed(child);
      await rm(folder, { recursive: true, force: true });
    },
  };
}

export type Replica = Awaited<ReturnType<typeof startServe>> & {
  name: string;
  port: number;
  dataDir: string;
};

/** `onetable serve` from dist (the documented start), with a data folder of its own. */
export async function startReplica(name: string, env: Record<string, string>): Promise<Replica> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `onetable-${name}-`));
  const serve = await startServe({ ...env, ONETABLE_DATA_DIR: dataDir });
  return { ...serve, name, port: Number(new URL(serve.url).port), dataDir };
}

export async function stopReplica(replica: Replica) {
  if (replica.child.exitCode === null && replica.child.signalCode === null)
    await stop(replica.child);
  await rm(replica.dataDir, { recursive: true, force: true });
}
