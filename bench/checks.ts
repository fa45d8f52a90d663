/**
 * Before any load: every system answers every scenario correctly (HTTP 200, no errors, the
 * expected number of rows), and the SQL statements each request costs are counted exactly by
 * sending requests one at a time and reading the server's statement counter (servers/probe.mjs).
 */
import type { Running } from './processes.js';
import {
  type Fixture,
  type HttpRequest,
  type SingleScenario,
  requestFor,
} from './scenarios/index.js';

export async function send(target: Running, request: HttpRequest): Promise<unknown> {
  const response = await fetch(target.base + request.path, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(
      `${target.spec.id} ${request.path}: HTTP ${response.status} ${text.slice(0, 300)}`,
    );
  const body = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
  if (body.errors?.length)
    throw new Error(`${target.spec.id}: ${JSON.stringify(body.errors).slice(0, 500)}`);
  if (body.data == null) throw new Error(`${target.spec.id}: no data in ${text.slice(0, 300)}`);
  return body.data;
}

/** The number of list entries at the first array found depth-first (residents, records, cells). */
function firstListLength(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) {
      const n = firstListLength(inner);
      if (n >= 0) return n;
    }
  }
  return -1;
}

/** Checks each scenario on each system; returns the rows each system answered, per scenario. */
export async function validate(
  targets: Running[],
  fixture: Fixture,
): Promise<Record<string, Record<SingleScenario, number>>> {
  const out: Record<string, Record<SingleScenario, number>> = {};
  for (const target of targets) {
    const rows = {} as Record<SingleScenario, number>;
    for (const scenario of ['page', 'resident', 'report'] as const) {
      const data = await send(
        target,
        requestFor(target.spec.kind, scenario, fixture, {
          pageSize: 50,
          residentId: fixture.residentIds[0]!,
        }),
      );
      rows[scenario] = firstListLength(data);
      if (scenario === 'page' && rows.page !== 50)
        throw new Error(`${target.spec.id}: page has ${rows.page} residents, not 50`);
    }
    out[target.spec.id] = rows;
  }
  return out;
}

export interface StatementCounts {
  /** Statements per request for a page of 10, 50 and 100 residents. */
  page: Record<number, number>;
  resident: number;
  report: number;
}

export const pageSizes = [10, 50, 100];

async function perRequest(target: Running, requests: HttpRequest[]): Promise<number> {
  const before = (await target.stats()).statements;
  for (const request of requests) await send(target, request);
  return ((await target.stats()).statements - before) / requests.length;
}

export async function countStatements(
  target: Running,
  fixture: Fixture,
  n = 5,
): Promise<StatementCounts> {
  const kind = target.spec.kind;
  const ids = fixture.residentIds.slice(0, n);
  const page: Record<number, number> = {};
  for (const size of pageSizes) {
    page[size] = await perRequest(
      target,
      ids.map((id) => requestFor(kind, 'page', fixture, { pageSize: size, residentId: id })),
    );
  }
  return {
    page,
    resident: await perRequest(
      target,
      ids.map((id) => requestFor(kind, 'resident', fixture, { pageSize: 50, residentId: id })),
    ),
    report: await perRequest(
      target,
      ids
        .slice(0, 2)
        .map((id) => requestFor(kind, 'report', fixture, { pageSize: 50, residentId: id })),
    ),
  };
}
