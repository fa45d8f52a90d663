import { issueToken } from '../../src/auth/tokens.js';
import { openHub, type Hub } from '../../src/db/open.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/app.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { jwtSecretText } from '../support/hub.js';
import { insertScenario, purpose, sections, type ScenarioIds } from '../support/scenario.js';

export const secret = new TextEncoder().encode(jwtSecretText);

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

export interface As {
  section?: string;
  user?: string;
  /** X-Purpose; null sends none. Default: the scenario's task. */
  purpose?: string | null;
  headers?: Record<string, string>;
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

export function tokenFor(section: string, user = 'tester'): Promise<string> {
  return issueToken(secret, { section, user, ttlSeconds: 600 });
}

/** POSTs a GraphQL request to `url` as a section (default: the scenario's street office). */
export async function post(url: string, payload: unknown, as: As = {}): Promise<Answer> {
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
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, headers: res.headers, text, body };
}

export const gql = (url: string, query: string, variables?: Record<string, unknown>, as?: As) =>
  post(url, { query, variables }, as);

export const codeOf = (answer: Answer): string | undefined =>
  answer.body?.errors?.[0]?.extensions?.code;
