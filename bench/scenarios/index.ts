/**
 * The four scenarios, as one HTTP request per system. Every system answers the same question
 * with roughly the same JSON: OneTable and PostGraphile through GraphQL, the raw-SQL baseline
 * through one hand-written statement per request (see ../servers/rawsql-queries.ts).
 */
import { onetableRequest, postgraphileRequest } from './graphql.js';

export type SystemKind = 'onetable' | 'postgraphile' | 'rawsql';
export type Scenario = 'page' | 'resident' | 'report' | 'mixed';
export type SingleScenario = Exclude<Scenario, 'mixed'>;

export const scenarios: Scenario[] = ['page', 'resident', 'report', 'mixed'];

export const scenarioTitles: Record<Scenario, string> = {
  page: '1. first page of 50 residents (by id) with household, members, community, tags',
  resident:
    '2. one resident by id (2,000 ids with service records, random order) with the newest 20 service records',
  report: '3. community × age-band count over all residents',
  mixed: '4. mixed reads: 50% resident by id, 40% page of 20, 10% report',
};

/** What every request needs: the caller's credentials and ids that exist in the database. */
export interface Fixture {
  token: string;
  purpose: string;
  /** Residents that have service records (scenario 2 picks one at random per request). */
  residentIds: number[];
  /** Birth-date cut-offs of the age bands (OneTable's own, computed for the same day). */
  today: string;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Params {
  pageSize: number;
  residentId: number;
}

export function requestFor(
  kind: SystemKind,
  scenario: SingleScenario,
  fixture: Fixture,
  params: Params,
): HttpRequest {
  switch (kind) {
    case 'onetable':
      return onetableRequest(scenario, fixture, params);
    case 'postgraphile':
      return postgraphileRequest(scenario, params);
    case 'rawsql':
      return rawRequest(scenario, params);
  }
}

function rawRequest(scenario: SingleScenario, params: Params): HttpRequest {
  const path =
    scenario === 'page'
      ? `/page?first=${params.pageSize}`
      : scenario === 'resident'
        ? `/resident?id=${params.residentId}`
        : '/report';
  return { method: 'GET', path, headers: {} };
}

/** A small deterministic generator (mulberry32), so every system gets the same request sequence. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Yields the requests of a scenario one after another (random ids; the mixed draw). */
export function requestStream(
  kind: SystemKind,
  scenario: Scenario,
  fixture: Fixture,
  seed = 1,
): () => HttpRequest {
  const next = random(seed);
  const residentId = () => fixture.residentIds[Math.floor(next() * fixture.residentIds.length)]!;
  return () => {
    if (scenario !== 'mixed')
      return requestFor(kind, scenario, fixture, { pageSize: 50, residentId: residentId() });
    const draw = next();
    const single: SingleScenario = draw < 0.5 ? 'resident' : draw < 0.9 ? 'page' : 'report';
    return requestFor(kind, single, fixture, { pageSize: 20, residentId: residentId() });
  };
}

/**
 * Latest birth dates (YYYY-MM-DD) of ages 18, 35, 60, 70 and 80 on `on` (YYYY-MM-DD): the same
 * cut-offs as OneTable's report (src/modules/resident/age.ts birthDateRange: 29 Feb falls back
 * to 28 Feb), so every system puts each resident in the same band.
 */
export function ageBandCutoffs(on: string): string[] {
  const day = new Date(`${on}T00:00:00Z`);
  return [18, 35, 60, 70, 80].map((years) => {
    const date = new Date(
      Date.UTC(day.getUTCFullYear() - years, day.getUTCMonth(), day.getUTCDate()),
    );
    if (date.getUTCMonth() !== day.getUTCMonth()) date.setUTCDate(0);
    return date.toISOString().slice(0, 10);
  });
}
