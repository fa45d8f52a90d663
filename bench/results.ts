/** The results file: machine, per-scenario tables, ratios, statement counts, targets. */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { StatementCounts } from './checks.js';
import type { Dataset } from './database.js';
import { percentile, type Sample } from './load.js';
import type { BenchOptions } from './options.js';
import { scenarioTitles, type SingleScenario } from './scenarios/index.js';
import { ratioSection, targetSection } from './verdicts.js';

export interface DatasetResult {
  dataset: Dataset;
  rows: Record<string, Record<SingleScenario, number>>;
  statements: Record<string, StatementCounts>;
  idleRss: Record<string, number>;
  /** Merged samples keyed `system|scenario|connections`. */
  cells: Map<string, Sample>;
}

export interface Machine {
  cpus: string;
  memory: string;
  node: string;
  postgres: string;
  kernel: string;
  startedAt: Date;
  finishedAt: Date;
  loadavg: number[];
}

export async function machine(
  postgres: string,
): Promise<Omit<Machine, 'startedAt' | 'finishedAt' | 'loadavg'>> {
  const cpus = os.cpus();
  return {
    cpus: `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    postgres,
    kernel: `${os.type()} ${os.release()}`,
  };
}

export const rate = (s: Sample) => (s.seconds > 0 ? s.requests / s.seconds : 0);
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 10 ? 2 : 1) : '—');
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);

function statementsFor(
  counts: StatementCounts | undefined,
  scenario: string,
  sample: Sample,
): string {
  // The mixed workload: counted under load (requests cut off at the end of a run make it approximate).
  if (scenario === 'mixed')
    return sample.requests ? `≈${(sample.statements / sample.requests).toFixed(1)}` : '—';
  if (!counts) return '—';
  if (scenario === 'page') return counts.page[50]!.toFixed(1);
  if (scenario === 'resident') return counts.resident.toFixed(1);
  if (scenario === 'report') return counts.report.toFixed(1);
  return '—';
}

function scenarioTable(options: BenchOptions, result: DatasetResult, scenario: string): string {
  const lines = [
    '| system | conc. | req/s | p50 ms | p95 ms | p99 ms | SQL stmts/req | server CPU ms/req | PostgreSQL CPU ms/req | RSS MB (peak) | failed |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const connections of options.connections) {
    for (const spec of options.systems) {
      const s = result.cells.get(`${spec.id}|${scenario}|${connections}`);
      if (!s) continue;
      const sorted = [...s.latencies].sort((a, b) => a - b);
      lines.push(
        `| ${spec.label} | ${connections} | ${rate(s).toFixed(0)} | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 95))} | ${ms(percentile(sorted, 99))} | ${statementsFor(result.statements[spec.id], scenario, s)} | ${s.requests ? (s.cpuMs / s.requests).toFixed(2) : '—'} | ${s.requests && s.dbCpuMs ? (s.dbCpuMs / s.requests).toFixed(2) : '—'} | ${mb(s.rssMax)} | ${s.failures} |`,
      );
    }
  }
  return lines.join('\n');
}

function statementTable(options: BenchOptions, result: DatasetResult): string {
  const lines = [
    '| system | page of 10 | page of 50 | page of 100 | resident by id | report | idle RSS MB |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const spec of options.systems) {
    const c = result.statements[spec.id];
    if (!c) continue;
    lines.push(
      `| ${spec.label} | ${c.page[10]} | ${c.page[50]} | ${c.page[100]} | ${c.resident} | ${c.report} | ${mb(result.idleRss[spec.id] ?? 0)} |`,
    );
  }
  return lines.join('\n');
}

export async function writeResults(
  options: BenchOptions,
  results: DatasetResult[],
  m: Machine,
): Promise<string> {
  const date = m.startedAt.toISOString().slice(0, 10);
  const file =
    options.out ?? path.join('bench', 'results', `${date}${options.quick ? '-quick' : ''}.md`);
  const minutes = ((m.finishedAt.getTime() - m.startedAt.getTime()) / 60_000).toFixed(1);
  const parts = [
    `# OneTable benchmark, ${date}${options.quick ? ' (quick mode)' : ''}`,
    '',
    '| | |',
    '|---|---|',
    `| CPU | ${m.cpus} |`,
    `| memory | ${m.memory} |`,
    `| OS | ${m.kernel} |`,
    `| Node | ${m.node} |`,
    `| PostgreSQL | ${m.postgres} (same machine) |`,
    `| run | ${m.startedAt.toISOString()} – ${m.finishedAt.toISOString()} (${minutes} min); load average at start ${m.loadavg.map((l) => l.toFixed(2)).join(' / ')} |`,
    `| load | autocannon in the harness process; per system, scenario and concurrency ${options.rounds} rounds of about ${options.seconds} s (a number of requests sized from the system's last measured rate, at least two per connection, all answered), systems alternating round by round, after a warm-up of at least ${options.warmupSeconds} s |`,
    '',
    'Caller: the `civil-affairs` district section (whole district; FULL on name, ID number, birth date, age, address; MASKED phone and service notes; sensitive tags it holds only AGGREGATE on are hidden), with one of its own task codes as X-Purpose. PostGraphile and the raw-SQL baseline have no permission layer. Latencies are client-side, per response; "server CPU" is the server process\'s user+system time divided by the requests it answered; "PostgreSQL CPU" is the user+system time of every process of the local PostgreSQL server (backends, WAL writer, autovacuum, …; bench/postgres-cpu.ts) over the same run divided by the same requests — systems run one at a time, so it is what that system cost the database, plus any background work that fell into the run; SQL statements are counted in each server process at node-postgres (`pg.Client#query`), requests sent one at a time (for the mixed workload: under load, ≈).',
    '',
  ];
  for (const result of results) {
    parts.push(
      `## ${result.dataset.residents.toLocaleString('en')} residents (\`${result.dataset.database}\`)`,
      '',
    );
    for (const scenario of options.scenarios) {
      parts.push(
        `### ${scenarioTitles[scenario]}`,
        '',
        scenarioTable(options, result, scenario),
        '',
      );
    }
    parts.push(
      '### SQL statements per request (sent one at a time)',
      '',
      statementTable(options, result),
      '',
    );
    parts.push(ratioSection(options, result), '', targetSection(options, result), '');
  }
  const findings = path.join('bench', 'FINDINGS.md');
  if (existsSync(findings)) parts.push(readFileSync(findings, 'utf8').trim(), '');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, parts.join('\n'));
  return file;
}
