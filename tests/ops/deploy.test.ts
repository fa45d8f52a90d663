import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { startTestHub, type TestHub } from '../support/hub.js';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** Every environment variable name the server's sources read (env.NAME, env['NAME'], intFromEnv('NAME'), 'ONETABLE_…'). */
function namesTheCodeReads(): Set<string> {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'generated') walk(file);
      else if (entry.name.endsWith('.ts'))
        for (const m of readFileSync(file, 'utf8').matchAll(
          /env\.([A-Z][A-Z0-9_]+)|(?:env\[|FromEnv\()'([A-Z][A-Z0-9_]+)'|'((?:ONETABLE|OTEL)_[A-Z0-9_]+)'/g,
        ))
          names.add((m[1] ?? m[2] ?? m[3])!);
    }
  };
  walk(path.join(root, 'src'));
  return names;
}

/** Dockerfile instructions, continuation lines joined: [instruction, arguments]. */
function instructions(text: string): Array<[string, string]> {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [word = '', ...rest] = line.split(/\s+/);
      return [word.toUpperCase(), rest.join(' ')];
    });
}

describe('deploy/ (linted: Docker and Kubernetes do not run here)', () => {
  const read_ = namesTheCodeReads();
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub('pglite');
  });
  afterAll(() => hub?.close());

  it('the Dockerfile: multi-stage, non-root, a healthcheck on /readyz, what the runtime needs', () => {
    const steps = instructions(read('deploy/Dockerfile'));
    const stages = steps.filter(([i]) => i === 'FROM');
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const last = steps.slice(steps.lastIndexOf(stages.at(-1)!));
    const user = last.filter(([i]) => i === 'USER').at(-1)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user!.split(':')[0]);
    expect(last.find(([i]) => i === 'HEALTHCHECK')?.[1]).toContain('/readyz');
    expect(last.find(([i]) => i === 'CMD')?.[1]).toContain('dist/cli/main.js", "serve"');
    expect(last.some(([i, a]) => i === 'RUN' && a.includes('npm ci --omit=dev'))).toBe(true);
    for (const needed of ['dist', 'prisma', 'schema/operations']) {
      expect(last.some(([i, a]) => i === 'COPY' && a.includes(`/app/${needed} ${needed}`))).toBe(
        true,
      );
      expect(existsSync(path.join(root, needed))).toBe(true);
    }
    for (const [, args] of last.filter(([i]) => i === 'ENV'))
      for (const m of args.matchAll(/([A-Z_]+)=/g)) expect(read_).toContain(m[1]);
  });

  it('the compose file: PostgreSQL, Redis, two replicas of the image, HAProxy checking /readyz', () => {
    const compose = parse(read('deploy/compose.yaml'), { merge: true }) as {
      services: Record<
        string,
        {
          image?: string;
          build?: { dockerfile: string };
          environment?: Record<string, string>;
          volumes?: string[];
        }
      >;
    };
    const replicas = Object.entries(compose.services).filter(
      ([, s]) => s.build?.dockerfile === 'deploy/Dockerfile',
    );
    expect(replicas.map(([name]) => name).sort()).toEqual(['onetable-1', 'onetable-2']);
    expect(compose.services.postgres?.image).toMatch(/^postgres:/);
    expect(compose.services.redis?.image).toMatch(/^redis:/);
    for (const [, replica] of replicas)
      for (const name of Object.keys(replica.environment ?? {})) expect(read_).toContain(name);
    const haproxy = read('deploy/haproxy.cfg');
    expect(compose.services.haproxy?.volumes?.[0]).toMatch(/^\.\/haproxy\.cfg:/);
    expect(haproxy).toMatch(/option httpchk GET \/readyz/);
    expect(haproxy).toMatch(/option forwardfor/);
    for (const [name] of replicas) expect(haproxy).toContain(`server ${name} ${name}:4000 check`);
  });

  it('the Kubernetes example: probes on routes that answer, preStop, secrets, variables the code reads', async () => {
    const docs = parseAllDocuments(read('deploy/kubernetes/onetable.yaml')).map((d) => d.toJS());
    const deployment = docs.find((d) => d.kind === 'Deployment');
    expect(docs.find((d) => d.kind === 'Service')).toBeDefined();
    const spec = deployment.spec.template.spec;
    expect(spec.securityContext.runAsNonRoot).toBe(true);
    const container = spec.containers[0];
    expect(container.lifecycle.preStop).toBeDefined();
    const base = hub.url.replace(/\/graphql$/, '');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      const res = await fetch(`${base}${container[probe].httpGet.path}`);
      expect(res.status).toBe(200);
    }
    const env = container.env as Array<{ name: string; valueFrom?: { secretKeyRef?: unknown } }>;
    for (const { name } of env) expect(read_).toContain(name);
    expect(env.filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name)).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'ONETABLE_JWT_SECRET', 'ONETABLE_ATTESTATION_KEY']),
    );
  });
});
