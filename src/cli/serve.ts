import type { Command } from 'commander';
import { databaseTarget, describeTarget, loadConfig } from '../config.js';
import { openHub } from '../db/open.js';
import { loadAuthConfig } from '../auth/authenticate.js';
import { removeServerInfo, writeServerInfo } from '../admin/channel.js';
import { loadCheckpointKey, startCheckpointWriter } from '../modules/audit/checkpoint.js';
import { logger } from '../logger.js';
import { DatabaseNotEmptyError, isDatabaseEmpty, seedDatabase } from '../seed/index.js';
import { startServer } from '../server/app.js';
import { positiveInt, progressPrinter } from './options.js';

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
    .action(
      async (options: {
        host?: string;
        port?: number;
        demo: boolean;
        production?: boolean;
        trustedOperations?: boolean;
      }) => {
        const started = performance.now();
        const config = loadConfig();
        const target = databaseTarget(config);
        const hub = await openHub(target, (line) => logger.info(line));
        if (options.demo && config.seedDemo && (await isDatabaseEmpty(hub.prisma))) {
          logger.info(
            { residents: config.demoResidents },
            'empty database: seeding the demo district',
          );
          await seedDatabase(hub.prisma, {
            residents: config.demoResidents,
            seed: 1,
            onProgress: progressPrinter(),
          }).catch((error: unknown) => {
            // Another replica on the same PostgreSQL database seeded first: serve its data.
            if (!(error instanceof DatabaseNotEmptyError)) throw error;
            logger.info('another process seeded the database first');
          });
        }
        // Signed heads of the audit chain, outside the database (ONETABLE_AUDIT_CHECKPOINT_FILE).
        const checkpoints = config.auditCheckpointFile
          ? await startCheckpointWriter(hub.prisma, {
              file: config.auditCheckpointFile,
              intervalSeconds: config.auditCheckpointSeconds,
              key: await loadCheckpointKey(config.dataDir),
              log: logger,
            })
          : null;
        if (checkpoints)
          logger.info(
            { file: config.auditCheckpointFile, seconds: config.auditCheckpointSeconds },
            'writing audit checkpoints',
          );
        const server = await startServer(hub.prisma, {
          host: options.host ?? config.host,
          port: options.port ?? config.port,
          auth: await loadAuthConfig(config.dataDir),
          dataDir: config.dataDir,
          mode: {
            production: Boolean(options.production) || config.production,
            trustedOperations: Boolean(options.trustedOperations) || config.trustedOperations,
          },
        });
        if (target.kind === 'pglite') await writeServerInfo(config.dataDir, server.url);
        const ms = Math.round(performance.now() - started);
        logger.info(
          {
            url: server.url,
            database: describeTarget(target),
            startupMs: ms,
            production: Boolean(options.production) || config.production,
          },
          'OneTable is serving',
        );
        let stopping = false;
        const stop = async (signal: string) => {
          if (stopping) return;
          stopping = true;
          logger.info({ signal }, 'draining in-flight requests');
          if (target.kind === 'pglite') await removeServerInfo(config.dataDir);
          await server.close();
          // After the drain, so the last checkpoint covers the events of the last requests.
          await checkpoints?.stop();
          await hub.close();
          logger.info('stopped');
          logger.flush(() => process.exit(0));
        };
        process.on('SIGTERM', () => void stop('SIGTERM'));
        process.on('SIGINT', () => void stop('SIGINT'));
      },
    );
}
