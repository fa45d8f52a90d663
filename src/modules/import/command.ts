import { type Command, InvalidArgumentError } from 'commander';
import { type ImportKind, importKinds } from './fields.js';
import type { CliOptions } from './cli.js';
import type { OnExisting } from './run.js';

/**
 * The `onetable import` command. Declaring it loads nothing heavy (help stays fast); the
 * import itself (./cli.js: the database, the parsers) is loaded when the command runs.
 */
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
      const { describeImport, importLedger } = await import('./cli.js');
      const { progressBar } = await import('./progress.js');
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
