import { createHash } from 'node:crypto';
import { HeaderMap } from '@apollo/server';
import type { Principal } from '../access/principal.js';
import { AppError, ErrorCode } from '../errors.js';
import { rateLimitRefusals } from '../telemetry/metrics.js';

/** Rate limits, per principal and per client address for failed authentication. */
export interface RateLimitConfig {
  /** Requests per window for one principal (section + user or API key); 0: no limit. */
  requests: number;
  /** Failed or missing credentials per window from one client address; 0: no limit. */
  authFailures: number;
  windowSeconds: number;
  /** Redis URL: replicas sharing it share the budgets; absent: this process only. */
  redisUrl?: string | undefined;
  /** Prefix of the Redis keys. */
  prefix: string;
}

export const defaultRateLimits: RateLimitConfig = {
  requests: 1200,
  authFailures: 60,
  windowSeconds: 60,
  prefix: 'onetable:ratelimit:',
};

export function rateLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): RateLimitConfig {
  const int = (name: string, fallback: number, min: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min)
      throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
    return value;
  };
  return {
    requests: int('ONETABLE_RATE_LIMIT', defaultRateLimits.requests, 0),
    authFailures: int('ONETABLE_RATE_LIMIT_AUTH_FAILURES', defaultRateLimits.authFailures, 0),
    windowSeconds: int('ONETABLE_RATE_LIMIT_WINDOW', defaultRateLimits.windowSeconds, 1),
    redisUrl: env.REDIS_URL || undefined,
    prefix: env.ONETABLE_RATE_LIMIT_PREFIX || defaultRateLimits.prefix,
  };
}

/** A fixed-window counter: how many hits the key has in its current window, and when it ends. */
export interface Count {
  count: number;
  resetInMs: number;
}

export interface CounterStore {
  /** Adds `by` (0: only reads) to the key's counter, starting a window of `windowMs` if none runs. */
  add(key: string, by: number, windowMs: number): Promise<Count>;
  /** Resolves when the store can count (a remote store: connected, or given up waiting). */
  ready?(): Promise<void>;
  close(): Promise<void>;
}

/** Counters of this process only. Expired windows are dropped as they are met, and swept when many. */
export class MemoryStore implements CounterStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  async add(key: string, by: number, windowMs: number): Promise<Count> {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (this.windows.size > 100_000) this.sweep(now);
      window = { count: 0, resetAt: now + windowMs };
      if (by > 0) this.windows.set(key, window);
    }
    window.count += by;
    return { count: window.count, resetInMs: window.resetAt - now };
  }

  private sweep(now: number) {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }

  async close() {}
}

function rateLimited(resetInMs: number, message: string): AppError {
  const retryAfter = String(Math.max(1, Math.ceil(resetInMs / 1000)));
  return new AppError(ErrorCode.RATE_LIMITED, message, {
    retryAfterSeconds: Number(retryAfter),
    http: { status: 429, headers: new HeaderMap([['retry-after', retryAfter]]) },
  });
}

const keyOf = (...parts: string[]) =>
  createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);

/**
 * Applies the budgets: `checkAddress` before authentication (an address that failed too often
 * is refused without trying its credentials), `authFailed` after a failure, `consume` for each
 * authenticated request. Refusals are RATE_LIMITED with HTTP 429 and Retry-After.
 */
export class RateLimiter {
  constructor(
    private readonly store: CounterStore,
    readonly config: RateLimitConfig,
  ) {}

  private get windowMs() {
    return this.config.windowSeconds * 1000;
  }

  async checkAddress(address: string): Promise<void> {
    if (this.config.authFailures === 0) return;
    const { count, resetInMs } = await this.store.add(`a:${keyOf(address)}`, 0, this.windowMs);
    if (count >= this.config.authFailures) {
      rateLimitRefusals.inc({ limit: 'auth-failures' });
      throw rateLimited(
        resetInMs,
        'Too many failed authentication attempts from this address; retry later',
      );
    }
  }

  async authFailed(address: string): Promise<void> {
    if (this.config.authFailures === 0) return;
    await this.store.add(`a:${keyOf(address)}`, 1, this.windowMs);
  }

  async consume(principal: Principal): Promise<void> {
    if (this.config.requests === 0) return;
    const key = `p:${keyOf(principal.kind, principal.section.code, principal.name)}`;
    const { count, resetInMs } = await this.store.add(key, 1, this.windowMs);
    if (count > this.config.requests) {
      rateLimitRefusals.inc({ limit: 'principal' });
      throw rateLimited(
        resetInMs,
        `Rate limit of ${this.config.requests} requests per ${this.config.windowSeconds} s exceeded; retry later`,
      );
    }
  }

  ready(): Promise<void> {
    return this.store.ready?.() ?? Promise.resolve();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
