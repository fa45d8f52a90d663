/** Ratios between the systems and the targets, computed from the merged samples. */
import { percentile, type Sample } from './load.js';
import type { BenchOptions } from './options.js';
import type { DatasetResult } from './results.js';
import type { Scenario } from './scenarios/index.js';

const rate = (s: Sample | undefined) => (s && s.seconds > 0 ? s.requests / s.seconds : Number.NaN);
const p50 = (s: Sample | undefined) =>
  s
    ? percentile(
        [...s.latencies].sort((a, b) => a - b),
        50,
      )
    : Number.NaN;
const cpu = (s: Sample | undefined) => (s && s.requests ? s.cpuMs / s.requests : Number.NaN);
const x = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '—');
const pct = (n: number) =>
  Number.isFinite(n) ? `${n >= 0 ? '+' : ''}${(n * 100).toFixed(1)}%` : '—';

function cell(result: DatasetResult, system: string, scenario: Scenario, connections: number) {
  return result.cells.get(`${system}|${scenario}|${connections}`);
}

export function ratioSection(options: BenchOptions, result: DatasetResult): string {
  const lines = [
    '### Ratios',
    '',
    'Throughput ratios: above 1× OneTable is faster. Time ratio: OneTable p50 ÷ raw SQL p50. Permission overhead: how much lower OneTable\'s throughput is with permissions on than off (and its server CPU per request higher); "audit share" is the part of it the audit append alone accounts for (permissions on with audit off vs on); "event in read ÷ apart" compares the compiled read inserting its audit event in its own statement (ONETABLE_AUDIT_IN_READ=on) with the event appended apart (the default).',
    '',
    '| scenario | conc. | OneTable/PostGraphile req/s | OneTable/raw SQL req/s | OneTable/raw SQL p50 time | permission overhead req/s | permission overhead CPU/req | audit share req/s | event in read ÷ apart req/s |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const scenario of options.scenarios) {
    for (const c of options.connections) {
      const on = cell(result, 'onetable', scenario, c);
      const off = cell(result, 'onetable-noperm', scenario, c);
      const noAudit = cell(result, 'onetable-noaudit', scenario, c);
      const inRead = cell(result, 'onetable-inread', scenario, c);
      const pgl = cell(result, 'postgraphile', scenario, c);
      const raw = cell(result, 'rawsql', scenario, c);
      lines.push(
        `| ${scenario} | ${c} | ${x(rate(on) / rate(pgl))} | ${x(rate(on) / rate(raw))} | ${x(p50(on) / p50(raw))} | ${pct(1 - rate(on) / rate(off))} | ${pct(cpu(on) / cpu(off) - 1)} | ${pct(1 - rate(on) / rate(noAudit))} | ${x(rate(inRead) / rate(on))} |`,
      );
    }
  }
  return lines.join('\n');
}

export function targetSection(options: BenchOptions, result: DatasetResult): string {
  const rows: string[] = [];
  const verdict = (ok: boolean | null) =>
    ok === null ? 'not measured' : ok ? '**met**' : '**missed**';
  const worst = (scenario: Scenario, f: (c: number) => number) => {
    const values = options.connections.map(f).filter(Number.isFinite);
    return values.length ? Math.min(...values) : Number.NaN;
  };
  for (const scenario of ['page', 'resident'] as const) {
    if (!options.scenarios.includes(scenario)) continue;
    const ratio = worst(
      scenario,
      (c) =>
        rate(cell(result, 'onetable', scenario, c)) /
        rate(cell(result, 'postgraphile', scenario, c)),
    );
    rows.push(
      `| ${scenario}: OneTable req/s ≥ PostGraphile, permissions on (lowest over concurrencies) | ${x(ratio)} | ${verdict(Number.isFinite(ratio) ? ratio >= 1 : null)} |`,
    );
  }
  const counts = result.statements.onetable;
  if (counts) {
    const flat = counts.page[10] === counts.page[100];
    rows.push(
      `| SQL statements per request do not grow with page size (10 → 50 → 100) | ${counts.page[10]} → ${counts.page[50]} → ${counts.page[100]} | ${verdict(flat)} |`,
    );
  }
  if (options.scenarios.includes('report')) {
    const c = options.connections[0]!;
    const ratio =
      p50(cell(result, 'onetable', 'report', c)) / p50(cell(result, 'rawsql', 'report', c));
    rows.push(
      `| report: within 1.5× of the raw-SQL time (p50 at concurrency ${c}) | ${x(ratio)} | ${verdict(Number.isFinite(ratio) ? ratio <= 1.5 : null)} |`,
    );
  }
  const overheads = options.scenarios
    .flatMap((s) =>
      options.connections.map(
        (c) =>
          1 - rate(cell(result, 'onetable', s, c)) / rate(cell(result, 'onetable-noperm', s, c)),
      ),
    )
    .filter(Number.isFinite);
  if (overheads.length) {
    const most = Math.max(...overheads);
    rows.push(
      `| permission overhead within 10% (largest over scenarios and concurrencies, req/s) | ${pct(most)} | ${verdict(most <= 0.1)} |`,
    );
  }
  return ['### Targets', '', '| target | measured | verdict |', '|---|---:|---|', ...rows].join(
    '\n',
  );
}
