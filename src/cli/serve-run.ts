import { databaseTarget, describeTarget, loadConfig } from '../config.js';
import { openHub } from '../db/open.js';
import { loadAuthConfig } from '../auth/authenticate.js';
import { removeServerInfo, writeServerInfo } from '../admin/channel.js';
import { loadCheckpointKey, startCheckpointWriter } from '../modules/audit/checkpoint.js';
import { logger } from '../logger.js';
import { DatabaseNotEmptyError, isDatabaseEmpty, seedDatabase } from '../seed/index.js';
import { startServer } from '../server/app.js';
import { progressPrinter } from './options.js';
import { startTracing, stopTracing } from '../telemetry/tracing.js';

export interface ServeOptions {
  host?: string;
  port?: number;
  demo: boolean;
  production?: boolean;
  trustedOperations?: boolean;
}

/** `onetable serve`: opens and migrates the database, seeds an empty one, serves, drains on SIGTERM. */
export async function serve(options: ServeOptions): Promise<void> {
  const started = performance.now();
  // Before anything else, so the first statements are traced too (only when OTLP is configured).
  if (await startTracing()) logger.info('exporting traces over OTLP');
  const config = loadConfig();
  const target = databaseTarget(config);
  const hub = await openHub(target, (line) => logger.info(line));
  if (options.demo && config.seedDemo && (await isDatabaseEmpty(hub.prisma))) {
    logger.info({ residents: config.demoResidents }, 'empty database: seeding the demo district');
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
    // From here /readyz and new requests answer 503 while the in-flight ones finish.
    const closed = server.close();
    logger.info({ signal }, 'draining in-flight requests');
    if (target.kind === 'pglite') await removeServerInfo(config.dataDir);
    await closed;
    // After the drain, so the last checkpoint covers the events of the last requests.
    await checkpoints?.stop();
    await hub.close();
    await stopTracing();
    logger.info('stopped');
    logger.flush(() => process.exit(0));
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
