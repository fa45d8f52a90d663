import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';

function format(value: string): 'csv' | 'xlsx' {
  if (value !== 'csv' && value !== 'xlsx') throw new InvalidArgumentError('expected csv or xlsx');
  return value;
}

/** Credentials come from the environment, never the command line (other users can read it in ps). */
function credential(env: NodeJS.ProcessEnv): string {
  const value = env.ONETABLE_API_KEY || env.ONETABLE_TOKEN;
  if (!value)
    throw new Error(
      "set ONETABLE_API_KEY (a section's API key) or ONETABLE_TOKEN (a hub token) to run a report",
    );
  return value;
}

interface RunOptions {
  format: 'csv' | 'xlsx';
  out: string;
  purpose: string;
  url?: string;
}

/**
 * Downloads a saved report's export from a running hub, as a scheduled job would. The file appears
 * only when complete: the download goes to `<out>.part` and is renamed at the end.
 */
export async function runSavedReport(
  id: string,
  options: RunOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const config = loadConfig(env);
  const base =
    options.url ??
    `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  const url = new URL(`/reports/${encodeURIComponent(id)}/export`, base);
  url.searchParams.set('format', options.format);
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${credential(env)}`, 'x-purpose': options.purpose },
  });
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => null)) as {
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    } | null;
    const error = body?.errors?.[0];
    throw new Error(
      error
        ? `${error.extensions?.code ?? response.status}: ${error.message}`
        : `HTTP ${response.status}`,
    );
  }
  const part = `${options.out}.part`;
  try {
    await pipeline(
      Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
      createWriteStream(part, { mode: 0o600 }),
    );
    await rename(part, options.out);
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  }
  return response.status;
}

export function registerReportCommands(program: Command) {
  const report = program.command('report').description('saved reports');
  report
    .command('run')
    .description(
      'export a saved report from the running hub into a file (for scheduled jobs); credentials from ONETABLE_API_KEY or ONETABLE_TOKEN',
    )
    .argument('<id>', 'the SavedReport ID, as savedReports shows it')
    .requiredOption('--purpose <task>', 'task code sent as X-Purpose, e.g. T2026-001')
    .requiredOption('--out <file>', 'file to write')
    .option('--format <format>', 'csv or xlsx', format, 'csv')
    .option('--url <url>', 'hub address (default: http://HOST:PORT from the environment)')
    .action(async (id: string, options: RunOptions) => {
      await runSavedReport(id, options);
      process.stderr.write(`report ${id} written to ${options.out}\n`);
    });
}
