import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { accessCacheOf } from '../access/cache.js';
import { auditKey, useHubSecretForAuditKey } from '../modules/audit/key.js';
import { adminPath, handleAdminRequest } from '../admin/channel.js';
import { type Context, createContext } from '../context.js';
import { ErrorCode, isAppError } from '../errors.js';
import { type PrismaClient, unscopedClient } from '../db/client.js';
import { afterHeader, readAfter } from '../db/read-after.js';
import { usePrimary } from '../db/replicas.js';
import { asSystem, withRequestScope } from '../db/scope.js';
import { logger } from '../logger.js';
import { disclosureSettings } from '../modules/report/disclosure/settings.js';
import { handleWeb } from '../modules/web/index.js';
import { schema } from '../schema.js';
import { subgraphPath } from '../modules/federation/schema.js';
import {
  auditInReadFromEnv,
  compiledReadsFromEnv,
  compiledReadsPlugin,
} from '../compiled/plugin.js';
import { clientAddress, trustedProxiesFromEnv, TrustedProxies } from './client-address.js';
import { applyCors, corsOriginsFromEnv } from './cors.js';
import { handleGraphQL } from './graphql-handler.js';
import { limitsFromEnv } from './limits.js';
import { createApollo } from './apollo.js';
import { primaryForMutations } from './primary-for-mutations.js';
import { introspectionPlugin, serverModeFromEnv } from './production.js';
import { Drain, drainSettingsFromEnv } from './drain.js';
import { statementTimeoutFromEnv, type ServerOptions } from './options.js';
import { createRateLimiter } from './rate-limit-redis.js';
import { rateLimitsFromEnv } from './rate-limit.js';
import { RequestLog } from './request-log.js';
import { findRoute, routeLabel, sendJson as json } from '../routes.js';
import { isDatabaseUnavailable, serviceUnavailable } from './unavailable.js';
import { readOperations, trustedOperationsOf, trustedScreen } from './trusted-operations.js';
import { GraphQLMetrics } from '../telemetry/graphql-metrics.js';
import { draining, httpRequests } from '../telemetry/metrics.js';
import { handleMetrics, metricsAccessFromEnv } from '../telemetry/metrics-route.js';
import { inSpan } from '../telemetry/tracing.js';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

export { statementTimeoutFromEnv, type ServerOptions } from './options.js';

/** Answers a request whose handling threw: 500 with no detail (the log has the error's name). */
const failed = (res: ServerResponse) => (error: unknown) => {
  logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'request failed');
  if (res.headersSent) return void res.end();
  json(res, 500, {
    errors: [
      { message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } },
    ],
  });
};

/** Serves `/graphql`, `/healthz` (process up) and `/readyz` (database reachable). */
export async function startServer(
  prisma: PrismaClient,
  options: ServerOptions,
): Promise<RunningServer> {
  const http = createServer();
  const trustedProxies = options.trustedProxies
    ? new TrustedProxies(options.trustedProxies)
    : trustedProxiesFromEnv();
  const drain = new Drain({ ...drainSettingsFromEnv(), ...options.drain });
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
  const known = await readOperations();
  const operations = trustedOperationsOf(known);
  const screen = mode.trustedOperations ? trustedScreen(operations, limits.maxTokens) : undefined;
  const metrics = new GraphQLMetrics(new Set(operations.values()));
  const metricsAccess = options.metricsToken
    ? { token: options.metricsToken, production: mode.production }
    : metricsAccessFromEnv(mode.production);
  // Operation hashes are keyed by (a derivation of) this server's hub-token secret; a bad
  // ONETABLE_AUDIT_KEY stops the start here rather than failing every audited request.
  useHubSecretForAuditKey(options.auth.jwtSecret);
  await auditKey();
  const plugins = [
    compiledReadsPlugin({
      enabled: options.compiledReads ?? compiledReadsFromEnv(),
      prisma,
      operations: known,
      auditInRead: options.auditInRead ?? auditInReadFromEnv(),
    }),
    requestLog.plugin(),
    metrics.plugin(),
    primaryForMutations(),
    ...(mode.production ? [introspectionPlugin()] : []),
  ];
  const apollo = createApollo('graphql', http, limits, mode, plugins);
  // The federation subgraph: the same rules, guards, purpose checks, audit and limits (src/modules/federation/).
  const subgraph = createApollo('subgraph', http, limits, mode, plugins);
  await Promise.all([apollo.start(), subgraph.start(), limiter.ready()]);

  /** Builds a request's context within the rate limits (per client address for failed credentials, then per principal). */
  async function limitedContext(req: IncomingMessage, requestId: string): Promise<Context> {
    const address = clientAddress(req, trustedProxies);
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
    // Read replicas: a writing request outside GraphQL reads from the primary (src/db/replicas.ts),
    // and no request reads from a replica behind the WAL position its client has seen.
    if (req.method !== 'GET' && url.pathname !== '/graphql' && url.pathname !== subgraphPath)
      usePrimary();
    readAfter(req.headers[afterHeader]);
    // The browser app, the IDE, sign-in; a session cookie becomes the credential (src/modules/web/).
    if (await handleWeb(req, res, url, web, () => limitedContext(req, requestId))) return;
    if (url.pathname === '/graphql' || url.pathname === subgraphPath) {
      let context: Context | undefined;
      requestLog.track(res, requestId, () => context);
      metrics.track(res, () => context);
      return inSpan('graphql', {}, () =>
        handleGraphQL(
          url.pathname === subgraphPath ? subgraph : apollo,
          req,
          res,
          url,
          async () => (context = await limitedContext(req, requestId)),
          screen,
          limits,
        ),
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
    if (url.pathname === '/metrics' && req.method === 'GET')
      return handleMetrics(req, res, metricsAccess);
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
    // Liveness stays 200 while draining; everything else (readiness included) is refused with 503.
    if (req.url?.split('?')[0] === '/healthz')
      return json(res, 200, { status: drain.isDraining ? 'draining' : 'ok' });
    if (!drain.admit(res)) return;
    const routeName = routeLabel(req.url);
    const observe = httpRequests.startTimer();
    res.once('finish', () =>
      observe({ route: routeName, status: `${Math.floor(res.statusCode / 100)}xx` }),
    );
    const attributes = { 'http.request.method': req.method ?? 'GET', 'http.route': routeName };
    void inSpan(
      `HTTP ${req.method ?? 'GET'}`,
      attributes,
      async (span) => {
        // Every request runs in its own scope: it sees nothing until its principal's jurisdiction is set.
        await withRequestScope(() => route(req, res), statementTimeoutMs).catch(failed(res));
        span?.setAttribute('http.response.status_code', res.statusCode);
      },
      'server',
    );
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const address = http.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/graphql`,
    // Refuse new requests with 503 while the admitted ones finish; then Apollo's drain plugin
    // closes the listener and the remaining idle connections.
    close: async () => {
      draining.set(1);
      const { unfinished } = await drain.drain();
      if (unfinished) logger.warn({ unfinished }, 'drain timeout: closing with requests in flight');
      await Promise.all([apollo.stop(), subgraph.stop()]).finally(() => limiter.close());
    },
  };
}
