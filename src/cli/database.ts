import type { Command } from 'commander';
import { databaseTarget, describeTarget, loadConfig } from '../config.js';
import { positiveInt, progressPrinter } from './options.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

export function registerDatabaseCommands(program: Command) {
  program
    .command('migrate')
    .description('apply pending migrations from prisma/migrations (like prisma migrate deploy)')
    .action(async () => {
      const { openHub } = await import('../db/open.js');
      const hub = await openHub(databaseTarget(loadConfig()), say);
      await hub.close();
    });

  program
    .command('seed')
    .description('fill an empty database with a deterministic demo district')
    .option('--residents <n>', 'number of residents', positiveInt, 5000)
    .option('--seed <s>', 'random seed: the same seed gives the same data', positiveInt, 1)
    .action(async (options: { residents: number; seed: number }) => {
      const { openHub } = await import('../db/open.js');
      const { isDatabaseEmpty, seedDatabase } = await import('../seed/index.js');
      const target = databaseTarget(loadConfig());
      const hub = await openHub(target, say);
      try {
        if (!(await isDatabaseEmpty(hub.prisma))) {
          throw new Error(
            `${describeTarget(target)} already holds data; seed needs an empty database`,
          );
        }
        const started = performance.now();
        const summary = await seedDatabase(hub.prisma, {
          ...options,
          onProgress: progressPrinter(),
        });
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        say(`seeded in ${seconds}s: ${JSON.stringify(summary)}`);
      } finally {
        await hub.close();
      }
    });

  const migration = program
    .command('migration')
    .description('for developers: manage prisma/migrations');
  migration
    .command('create <name>')
    .description(
      'write a new migration for the changes in prisma/schema.prisma (needs no database)',
    )
    .action(async (name: string) => {
      const { openDatabase } = await import('../db/adapter.js');
      const { createMigration } = await import('../db/migrations.js');
      const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
      try {
        const folder = await createMigration(db, name);
        say(
          folder
            ? `created ${folder}`
            : 'schema.prisma and the migrations agree: nothing to create',
        );
      } finally {
        await db.close();
      }
    });
  migration
    .command('check')
    .description('fail if prisma/schema.prisma and prisma/migrations disagree')
    .action(async () => {
      const { openDatabase } = await import('../db/adapter.js');
      const { pendingSchemaChanges } = await import('../db/migrations.js');
      const db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
      try {
        const sql = await pendingSchemaChanges(db);
        if (sql) throw new Error(`schema.prisma has changes no migration holds:\n${sql}`);
        say('schema.prisma and the migrations agree');
      } finally {
        await db.close();
      }
    });
}
