import type { AuthConfig } from '../../src/auth/authenticate.js';
import { issueToken } from '../../src/auth/tokens.js';
import { openHub, type Hub } from '../../src/db/open.js';
import { type RunningServer, type ServerOptions, startServer } from '../../src/server/app.js';
import type { Answer, GraphQLAnswer, GraphQLBody, GraphQLResponse } from './answers.js';
import { createTestDatabase, type TestDatabase } from './databases.js';
import { insertScenario, purpose, sections, type ScenarioIds } from './scenario.js';
import { linkerTag } from '../../src/modules/audit/linker.js';

export * from './answers.js';

/** Who a test request acts as: a section code, a purpose (X-Purpose; null: none), extra headers. */
export interface Caller {
  section: string;
  purpose?: string | null;
  user?: string;
  headers?: Record<string, string>;
}
/** A caller of post/gql by URL: every part optional (default: the scenario's street office and task). */
export type As = Partial<Caller>;

/** The hub-token key of test servers (also handed to CLI-started servers as ONETABLE_JWT_SECRET). */
export const jwtSecretText = 'test-secret-test-secret-test-secret-0123';
export const secret = new TextEncoder().encode(jwtSecretText);
/** The same key, under the name the auth tests use. */
export const testSecret = secret;

export function tokenFor(section: string, user = 'tester'): Promise<string> {
  return issueToken(secret, { section, user, ttlSeconds: 600 });
}

/**
 * POSTs a JSON payload to `url` as a caller (default: the scenario's street office and task);
 * `B` types the parsed body (unknown unless the caller says what it expects).
 */
export async function post<B = unknown>(
  url: string,
  payload: unknown,
  as: As = {},
): Promise<Answer<B>> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    authorization: `Bearer ${await tokenFor(as.section ?? sections.street, as.user)}`,
  };
  const p = as.purpose === undefined ? purpose : as.purpose;
  if (p) headers['x-purpose'] = p;
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...headers, ...as.headers },
    body: JSON.stringify(payload),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, headers: res.headers, text, body: body as B };
}

/** A GraphQL request to a server's URL (see `post`): `T` types the selected `data`. */
export const gql = <T = unknown>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  as?: As,
): Promise<GraphQLAnswer<T>> => post<GraphQLBody<T>>(url, { query, variables }, as);

/** A migrated database with a running server on a free port, talked to over real HTTP. */
export interface TestHub {
  database: TestDatabase;
  hub: Hub;
  url: string;
  /**
   * Sends a GraphQL request as `caller` (default: the scenario's street office, with a purpose).
   * `T` types `data`: the fields the query selects (unknown unless given).
   */
  gql<T = unknown>(
    query: string,
    variables?: Record<string, unknown>,
    caller?: Caller,
  ): Promise<GraphQLResponse<T>>;
  token(caller: Caller): Promise<string>;
  /** Runs `work` and returns the SQL statements the server sent meanwhile. */
  countStatements(work: () => Promise<unknown>): Promise<string[]>;
  close(): Promise<void>;
}

export const defaultCaller: Caller = { section: sections.street, purpose };

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
      | 'auditInRead'
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
    auth: { ...auth, jwtSecret: secret },
    ...serverOptions,
  });
  return {
    database,
    hub,
    url: running.url,
    token: (caller) => tokenFor(caller.section, caller.user),
    async gql(query, variables, caller = defaults) {
      const answer = await post(
        running.url,
        { query, variables },
        { ...caller, purpose: caller.purpose ?? null },
      );
      return { status: answer.status, ...(answer.body as GraphQLBody<never>) };
    },
    async countStatements(work) {
      const seen: string[] = [];
      // The audit linker's runs are the hub's background work, not the request's.
      const listener = (sql: string) => void (sql.startsWith(linkerTag) || seen.push(sql));
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

/** A scenario database with servers started with chosen options (production, rate limits, …). */
export interface SecuredHub {
  database: TestDatabase;
  hub: Hub;
  ids: ScenarioIds;
  /** Starts one more server on the same database; closed with the hub. */
  serve(options?: Partial<ServerOptions>): Promise<RunningServer>;
  close(): Promise<void>;
}

export async function startSecuredHub(kind: 'pglite' | 'postgres' = 'pglite'): Promise<SecuredHub> {
  const database = await createTestDatabase(kind);
  const hub = await openHub(database.target);
  const ids = await insertScenario(hub.prisma);
  const servers: RunningServer[] = [];
  return {
    database,
    hub,
    ids,
    async serve(options = {}) {
      const server = await startServer(hub.prisma, {
        host: '127.0.0.1',
        port: 0,
        auth: { jwtSecret: secret },
        ...options,
      });
      servers.push(server);
      return server;
    },
    async close() {
      for (const server of servers) await server.close().catch(() => {});
      await hub.close().catch(() => {});
      await database.drop();
    },
  };
}

/** A migrated PGlite (a fresh copy unless a folder is given) with one district and two sections, no server. */
export async function openAuthHub(dataDir?: string): Promise<Hub> {
  const hub = await openHub(
    dataDir ? { kind: 'pglite', dataDir } : (await createTestDatabase('pglite')).target,
  );
  const district = await hub.prisma.district.create({ data: { code: '310106', name: '静安区' } });
  for (const [code, name] of [
    ['civil-affairs', '区民政局'],
    ['health', '区卫健委'],
  ] as const) {
    await hub.prisma.section.create({
      data: { code, name, level: 'DISTRICT', districtId: district.id },
    });
  }
  return hub;
}
