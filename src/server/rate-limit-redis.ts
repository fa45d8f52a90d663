import { Redis } from 'ioredis';
import { logger } from '../logger.js';
import {
  type Count,
  type CounterStore,
  MemoryStore,
  RateLimiter,
  type RateLimitConfig,
} from './rate-limit.js';

/** Adds to a counter and starts its window atomically; returns the count and the window's rest (ms). */
const addScript = `
local n = redis.call('INCRBY', KEYS[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  if tonumber(ARGV[2]) == 0 then redis.call('DEL', KEYS[1]); return {0, tonumber(ARGV[1])} end
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`;

/**
 * Counters in Redis, shared by every replica using the same Redis and prefix. When Redis does not
 * answer, requests are let through (fail open, logged at most every 30 s): an outage of the
 * limiter must not take the hub down with it.
 */
export class RedisStore implements CounterStore {
  private readonly redis: Redis;
  private lastWarning = 0;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    // No offline queue: while Redis is unreachable a command fails at once instead of waiting.
    this.redis = new Redis(url, {
      maxRetriesPerRequest: 1,
      commandTimeout: 500,
      enableOfflineQueue: false,
    });
    this.redis.on('error', () => this.warn());
    this.redis.defineCommand('onetableAdd', { numberOfKeys: 1, lua: addScript });
  }

  private warn() {
    const now = Date.now();
    if (now - this.lastWarning < 30_000) return;
    this.lastWarning = now;
    logger.warn('rate limiter: Redis unavailable, requests are not limited meanwhile');
  }

  /** Resolves once connected, or after 2 s (until then, and whenever Redis is away, requests pass). */
  ready(): Promise<void> {
    if (this.redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, 2000);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.redis.once('ready', done);
    });
  }

  async add(key: string, by: number, windowMs: number): Promise<Count> {
    try {
      const add = (
        this.redis as unknown as {
          onetableAdd(k: string, w: number, b: number): Promise<[number, number]>;
        }
      ).onetableAdd;
      const [count, resetInMs] = await add.call(this.redis, this.prefix + key, windowMs, by);
      return { count, resetInMs };
    } catch {
      this.warn();
      return { count: 0, resetInMs: windowMs };
    }
  }

  async close() {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** The limiter for a configuration: Redis-backed when a Redis URL is set, else in memory. */
export function createRateLimiter(config: RateLimitConfig): RateLimiter {
  const store = config.redisUrl
    ? new RedisStore(config.redisUrl, config.prefix)
    : new MemoryStore();
  return new RateLimiter(store, config);
}
