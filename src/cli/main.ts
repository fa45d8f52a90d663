#!/usr/bin/env node
import { Command } from 'commander';
import { registerAuditCommands } from './audit.js';
import { registerAuthCommands } from './auth.js';
import { registerDatabaseCommands } from './database.js';
import { registerDirectoryCommands } from './directory.js';
import { registerImportCommand } from '../modules/import/command.js';
import { registerReportCommands } from './report.js';
import { registerServe } from './serve.js';
import { registerTaskCommands } from './tasks.js';

const program = new Command('onetable')
  .description('OneTable: one GraphQL API over resident, household and service data')
  .showHelpAfterError();

registerServe(program);
registerDatabaseCommands(program);
registerAuditCommands(program);
registerAuthCommands(program);
registerDirectoryCommands(program);
registerTaskCommands(program);
registerReportCommands(program);
registerImportCommand(program);

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`onetable: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
