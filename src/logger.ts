import { pino } from 'pino';

/**
 * One JSON line per event. Never pass personal values (names, ID numbers, phones, notes,
 * variables) to the logger: log ids, codes and counts only.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  base: { service: 'onetable' },
  redact: { paths: ['req.headers.authorization', 'variables'], remove: true },
});
