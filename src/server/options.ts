import type { AuthConfig } from '../auth/authenticate.js';
import { intFromEnv } from '../config.js';
import type { logger } from '../logger.js';
import type { DrainSettings } from './drain.js';
import type { QueryLimits } from './limits.js';
import type { ServerMode } from './production.js';
import type { RateLimitConfig } from './rate-limit.js';

/** What startServer takes; everything but the address and the hub-token key has an env default. */
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
  /** Answer supported queries on the compiled read path (src/compiled/); default ONETABLE_COMPILED_READS, on. */
  compiledReads?: boolean;
  /** A compiled read inserts its audit event in its own statement; default ONETABLE_AUDIT_IN_READ, off. */
  auditInRead?: boolean;
  /** Origins allowed cross-origin requests; default ONETABLE_CORS_ORIGINS (none). */
  corsOrigins?: string[];
  /** How SIGTERM drains; default from ONETABLE_DRAIN_SECONDS and ONETABLE_DRAIN_TIMEOUT_SECONDS. */
  drain?: Partial<DrainSettings>;
  /** Proxies whose X-Forwarded-For is believed; default ONETABLE_TRUSTED_PROXIES (none). */
  trustedProxies?: string[];
  /** Who may read /metrics; default ONETABLE_METRICS_TOKEN (and production mode). */
  metricsToken?: string;
}

/** ONETABLE_STATEMENT_TIMEOUT_MS: longest any one statement of a request may run (0: no limit). */
export function statementTimeoutFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return intFromEnv('ONETABLE_STATEMENT_TIMEOUT_MS', 30_000, env);
}
