/**
 * One measured run: autocannon (in the harness process; the servers are other processes) drives
 * one system with one scenario at one concurrency, either for a number of seconds or for a number
 * of requests (all answered before the run ends: nothing cut off keeps the database busy for the
 * next system; the harness sizes it from the system's last measured rate). Latencies of every
 * response are kept, so rounds can be merged into exact percentiles.
 */
import autocannon from 'autocannon';
import { setTimeout as sleep } from 'node:timers/promises';
import { postgresCpuMs } from './postgres-cpu.js';
import type { Running } from './processes.js';
import { type Fixture, type Scenario, requestStream } from './scenarios/index.js';

export interface Sample {
  requests: number;
  seconds: number;
  latencies: number[];
  failures: number;
  cpuMs: number;
  /** CPU of the local PostgreSQL server during the run (bench/postgres-cpu.ts). */
  dbCpuMs: number;
  rssMax: number;
  /** SQL statements the server sent during the run (requests cut off at the end included). */
  statements: number;
}

export const emptySample = (): Sample => ({
  requests: 0,
  seconds: 0,
  latencies: [],
  failures: 0,
  cpuMs: 0,
  dbCpuMs: 0,
  rssMax: 0,
  statements: 0,
});

export function merge(into: Sample, run: Sample): Sample {
  into.requests += run.requests;
  into.seconds += run.seconds;
  for (const value of run.latencies) into.latencies.push(value);
  into.failures += run.failures;
  into.cpuMs += run.cpuMs;
  into.dbCpuMs += run.dbCpuMs;
  into.rssMax = Math.max(into.rssMax, run.rssMax);
  into.statements += run.statements;
  return into;
}

let seed = 1;

export type Length = { seconds: number } | { amount: number };

export async function drive(
  target: Running,
  scenario: Scenario,
  fixture: Fixture,
  connections: number,
  length: Length,
): Promise<Sample> {
  const next = requestStream(target.spec.kind, scenario, fixture, seed++);
  const latencies: number[] = [];
  let rssMax = target.rss();
  const rssTimer = setInterval(() => {
    try {
      rssMax = Math.max(rssMax, target.rss());
    } catch {
      // the process is gone; the run reports its failures
    }
  }, 250);
  const cpuBefore = target.cpuMs();
  const dbCpuBefore = postgresCpuMs();
  const statementsBefore = (await target.stats()).statements;
  const instance = autocannon({
    url: target.base,
    connections,
    pipelining: 1,
    ...('amount' in length
      ? { amount: Math.max(length.amount, connections) }
      : { duration: length.seconds }),
    timeout: 120,
    requests: [{ setupRequest: (request) => ({ ...request, ...next() }) }],
  });
  // autocannon's own duration is counted in whole seconds (its ticks): time the run here instead.
  const started = performance.now();
  let lastResponse = started;
  instance.on(
    'response',
    (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      lastResponse = performance.now();
      if (statusCode === 200) latencies.push(responseTime);
    },
  );
  const result = await instance;
  clearInterval(rssTimer);
  const cpuMs = target.cpuMs() - cpuBefore;
  const dbCpuMs = postgresCpuMs() - dbCpuBefore;
  // Requests cut off at the end of a timed run still finish on the server: let them, so they do
  // not weigh on the next system's run.
  if ('seconds' in length) await sleep(scenario === 'page' || scenario === 'resident' ? 200 : 1500);
  const statements = (await target.stats()).statements - statementsBefore;
  return {
    requests: latencies.length,
    seconds: (lastResponse - started) / 1000,
    latencies,
    failures: result.errors + result.timeouts + result.non2xx,
    cpuMs,
    dbCpuMs,
    rssMax,
    statements,
  };
}

export const rateOf = (s: Sample) => (s.seconds > 0 ? s.requests / s.seconds : 0);

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
