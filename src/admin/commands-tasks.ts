import type { PrismaClient } from '../db/client.js';
import { importTaskList } from '../modules/task/import.js';
import {
  type TaskListEntry,
  TaskListFileError,
  type TaskListFile,
} from '../modules/task/list-file.js';
import { TaskListInvalid } from '../modules/task/validate.js';
import type { AdminArgs } from './commands.js';

/** The operator-facing error of the admin layer, passed in to avoid an import cycle. */
type OperatorError = new (message: string) => Error;

const strings = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);

/** The parsed file as it travels in the command's JSON arguments, checked again here. */
function fileOf(args: AdminArgs, OperatorError: OperatorError): TaskListFile {
  const file = args.file as { unit?: unknown; year?: unknown; entries?: unknown } | undefined;
  if (!file || !Array.isArray(file.entries))
    throw new OperatorError('file: a parsed task list is required');
  const entries: TaskListEntry[] = file.entries.map((raw: Record<string, unknown>, i) => ({
    line: Number.isSafeInteger(raw?.line) ? (raw.line as number) : i + 1,
    code: String(raw?.code ?? ''),
    title: String(raw?.title ?? ''),
    list: String(raw?.list ?? ''),
    section: String(raw?.section ?? ''),
    datasets: strings(raw?.datasets),
    fields: strings(raw?.fields),
    assists: strings(raw?.assists),
  }));
  return {
    unit: file.unit === 'entry' ? 'entry' : 'line',
    ...(Number.isSafeInteger(file.year) ? { year: file.year as number } : {}),
    entries,
  };
}

/** `onetable tasks import`: validate, diff and (unless a dry run) replace a year's task list. */
export function taskCommands(OperatorError: OperatorError) {
  return {
    'tasks.import': async (db: PrismaClient, args: AdminArgs) => {
      const year = args.year === undefined || args.year === null ? undefined : Number(args.year);
      if (year !== undefined && !Number.isSafeInteger(year))
        throw new OperatorError('year: a whole number is required');
      try {
        const { diff, applied } = await importTaskList(db, fileOf(args, OperatorError), {
          year,
          dryRun: args.dryRun === true,
        });
        return { applied, ...diff };
      } catch (error) {
        if (error instanceof TaskListInvalid || error instanceof TaskListFileError)
          throw new OperatorError(error.message);
        throw error;
      }
    },
  };
}
