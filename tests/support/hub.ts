import { openHub, type Hub } from '../../src/db/open.js';
import { startServer } from '../../src/server/app.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: { code?: string; field?: string } }>;
}

/** A migrated database with a running server on a free port, talked to over real HTTP. */
export interface TestHub {
  database: TestDatabase;
  hub: Hub;
  url: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** Runs `work` and returns the SQL statements the server sent meanwhile. */
  countStatements(work: () => Promise<unknown>): Promise<string[]>;
  close(): Promise<void>;
}

export async function startTestHub(
  kind: 'pglite' | 'postgres',
  fill: (hub: Hub) => Promise<void> = async () => {},
): Promise<TestHub> {
  const database = await createTestDatabase(kind);
  const hub = await openHub(database.target);
  await fill(hub);
  const server = await startServer(hub.prisma, { host: '127.0.0.1', port: 0 });
  return {
    database,
    hub,
    url: server.url,
    async gql(query, variables) {
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
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
      await server.close();
      await hub.close();
      await database.drop();
    },
  };
}
