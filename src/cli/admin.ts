import type { AdminClientOptions } from '../admin/client.js';
import type { AdminArgs, AdminCommandName, AdminResult } from '../admin/commands.js';

/**
 * Runs an admin command (src/admin/client.ts), loading the database code only now: declaring
 * the commands for `onetable --help` must not load Prisma or the schema.
 */
export async function runAdmin<N extends AdminCommandName>(
  name: N,
  args: AdminArgs = {},
  options: AdminClientOptions = {},
): Promise<AdminResult<N>> {
  const { runAdminCommand } = await import('../admin/client.js');
  return runAdminCommand(name, args, options);
}

export const say = (line: string): void => void process.stdout.write(`${line}\n`);
export const note = (line: string): void => void process.stderr.write(`${line}\n`);
