/**
 * Export speed and memory: a saved report of ≥100,000 rows exported as CSV (and XLSX) from a
 * `onetable serve` process on PostgreSQL; prints rows, bytes, time to first byte, total time and
 * the server's peak RSS (VmHWM) before and after.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/onetable_bench_1m npx tsx bench/export.ts [--format csv|xlsx] [--runs 3]
 *
 * The database must be seeded (`onetable seed --residents 1000000`); the report is given by --input (JSON).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { issueToken } from '../src/auth/tokens.js';

const { values } = parseArgs({
  options: {
    format: { type: 'string', default: 'csv' },
    runs: { type: 'string', default: '3' },
    section: { type: 'string', default: 'civil-affairs' },
    purpose: { type: 'string', default: '' },
    input: {
      type: 'string',
      default: JSON.stringify({
        dataset: 'SERVICE_RECORDS',
        dimensions: ['COMMUNITY', 'DAY', 'SERVICE_KIND', 'AGE_BAND'],
        measures: ['COUNT', 'DISTINCT_RESIDENTS'],
      }),
    },
  },
  allowPositionals: true,
});
if (!process.env.DATABASE_URL) throw new Error('set DATABASE_URL to a seeded PostgreSQL database');
const secretText = 'bench-export-secret-bench-export-secret-00';
const child = spawn(process.execPath, ['dist/cli/main.js', 'serve', '--port', '0'], {
  env: {
    ...process.env,
    ONETABLE_SEED_DEMO: '0',
    ONETABLE_JWT_SECRET: secretText,
    LOG_LEVEL: 'info',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
process.on('exit', () => child.kill('SIGKILL'));
const url = await new Promise<string>((resolve, reject) => {
  child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const entry = JSON.parse(line) as { msg?: string; url?: string };
    if (entry.msg === 'OneTable is serving' && entry.url) resolve(entry.url);
  });
});
const peakRss = () =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) / 1024;
const token = await issueToken(new TextEncoder().encode(secretText), {
  section: values.section!,
  user: 'bench',
  ttlSeconds: 3600,
});
const purpose =
  values.purpose ||
  (await (async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ tasks { code datasets section { code } } }' }),
    });
    const tasks = (
      (await res.json()) as {
        data: { tasks: Array<{ code: string; datasets: string[]; section: { code: string } }> };
      }
    ).data.tasks;
    const dataset = (JSON.parse(values.input!) as { dataset: string }).dataset;
    return tasks.find((t) => t.section.code === values.section && t.datasets.includes(dataset))!
      .code;
  })());
const headers = {
  'content-type': 'application/json',
  authorization: `Bearer ${token}`,
  'x-purpose': purpose,
};
const saved = await fetch(url, {
  method: 'POST',
  headers,
  body: JSON.stringify({
    query: 'mutation($i: SaveReportInput!) { saveReport(input: $i) { id } }',
    variables: { i: { name: 'bench export', report: JSON.parse(values.input!) } },
  }),
});
const savedBody = (await saved.json()) as {
  data?: { saveReport: { id: string } };
  errors?: unknown;
};
if (!savedBody.data) throw new Error(`saveReport failed: ${JSON.stringify(savedBody.errors)}`);
const id = savedBody.data.saveReport.id;
console.log(
  `server peak RSS after start: ${peakRss().toFixed(0)} MiB; exporting ${values.input} as ${values.format}`,
);
for (let run = 0; run < Number(values.runs); run++) {
  const started = performance.now();
  const res = await fetch(
    new URL(`/reports/${encodeURIComponent(id)}/export?format=${values.format}`, url),
    { headers },
  );
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  let first = 0;
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    if (!first) first = performance.now() - started;
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  const total = performance.now() - started;
  const rows = values.format === 'csv' ? `${lines - 1} rows, ` : '';
  console.log(
    `run ${run + 1}: ${rows}${(bytes / 1e6).toFixed(1)} MB, first byte ${first.toFixed(0)} ms, total ${total.toFixed(0)} ms, server peak RSS ${peakRss().toFixed(0)} MiB`,
  );
}
child.kill('SIGTERM');
