import type { AuthConfig } from '../../src/auth/authenticate.js';
import { issueToken } from '../../src/auth/tokens.js';
import { openHub, type Hub } from '../../src/db/open.js';
import { type ServerOptions, startServer } from '../../src/server/app.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: Array<{
    message: string;
    path?: Array<string | number>;
    extensions?: { code?: string; field?: string };
  }>;
}

/** Who a test request acts as: a section code and an optional purpose (X-Purpose). */
export interface Caller {
  section: string;
  purpose?: string | null;
  user?: string;
}

/** The hub-token key of test servers (also handed to CLI-started servers as ONETABLE_JWT_SECRET). */
export const jwtSecretText = 'test-secret-test-secret-test-secret-0123';
const jwtSecret = new TextEncoder().encode(jwtSecretText);

/** A migrated database with a running server on a free port, talked to over real HTTP. */
export interface TestHub {
  database: TestDatabase;
  hub: Hub;
  url: string;
  /** Sends a GraphQL request as `caller` (default: the scenario's street office, with a purpose). */
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    caller?: Caller,
  ): Promise<GraphQLResponse<T>>;
  token(caller: Caller): Promise<string>;
  /** Runs `work` and returns the SQL statements the server sent meanwhile. */
  countStatements(work: () => Promise<unknown>): Promise<string[]>;
  close(): Promise<void>;
}

export const defaultCaller: Caller = { section: 'street:310106001', purpose: 'T2026-001' };

export async function startTestHub(
  kind: 'pglite' | 'postgres',
  fill: (hub: Hub) => Promise<void> = async () => {},
  defaults: Caller = defaultCaller,
  /** Server options: query limits, statement timeout, and overrides of its AuthConfig (the hub-token key stays the test one). */
  server: Partial<
    Pick<
      ServerOptions,
      | 'limits'
      | 'statementTimeoutMs'
      | 'mode'
      | 'corsOrigins'
      | 'rateLimits'
      | 'trustedProxies'
      | 'metricsToken'
      | 'compiledReads'
    >
  > & {
    auth?: Partial<Omit<AuthConfig, 'jwtSecret'>>;
  } = {},
): Promise<TestHub> {
  const database = await createTestDatabase(kind);
  const hub = await openHub(database.target);
  await fill(hub);
  const { auth = {}, ...serverOptions } = server;
  const running = await startServer(hub.prisma, {
    host: '127.0.0.1',
    port: 0,
    auth: { ...auth, jwtSecret },
    ...serverOptions,
  });
  const token = (caller: Caller) =>
    issueToken(jwtSecret, {
      section: caller.section,
      user: caller.user ?? 'tester',
      ttlSeconds: 600,
    });
  return {
    database,
    hub,
    url: running.url,
    token,
    async gql(query, variables, caller = defaults) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        authorization: `Bearer ${await token(caller)}`,
      };
      if (caller.purpose) headers['x-purpose'] = caller.purpose;
      const res = await fetch(running.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, ...((await res.json()) as object) };
    },
    async countStatements(work) {
      const seen: string[] = [];
      const listener = (sql: string) => seen.push(sql);
      hub.statements.add(listener);
      try {
        await work();
      } finally {
        hub.statements.delete(listener);
      }
      return seen;
    },
    async close() {
      await running.close();
      await hub.close();
      await database.drop();
    },
  };
}
