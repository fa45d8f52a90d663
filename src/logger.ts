import { pino } from 'pino';

/**
 * One JSON line per event. Never pass personal values (names, ID numbers, phones, notes,
 * variables) to the logger: log ids, codes and counts only.
 *
 * Lines go to stdout asynchronously (SonicBoom, sync: false): a request's log line is queued,
 * not written inside the request, so a slow or stalled log collector delays no answer
 * (tests/ops/log-stall.test.ts). Queued lines are flushed on exit (pino flushes its destination
 * synchronously then) and by `logger.flush()` when the server stops. Past `maxLength` queued
 * bytes (a collector stalled for long) lines are dropped rather than growing memory without end.
 */
export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
    base: { service: 'onetable' },
    redact: { paths: ['req.headers.authorization', 'variables'], remove: true },
  },
  pino.destination({ dest: 1, sync: false, maxLength: 16 * 1024 * 1024 }),
);
