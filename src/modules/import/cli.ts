import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { findAdminServer } from '../../admin/client.js';
import { databaseTarget, loadConfig } from '../../config.js';
import type { ImportKind } from './fields.js';
import { type Mapping, parseMapping } from './mapping.js';
import { readSheet } from './parse.js';
import type { Progress } from './progress.js';
import { defaultReportPath, writeErrorReport } from './report.js';
import { importHere, importThroughHub } from './cli-run.js';
import type { ImportOptions, ImportResult, OnExisting } from './run.js';

export interface CliOptions {
  purpose: string;
  community?: string;
  mapping?: string;
  saveMapping?: string;
  onExisting: OnExisting;
  dryRun?: boolean;
  partial?: boolean;
  report?: string;
  url?: string;
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
  let mappingName: string | undefined;
  if (cli.mapping && !isMappingFile(cli.mapping)) mappingName = cli.mapping;
  else if (cli.mapping) {
    const text = await readFile(cli.mapping, 'utf8');
    try {
      mapping = parseMapping(kind, JSON.parse(text.replace(/^\uFEFF/, '')));
    } catch (error) {
      throw error instanceof SyntaxError
        ? new Error(`--mapping: ${cli.mapping} is not JSON`)
        : error;
    }
  }
  if (cli.saveMapping !== undefined && !mapping)
    throw new Error('--save-mapping saves the mapping of --mapping FILE: give the file too');
  const options: ImportOptions = {
    kind,
    community: cli.community,
    mapping,
    mappingName,
    saveMappingAs: cli.saveMapping,
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

/** `--mapping` names a file when it has a path separator or a .json ending, or such a file exists; else a saved mapping. */
function isMappingFile(value: string): boolean {
  return /[/\\]|\.json$/i.test(value) || existsSync(value);
}
