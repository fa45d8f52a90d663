import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { registry } from './metrics.js';

/**
 * Who may read /metrics. With ONETABLE_METRICS_TOKEN set: whoever sends it as a bearer token
 * (Prometheus' `authorization` setting). Without it: nobody in production (404), and only
 * loopback clients in development. Metrics hold no personal data, but operation names, error
 * rates and pool sizes still help an attacker: they are not public.
 */
export interface MetricsAccess {
  token: string | undefined;
  production: boolean;
}

export function metricsAccessFromEnv(
  production: boolean,
  env: NodeJS.ProcessEnv = process.env,
): MetricsAccess {
  const token = env.ONETABLE_METRICS_TOKEN?.trim() || undefined;
  if (token !== undefined && token.length < 16)
    throw new Error('ONETABLE_METRICS_TOKEN must be at least 16 characters');
  return { token, production };
}

const digest = (text: string) => createHash('sha256').update(text).digest();
const loopback = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

function allowed(req: IncomingMessage, access: MetricsAccess): 'yes' | 'hidden' | 'forbidden' {
  if (access.token !== undefined) {
    const header = req.headers.authorization ?? '';
    const sent = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    return timingSafeEqual(digest(sent), digest(access.token)) ? 'yes' : 'forbidden';
  }
  if (access.production) return 'hidden';
  return loopback.test(req.socket.remoteAddress ?? '') ? 'yes' : 'forbidden';
}

/** GET /metrics in Prometheus' text format, for those `access` lets in. */
export async function handleMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  access: MetricsAccess,
): Promise<void> {
  const verdict = allowed(req, access);
  if (verdict !== 'yes') {
    const status = verdict === 'hidden' ? 404 : 401;
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      ...(status === 401 ? { 'www-authenticate': 'Bearer realm="metrics"' } : {}),
    });
    res.end(
      JSON.stringify({
        error:
          status === 404 ? 'not found' : 'metrics need ONETABLE_METRICS_TOKEN as a bearer token',
      }),
    );
    return;
  }
  const body = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType });
  res.end(body);
}
