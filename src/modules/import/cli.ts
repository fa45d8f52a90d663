import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { findAdminServer } from '../../admin/client.js';
import { loadAuthConfig } from '../../auth/authenticate.js';
import { databaseTarget, loadConfig } from '../../config.js';
import { commandContext } from '../../context.js';
import { openHub } from '../../db/open.js';
import { withRequestScope } from '../../db/scope.js';
import type { ImportKind } from './fields.js';
import { type Mapping, parseMapping } from './mapping.js';
import { readSheet } from './parse.js';
import type { Progress } from './progress.js';
import { defaultReportPath, writeErrorReport } from './report.js';
import { type ImportOptions, type ImportResult, type OnExisting, runImport } from './run.js';

export interface CliOptions {
  purpose: string;
  community?: string;
  mapping?: string;
  onExisting: OnExisting;
  dryRun?: boolean;
  partial?: boolean;
  report?: string;
  url?: string;
}

/** Credentials come from the environment, never the command line (other users can read it in ps). */
function credential(env: NodeJS.ProcessEnv): string {
  const value = env.ONETABLE_API_KEY || env.ONETABLE_TOKEN;
  if (!value)
    throw new Error(
      "set ONETABLE_API_KEY (a section's API key) or ONETABLE_TOKEN (a hub token) to import a ledger",
    );
  return value;
}

/** Through a running hub: POST /import/<kind> with the file as the body. */
async function importThroughHub(
  base: string,
  bytes: Uint8Array,
  options: ImportOptions,
  purpose: string,
  env: NodeJS.ProcessEnv,
): Promise<ImportResult> {
  const url = new URL(`/import/${options.kind}`, base);
  if (options.community) url.searchParams.set('community', options.community);
  if (options.mapping) url.searchParams.set('mapping', JSON.stringify(options.mapping));
  url.searchParams.set('onExisting', options.onExisting);
  if (options.dryRun) url.searchParams.set('dryRun', 'true');
  if (options.partial) url.searchParams.set('partial', 'true');
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${credential(env)}`,
      'x-purpose': purpose,
      'content-type': 'application/octet-stream',
    },
    body: bytes,
  });
  const body = (await response.json().catch(() => null)) as
    | (ImportResult & { errors?: unknown })
    | { errors?: Array<{ message: string; extensions?: { code?: string } }> }
    | null;
  if (!response.ok || !body || !('counts' in body)) {
    const error = (
      body as { errors?: Array<{ message: string; extensions?: { code?: string } }> } | null
    )?.errors?.[0];
    throw new Error(
      error
        ? `${error.extensions?.code ?? response.status}: ${error.message}`
        : `HTTP ${response.status}`,
    );
  }
  return body as ImportResult;
}

/**
 * V8's collector, made callable. A CLI import is one batch whose garbage (cells, statement
 * arguments) V8 would otherwise let pile up to several times the live data before collecting;
 * collecting between its stages keeps a 100,000-line import's peak memory near what it holds.
 */
function collector(): () => void {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return () => {};
  }
}

/** The progress callback, collecting garbage at each new stage and every 20 chunks of a stage. */
function collecting(progress: Progress | undefined): Progress {
  const gc = collector();
  let stage = '';
  let calls = 0;
  return (now, done, total) => {
    if (now !== stage || ++calls % 20 === 0) gc();
    stage = now;
    progress?.(now, done, total);
  };
}

/** In this process: the database opened here, the credential checked as the server checks it. */
async function importHere(
  bytes: Uint8Array,
  options: ImportOptions,
  purpose: string,
  env: NodeJS.ProcessEnv,
): Promise<ImportResult> {
  const config = loadConfig(env);
  // Field policies are registered while the schema is built (the CLI loads it only now).
  await import('../../schema.js');
  const hub = await openHub(databaseTarget(config), undefined, { existing: true });
  try {
    const auth = await loadAuthConfig(config.dataDir, env);
    return await withRequestScope(async () => {
      const ctx = await commandContext(hub.prisma, auth, credential(env), purpose, randomUUID());
      return runImport(ctx, bytes, {
        ...options,
        log: false,
        progress: collecting(options.progress),
      });
    });
  } finally {
    await hub.close();
  }
}

/** The summary `onetable import` prints (counts and headings only: no value from the file). */
export function describeImport(result: ImportResult, reportFile: string | null): string[] {
  const c = result.counts;
  const lines = [
    `${result.kind} into community ${result.community} (${result.format}${result.format === 'csv' ? `, ${result.encoding}` : ''}, headings on line ${result.headerLine}): ${c.lines} lines`,
    `  created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, skipped ${c.skipped}, failed ${c.failed}; households created ${c.householdsCreated}, tags added ${c.tagsAdded}`,
  ];
  if (result.ignoredHeadings.length > 0)
    lines.push(`  columns not imported: ${result.ignoredHeadings.join(', ')}`);
  if (reportFile) lines.push(`  ${c.failed} lines with errors: see ${reportFile}`);
  lines.push(
    result.dryRun
      ? 'dry run: nothing changed'
      : result.applied
        ? `imported (file SHA-256 ${result.sha256})`
        : 'nothing imported: fix the lines in the error report, or import the valid lines with --partial',
  );
  return lines;
}

export async function importLedger(
  kind: ImportKind,
  file: string,
  cli: CliOptions,
  env: NodeJS.ProcessEnv = process.env,
  progress: Progress = () => {},
): Promise<{ result: ImportResult; reportFile: string | null }> {
  const bytes = await readFile(file);
  let mapping: Mapping | undefined;
  if (cli.mapping) {
    const text = await readFile(cli.mapping, 'utf8');
    try {
      mapping = parseMapping(kind, JSON.parse(text.replace(/^\uFEFF/, '')));
    } catch (error) {
      throw error instanceof SyntaxError
        ? new Error(`--mapping: ${cli.mapping} is not JSON`)
        : error;
    }
  }
  const options: ImportOptions = {
    kind,
    community: cli.community,
    mapping,
    onExisting: cli.onExisting,
    dryRun: cli.dryRun === true,
    partial: cli.partial === true,
    progress,
  };
  const target = databaseTarget(loadConfig(env));
  const server = cli.url ? null : await findAdminServer(target);
  const base = cli.url ?? (server ? server.url : null);
  const result = base
    ? await importThroughHub(base, bytes, options, cli.purpose, env)
    : await importHere(bytes, options, cli.purpose, env);
  let reportFile: string | null = null;
  if (result.errors.length > 0) {
    const sheet = await readSheet(bytes);
    reportFile = cli.report ?? defaultReportPath(file, sheet.format);
    await writeErrorReport(sheet, result.headerLine, result.errors, reportFile);
  }
  return { result, reportFile };
}
