import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Cross-origin access for browser apps served elsewhere (ONETABLE_CORS_ORIGINS: a comma-separated
 * list of exact origins such as `https://app.example.gov.cn`; default none). Such an app sends a
 * bearer token or API key: no credentials mode (cookies stay same-site, see src/modules/web/).
 */
export const corsAllowedHeaders = [
  'authorization',
  'content-type',
  'x-purpose',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'x-request-id',
  'x-onetable-after',
];
export const corsAllowedMethods = ['GET', 'POST', 'OPTIONS'];
const exposedHeaders = ['x-request-id', 'retry-after', 'content-disposition', 'x-onetable-after'];

/** Reads ONETABLE_CORS_ORIGINS; a value that is not an exact origin (scheme, host, port) stops the start. */
export function corsOriginsFromEnv(env: NodeJS.ProcessEnv = process.env): Set<string> {
  const origins = new Set<string>();
  for (const raw of (env.ONETABLE_CORS_ORIGINS ?? '').split(',')) {
    const origin = raw.trim();
    if (origin === '') continue;
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin || !/^https?:$/.test(parsed.protocol)) {
      throw new Error(
        `ONETABLE_CORS_ORIGINS: "${origin}" is not an origin such as https://app.example.org (scheme, host and port only, no path or slash)`,
      );
    }
    origins.add(origin);
  }
  return origins;
}

/**
 * Adds the CORS headers of a response, and answers a preflight (OPTIONS with
 * Access-Control-Request-Method) from a listed origin with 204. Returns true when the request is
 * answered. An origin not listed gets no CORS header (the browser then withholds the answer); its
 * preflight is answered 204 without them, so nothing else runs.
 */
export function applyCors(
  req: IncomingMessage,
  res: ServerResponse,
  origins: Set<string>,
): boolean {
  if (origins.size === 0) return false;
  res.setHeader('vary', 'Origin');
  const origin = req.headers.origin;
  const allowed = typeof origin === 'string' && origins.has(origin);
  const preflight =
    req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (allowed) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', exposedHeaders.join(', '));
  }
  if (!preflight) return false;
  if (allowed) {
    res.setHeader('access-control-allow-methods', corsAllowedMethods.join(', '));
    res.setHeader('access-control-allow-headers', corsAllowedHeaders.join(', '));
    res.setHeader('access-control-max-age', '600');
  }
  res.writeHead(204);
  res.end();
  return true;
}
