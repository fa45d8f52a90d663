import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { findAdminServer } from '../../admin/client.js';
import { databaseTarget, loadConfig } from '../../config.js';
import { type ImportKind, importKinds } from './fields.js';
import { type Mapping, parseMapping } from './mapping.js';
import { readSheet } from './parse.js';
import { type Progress, progressBar } from './progress.js';
import { defaultReportPath, writeErrorReport } from './report.js';
import { importHere, importThroughHub } from './cli-run.js';
import type { ImportOptions, ImportResult, OnExisting } from './run.js';

interface CliOptions {
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

function onExisting(value: string): OnExisting {
  if (value !== 'skip' && value !== 'update' && value !== 'fail')
    throw new InvalidArgumentError('expected skip, update or fail');
  return value;
}

function kindOf(value: string): ImportKind {
  if (!(importKinds as readonly string[]).includes(value))
    throw new InvalidArgumentError(`expected ${importKinds.join(', ')}`);
  return value as ImportKind;
}

export function registerImportCommand(program: Command) {
  program
    .command('import')
    .description(
      "import a committee's ledger (CSV or XLSX) as a section, in one transaction; credentials from ONETABLE_API_KEY or ONETABLE_TOKEN",
    )
    .argument('<kind>', `what the file holds: ${importKinds.join(', ')}`, kindOf)
    .argument('<file>', 'the ledger, .csv (UTF-8 or GBK) or .xlsx')
    .requiredOption('--purpose <task>', 'task code sent as X-Purpose, e.g. T2026-001')
    .option('--community <code>', "community to import into (default: the committee's own)")
    .option(
      '--mapping <file|name>',
      'JSON file mapping the ledger\'s headings to fields, e.g. {"户主姓名": "name"}, or the name of a mapping the section saved',
    )
    .option(
      '--save-mapping <name>',
      'save the --mapping file under this name for the section (reuse it with --mapping NAME)',
    )
    .option(
      '--on-existing <what>',
      'a person on record with other values: skip, update or fail',
      onExisting,
      'skip',
    )
    .option('--dry-run', 'check everything and report, change nothing')
    .option('--partial', 'import the valid lines even when some lines have errors')
    .option(
      '--report <file>',
      'where to write the error report (default: <file>.errors.csv|xlsx next to the input)',
    )
    .option(
      '--url <url>',
      'send the file to this running hub (default: the server holding the PGlite folder, else this process opens the database)',
    )
    .action(async (kind: ImportKind, file: string, options: CliOptions) => {
      const bar = progressBar();
      const { result, reportFile } = await importLedger(
        kind,
        file,
        options,
        process.env,
        bar.progress,
      ).finally(() => bar.done());
      for (const line of describeImport(result, reportFile)) process.stdout.write(`${line}\n`);
      if (result.errors.length > 0 && !(result.applied && options.partial)) process.exitCode = 1;
    });
}
