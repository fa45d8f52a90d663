import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { accessCacheOf } from '../access/cache.js';
import { withPermissions } from '../access/middleware.js';
import { purposePlugin } from '../access/purpose.js';
import { auditKey, useHubSecretForAuditKey } from '../modules/audit/key.js';
import { auditPlugin } from '../modules/audit/plugin.js';
import type { AuthConfig } from '../auth/authenticate.js';
import { adminPath, handleAdminRequest } from '../admin/channel.js';
import { intFromEnv } from '../config.js';
import { type Context, createContext } from '../context.js';
import { ErrorCode, isAppError } from '../errors.js';
import { type PrismaClient, unscopedClient } from '../db/client.js';
import { asSystem, withRequestScope } from '../db/scope.js';
import { logger } from '../logger.js';
import { disclosureSettings } from '../modules/report/disclosure/settings.js';
import { handleWeb } from '../modules/web/index.js';
import { schema } from '../schema.js';
import { applyCors, corsOriginsFromEnv } from './cors.js';
import { formatError } from './errors.js';
import { handleGraphQL } from './graphql-handler.js';
import { inputGuardPlugin, limitRule, limitsFromEnv, type QueryLimits } from './limits.js';
import { introspectionPlugin, serverModeFromEnv, type ServerMode } from './production.js';
import { createRateLimiter } from './rate-limit-redis.js';
import { rateLimitsFromEnv, type RateLimitConfig } from './rate-limit.js';
import { RequestLog } from './request-log.js';
import { findRoute, sendJson as json } from '../routes.js';
import { isDatabaseUnavailable, serviceUnavailable } from './unavailable.js';
import { loadTrustedOperations, trustedScreen } from './trusted-operations.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/;
const permittedSchema = withPermissions(schema);

export interface ServerOptions {
  host: string;
  port: number;
  auth: AuthConfig;
  dataDir?: string;
  limits?: QueryLimits;
  log?: typeof logger;
  /** Production and trusted-operations mode; default from NODE_ENV and ONETABLE_TRUSTED_OPERATIONS. */
  mode?: Partial<ServerMode>;
  /** Rate limits; default from the ONETABLE_RATE_LIMIT* variables and REDIS_URL. */
  rateLimits?: Partial<RateLimitConfig>;
  /** PostgreSQL statement_timeout of every statement of a request, in ms; default ONETABLE_STATEMENT_TIMEOUT_MS or 30 s. */
  statementTimeoutMs?: number;
  /** Origins allowed cross-origin requests; default ONETABLE_CORS_ORIGINS (none). */
  corsOrigins?: string[];
}

/** ONETABLE_STATEMENT_TIMEOUT_MS: longest any one statement of a request may run (0: no limit). */
export function statementTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return intFromEnv('ONETABLE_STATEMENT_TIMEOUT_MS', 30_000, env);
}

/** Serves `/graphql`, `/healthz` (process up) and `/readyz` (database reachable). */
export async function startServer(
  prisma: PrismaClient,
  options: ServerOptions,
): Promise<RunningServer> {
  const http = createServer();
  const limits = options.limits ?? limitsFromEnv();
  const mode = { ...serverModeFromEnv(), ...options.mode };
  const limiter = createRateLimiter({ ...rateLimitsFromEnv(), ...options.rateLimits });
  const clients = { prisma, unscoped: unscopedClient(prisma), cache: accessCacheOf(prisma) };
  const statementTimeoutMs = options.statementTimeoutMs ?? statementTimeoutFromEnv();
  const corsOrigins = options.corsOrigins ? new Set(options.corsOrigins) : corsOriginsFromEnv();
  const web = { production: mode.production, auth: options.auth, prisma };
  // A bad disclosure-control setting (a biased perturbation table, say) stops the start, not a report.
  disclosureSettings();
  const requestLog = new RequestLog(options.log ?? logger);
  const modePlugins = mode.production ? [introspectionPlugin()] : [];
  const screen = mode.trustedOperations
    ? trustedScreen(await loadTrustedOperations(), limits.maxTokens)
    : undefined;
  // Operation hashes are keyed by (a derivation of) this server's hub-token secret; a bad
  // ONETABLE_AUDIT_KEY stops the start here rather than failing every audited request.
  useHubSecretForAuditKey(options.auth.jwtSecret);
  await auditKey();
  const apollo = new ApolloServer<Context>({
    schema: permittedSchema,
    formatError,
    includeStacktraceInErrorResponses: false,
    // Introspection is open in development; in production introspectionPlugin keeps it to the
    // admin section, and validation errors stop suggesting field names ("Did you mean …").
    introspection: true,
    hideSchemaDetailsFromClientErrors: mode.production,
    // The CLI owns SIGTERM: it drains this server, then closes the database, then exits.
    stopOnTerminationSignals: false,
    // Checked before anything runs: too many tokens fails parsing, the rest fail validation (HTTP 400).
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: [limitRule(limits)],
    // A JSON array body (a batch) is refused with 400; this is Apollo's default, stated here on purpose.
    allowBatchedHttpRequests: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: http }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      inputGuardPlugin(limits),
      purposePlugin(),
      auditPlugin(),
      requestLog.plugin(),
      ...modePlugins,
    ],
  });
  await Promise.all([apollo.start(), limiter.ready()]);

  /** Builds a request's context within the rate limits (per client address for failed credentials, then per principal). */
  async function limitedContext(req: IncomingMessage, requestId: string): Promise<Context> {
    const address = req.socket.remoteAddress ?? 'unknown';
    await limiter.checkAddress(address);
    let context: Context;
    try {
      context = await createContext(clients, options.auth, req, requestId);
    } catch (error) {
      if (isAppError(error) && error.extensions.code === ErrorCode.UNAUTHENTICATED)
        await limiter.authFailed(address);
      if (isDatabaseUnavailable(error)) throw serviceUnavailable();
      throw error;
    }
    await limiter.consume(context.principal);
    return context;
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const incoming = req.headers['x-request-id'];
    const requestId =
      typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', requestId);
    // The local admin channel runs CLI commands for the machine's operator: the hub's own work.
    if (url.pathname === adminPath && options.dataDir)
      return asSystem(() => handleAdminRequest(req, res, prisma, options.dataDir!));
    if (applyCors(req, res, corsOrigins)) return;
    // The browser app, the IDE, sign-in; a session cookie becomes the credential (src/modules/web/).
    if (await handleWeb(req, res, url, web, () => limitedContext(req, requestId))) return;
    if (url.pathname === '/graphql') {
      let context: Context | undefined;
      requestLog.track(res, requestId, () => context);
      return handleGraphQL(
        apollo,
        req,
        res,
        url,
        async () => (context = await limitedContext(req, requestId)),
        screen,
        limits,
      );
    }
    const extra = findRoute(req.method ?? 'GET', url.pathname);
    if (extra) {
      const context = () => limitedContext(req, requestId);
      return extra.route.handle({
        req,
        res,
        url,
        params: extra.params,
        requestId,
        prisma,
        schema,
        context,
      });
    }
    if (url.pathname === '/healthz') return json(res, 200, { status: 'ok' });
    if (url.pathname === '/readyz') {
      const ready = await prisma.$queryRaw`SELECT 1`.then(
        () => true,
        () => false,
      );
      return json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'database unreachable' });
    }
    return json(res, 404, { error: 'not found' });
  }

  http.on('request', (req, res) => {
    // Every request runs in its own scope: it sees nothing until its principal's jurisdiction is set.
    withRequestScope(() => route(req, res), statementTimeoutMs).catch((error: unknown) => {
      logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'request failed');
      if (!res.headersSent)
        json(res, 500, {
          errors: [
            {
              message: 'Internal server error',
              extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
            },
          ],
        });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const address = http.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/graphql`,
    // Apollo's drain plugin stops accepting connections and lets in-flight requests finish.
    close: () => apollo.stop().finally(() => limiter.close()),
  };
}
