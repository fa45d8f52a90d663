import type { ServerResponse } from 'node:http';
import { intFromEnv } from '../config.js';
import { ErrorCode } from '../errors.js';
import { inFlight } from '../telemetry/metrics.js';

/** How a stopping server drains (see README, Operations). */
export interface DrainSettings {
  /** Seconds to keep answering 503 after SIGTERM before the listener closes (ONETABLE_DRAIN_SECONDS, default 0). */
  delaySeconds: number;
  /** Longest wait for in-flight requests, in seconds (ONETABLE_DRAIN_TIMEOUT_SECONDS, default 30). */
  timeoutSeconds: number;
  /** Retry-After of the 503 answers while draining, in seconds. */
  retryAfterSeconds: number;
}

export function drainSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DrainSettings {
  return {
    delaySeconds: intFromEnv('ONETABLE_DRAIN_SECONDS', 0, env),
    timeoutSeconds: intFromEnv('ONETABLE_DRAIN_TIMEOUT_SECONDS', 30, env),
    retryAfterSeconds: 5,
  };
}

/**
 * Counts in-flight requests and, once draining has begun, refuses new ones with 503 and
 * Retry-After (on new connections and on kept-alive ones alike) while the admitted ones finish.
 */
export class Drain {
  private inFlight = 0;
  private draining = false;
  private waiters: Array<() => void> = [];

  constructor(private readonly settings: DrainSettings) {}

  get isDraining(): boolean {
    return this.draining;
  }

  /** Admits a request (true), or answers it 503 because the server is stopping (false). */
  admit(res: ServerResponse): boolean {
    if (this.draining) {
      res.writeHead(503, {
        'content-type': 'application/json; charset=utf-8',
        'retry-after': String(this.settings.retryAfterSeconds),
        connection: 'close',
      });
      res.end(
        JSON.stringify({
          errors: [
            {
              message: 'The server is shutting down; retry on another replica',
              extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
            },
          ],
        }),
      );
      return false;
    }
    this.inFlight++;
    inFlight.inc();
    res.once('close', () => {
      this.inFlight--;
      inFlight.dec();
      if (this.inFlight === 0) for (const wake of this.waiters.splice(0)) wake();
    });
    return true;
  }

  /** Starts draining and resolves once the admitted requests finished (or the timeout passed). */
  async drain(): Promise<{ unfinished: number }> {
    this.draining = true;
    const settled = new Promise<void>((resolve) => {
      if (this.inFlight === 0) resolve();
      else this.waiters.push(resolve);
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.settings.timeoutSeconds * 1000);
    });
    const delay = new Promise<void>((resolve) =>
      setTimeout(resolve, this.settings.delaySeconds * 1000),
    );
    await Promise.race([Promise.all([settled, delay]), timeout]);
    clearTimeout(timer);
    return { unfinished: this.inFlight };
  }
}
