/**
 * Raw-SQL baseline server: node:http + pg, one prepared statement per request, JSON built by
 * PostgreSQL. Routes: GET /page?first=N, GET /resident?id=N, GET /report, GET /healthz.
 *
 *   node --import ./bench/servers/probe.mjs --import tsx bench/servers/rawsql.ts   (env DATABASE_URL, PORT, BENCH_TODAY)
 */
import { createServer, type ServerResponse } from 'node:http';
import pg from 'pg';
import { ageBandCutoffs } from '../scenarios/index.js';
import { pageSql, reportSql, residentSql } from './rawsql-queries.js';

const connectionString = process.env.DATABASE_URL;
if (!connectionString) throw new Error('DATABASE_URL is required');
const port = Number(process.env.PORT ?? 4200);
const cutoffs = ageBandCutoffs(process.env.BENCH_TODAY ?? new Date().toISOString().slice(0, 10));
// The same pool size as OneTable's adapter and PostGraphile's service.
const pool = new pg.Pool({ connectionString, max: 10 });

function send(res: ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(body);
}

async function answer(name: string, text: string, values: unknown[]): Promise<string> {
  const result = await pool.query<{ json: string | null }>({ name, text, values });
  return `{"data":${result.rows[0]?.json ?? 'null'}}`;
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const int = (key: string, fallback: number) => {
    const value = Number(url.searchParams.get(key) ?? fallback);
    return Number.isSafeInteger(value) && value > 0 ? value : fallback;
  };
  let work: Promise<string>;
  switch (url.pathname) {
    case '/page':
      work = answer('page', pageSql, [Math.min(int('first', 50), 100)]);
      break;
    case '/resident':
      work = answer('resident', residentSql, [int('id', 1)]);
      break;
    case '/report':
      work = answer('report', reportSql, cutoffs);
      break;
    case '/healthz':
      return send(res, 200, '{"status":"ok"}');
    default:
      return send(res, 404, '{"error":"not found"}');
  }
  work.then(
    (body) => send(res, 200, body),
    (error: unknown) =>
      send(res, 500, JSON.stringify({ error: error instanceof Error ? error.message : 'failed' })),
  );
});
server.listen(port, '127.0.0.1', () => console.log(`raw SQL baseline listening on ${port}`));
process.on('SIGTERM', () => {
  server.close();
  void pool.end().finally(() => process.exit(0));
});
