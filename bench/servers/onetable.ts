/**
 * OneTable as `startServer` (src/server/app.ts) composes it, with the permission layer and the
 * audit plugin switchable, so the harness can measure what they cost on the same code path:
 *
 *   BENCH_PERMISSIONS=off  the schema without withPermissions and no purpose plugin (no shield
 *                          root rules, no purpose pre-check). Since issue 12 the field guards are
 *                          part of the schema (each personal field declares its policy) and
 *                          row-level security is the database's: neither can be switched off, so
 *                          this variant is "root rules and pre-check off", not "no permissions".
 *   BENCH_AUDIT=off        permissions on, but no audit events appended
 *
 * The production system in the benchmark is `onetable serve` itself (dist/cli/main.js); this
 * entry only exists for the "off" variants. Keep it in step with startServer; it leaves out the
 * per-principal rate limiter and the production introspection guard (both cheap), so the measured
 * permission overhead includes them.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { Context } from '../../src/context.js';
import { fromDist } from '../dist.js';

type Module<T> = Promise<T>;
const [
  { withPermissions },
  { purposePlugin },
  { auditPlugin },
  { loadAuthConfig },
  { createContext },
  { openHub },
  { logger },
  { schema },
  { formatError },
  { handleGraphQL },
  { sendJson },
  { inputGuardPlugin, limitRule, limitsFromEnv },
  { RequestLog },
  { unscopedClient },
  { withRequestScope },
  { auditInReadFromEnv, compiledReadsPlugin },
  { accessCacheOf },
  { readOperations },
] = await Promise.all([
  fromDist('access/middleware.js') as Module<typeof import('../../src/access/middleware.js')>,
  fromDist('access/purpose.js') as Module<typeof import('../../src/access/purpose.js')>,
  fromDist('modules/audit/plugin.js') as Module<typeof import('../../src/modules/audit/plugin.js')>,
  fromDist('auth/authenticate.js') as Module<typeof import('../../src/auth/authenticate.js')>,
  fromDist('context.js') as Module<typeof import('../../src/context.js')>,
  fromDist('db/open.js') as Module<typeof import('../../src/db/open.js')>,
  fromDist('logger.js') as Module<typeof import('../../src/logger.js')>,
  fromDist('schema.js') as Module<typeof import('../../src/schema.js')>,
  fromDist('server/errors.js') as Module<typeof import('../../src/server/errors.js')>,
  fromDist('server/graphql-handler.js') as Module<
    typeof import('../../src/server/graphql-handler.js')
  >,
  fromDist('routes.js') as Module<typeof import('../../src/routes.js')>,
  fromDist('server/limits.js') as Module<typeof import('../../src/server/limits.js')>,
  fromDist('server/request-log.js') as Module<typeof import('../../src/server/request-log.js')>,
  fromDist('db/client.js') as Module<typeof import('../../src/db/client.js')>,
  fromDist('db/scope.js') as Module<typeof import('../../src/db/scope.js')>,
  fromDist('compiled/plugin.js') as Module<typeof import('../../src/compiled/plugin.js')>,
  fromDist('access/cache.js') as Module<typeof import('../../src/access/cache.js')>,
  fromDist('server/trusted-operations.js') as Module<
    typeof import('../../src/server/trusted-operations.js')
  >,
]);

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is required');
const port = Number(process.env.PORT ?? 4300);
const permissions = process.env.BENCH_PERMISSIONS !== 'off';
const audit = permissions && process.env.BENCH_AUDIT !== 'off';

const hub = await openHub({ kind: 'postgres', url });
const auth = await loadAuthConfig(process.env.ONETABLE_DATA_DIR ?? 'data');
// As startServer: the access cache and the compiled read path (ONETABLE_COMPILED_READS), so the
// variants differ from `onetable serve` only in what they switch off.
const clients = {
  prisma: hub.prisma,
  unscoped: unscopedClient(hub.prisma),
  cache: accessCacheOf(hub.prisma),
};
const limits = limitsFromEnv();
const requestLog = new RequestLog(logger);
const plugins: ApolloServerPlugin<Context>[] = [
  ApolloServerPluginLandingPageDisabled(),
  ApolloServerPluginCacheControlDisabled(),
  inputGuardPlugin(limits),
];
if (permissions) plugins.push(purposePlugin());
plugins.push(
  compiledReadsPlugin({
    prisma: hub.prisma,
    operations: await readOperations(),
    auditInRead: audit && auditInReadFromEnv(),
  }),
);
if (audit) plugins.push(auditPlugin());
plugins.push(requestLog.plugin());

const apollo = new ApolloServer<Context>({
  schema: permissions ? withPermissions(schema) : schema,
  formatError,
  includeStacktraceInErrorResponses: false,
  stopOnTerminationSignals: false,
  parseOptions: { maxTokens: limits.maxTokens },
  validationRules: [limitRule(limits)],
  allowBatchedHttpRequests: false,
  plugins,
});
await apollo.start();

const server = createServer((req, res) => {
  const requestUrl = new URL(req.url ?? '/', 'http://localhost');
  const requestId = randomUUID();
  res.setHeader('x-request-id', requestId);
  if (requestUrl.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
  if (requestUrl.pathname !== '/graphql') return sendJson(res, 404, { error: 'not found' });
  let context: Context | undefined;
  requestLog.track(res, requestId, () => context);
  withRequestScope(() =>
    handleGraphQL(
      apollo,
      req,
      res,
      requestUrl,
      async () => (context = await createContext(clients, auth, req, requestId)),
    ),
  ).catch(() => {
    if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error' }] });
    else res.end();
  });
});
server.listen(port, '127.0.0.1', () =>
  logger.info({ port, permissions, audit }, 'bench OneTable variant listening'),
);
process.on('SIGTERM', () => {
  server.close();
  void apollo
    .stop()
    .then(() => hub.close())
    .finally(() => process.exit(0));
});
