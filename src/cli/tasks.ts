import type { Command } from 'commander';
import { runAdmin } from './admin.js';
import { positiveInt } from './options.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

interface ImportResult {
  applied: boolean;
  year: number;
  added: string[];
  removed: string[];
  changed: { code: string; attributes: string[] }[];
  unchanged: number;
}

/** The lines `tasks import` prints: the diff, then what happened. */
export function describeImport(result: ImportResult): string[] {
  const lines = [
    `task list ${result.year}: ${result.added.length} added, ${result.removed.length} removed, ${result.changed.length} changed, ${result.unchanged} unchanged`,
  ];
  for (const code of result.added) lines.push(`  + ${code}`);
  for (const code of result.removed) lines.push(`  - ${code}`);
  for (const c of result.changed) lines.push(`  ~ ${c.code} (${c.attributes.join(', ')})`);
  lines.push(result.applied ? `replaced the ${result.year} task list` : 'dry run: nothing changed');
  return lines;
}

export function registerTaskCommands(program: Command) {
  const tasks = program.command('tasks').description('the yearly task list (准入清单)');
  tasks
    .command('import <file>')
    .description(
      "validate a task list (.csv, .xlsx or .json), show the diff, and replace that year's list in one transaction",
    )
    .option(
      '--year <year>',
      "year of the list (default: the file's, or the year of its codes)",
      positiveInt,
    )
    .option('--dry-run', 'validate and show the diff only')
    .action(async (file: string, options: { year?: number; dryRun?: boolean }) => {
      const { readTaskListFile } = await import('../modules/task/list-file.js');
      const parsed = await readTaskListFile(file);
      // Through the running server when `onetable serve` holds the PGlite folder, else directly.
      const result = await runAdmin(
        'tasks.import',
        { file: parsed as never, year: options.year ?? null, dryRun: options.dryRun === true },
        { log: (line) => process.stderr.write(`${line}\n`) },
      );
      for (const line of describeImport(result)) say(line);
    });
}
