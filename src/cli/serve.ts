import type { Command } from 'commander';
import { positiveInt } from './options.js';
import type { ServeOptions } from './serve-run.js';

export function registerServe(program: Command) {
  program
    .command('serve')
    .description('migrate the database, seed demo data if it is empty, and serve GraphQL')
    .option('--host <host>', 'interface to listen on (env HOST)')
    .option('--port <port>', 'port to listen on (env PORT)', positiveInt)
    .option('--no-demo', 'do not seed demo data into an empty database (env ONETABLE_SEED_DEMO=0)')
    .option(
      '--production',
      'production mode: introspection for the admin section only (env NODE_ENV=production)',
    )
    .option(
      '--trusted-operations',
      'execute only the operations of schema/operations/ (env ONETABLE_TRUSTED_OPERATIONS=1)',
    )
    .action(async (options: ServeOptions) => {
      // Loaded when serving, not when declaring the command: `onetable --help` stays fast.
      const { serve } = await import('./serve-run.js');
      await serve(options);
    });
}
