/**
 * The systems under test, as separate server processes on the same database. Each loads
 * servers/probe.mjs (a SQL statement counter answering over IPC, and exit when the harness goes).
 */
import type { SystemKind } from './scenarios/index.js';

export interface SystemSpec {
  id: string;
  label: string;
  kind: SystemKind;
  /** node arguments after the probe; the port comes in env PORT (and --port for the CLI). */
  args: (port: number) => string[];
  env: Record<string, string>;
  /** A path answering 200 once the server is ready. */
  ready: { method: 'GET' | 'POST'; path: string; body?: string };
}

const tsx = ['--import', 'tsx'];
/** The real CLI from dist/, on the harness' port. */
const serve = (port: number) => [
  'dist/cli/main.js',
  'serve',
  '--no-demo',
  '--host',
  '127.0.0.1',
  '--port',
  String(port),
];
const graphqlReady = {
  method: 'POST' as const,
  path: '/graphql',
  body: '{"query":"{ __typename }"}',
};

export const systems: SystemSpec[] = [
  {
    id: 'onetable',
    label: 'OneTable (permissions on, compiled reads)',
    kind: 'onetable',
    // Production: the real CLI from dist/, NODE_ENV=production.
    args: serve,
    env: {},
    ready: { method: 'GET', path: '/healthz' },
  },
  {
    id: 'onetable-inread',
    label: 'OneTable (compiled reads, audit event inserted by the read)',
    kind: 'onetable',
    args: serve,
    env: { ONETABLE_AUDIT_IN_READ: 'on' },
    ready: { method: 'GET', path: '/healthz' },
  },
  {
    id: 'onetable-graphql',
    label: 'OneTable on graphql-js only (compiled reads off)',
    kind: 'onetable',
    args: serve,
    env: { ONETABLE_COMPILED_READS: 'off' },
    ready: { method: 'GET', path: '/healthz' },
  },
  {
    id: 'onetable-noaudit',
    label: 'OneTable (permissions on, audit off)',
    kind: 'onetable',
    args: () => [...tsx, 'bench/servers/onetable.ts'],
    env: { BENCH_AUDIT: 'off' },
    ready: { method: 'GET', path: '/healthz' },
  },
  {
    id: 'onetable-noperm',
    label: 'OneTable (permissions off)',
    kind: 'onetable',
    args: () => [...tsx, 'bench/servers/onetable.ts'],
    env: { BENCH_PERMISSIONS: 'off' },
    ready: { method: 'GET', path: '/healthz' },
  },
  {
    id: 'postgraphile',
    label: 'PostGraphile 5 + pg-aggregates',
    kind: 'postgraphile',
    args: () => [
      '--import',
      './bench/servers/polyfill.mjs',
      ...tsx,
      'bench/servers/postgraphile.ts',
    ],
    env: { GRAPHILE_ENV: 'production' },
    ready: graphqlReady,
  },
  {
    id: 'rawsql',
    label: 'raw SQL (node:http + pg)',
    kind: 'rawsql',
    args: () => [...tsx, 'bench/servers/rawsql.ts'],
    env: {},
    ready: { method: 'GET', path: '/healthz' },
  },
];

export function systemById(id: string): SystemSpec {
  const spec = systems.find((s) => s.id === id);
  if (!spec) throw new Error(`unknown system ${id}; known: ${systems.map((s) => s.id).join(', ')}`);
  return spec;
}
