import type { IncomingMessage } from 'node:http';

/**
 * Content negotiation for the bundles: web/build.mjs writes `<file>.br` and `<file>.gz` beside
 * each text asset, and the hub sends the smallest one the browser accepts. Nothing is compressed
 * per request.
 */
export type Encoding = 'br' | 'gzip';

/** The suffix of the precompressed copy of a file, per encoding. */
export const suffixOf: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/**
 * Assets that have precompressed copies: the bundles, not the pages (a few hundred bytes each),
 * nor woff2 fonts (compressed already). web/build.mjs uses the same list.
 */
export const compressible = /\.(?:js|css|svg|ttf|map)$/;

/**
 * The encodings `Accept-Encoding` allows, best first (brotli before gzip): a coding with `q=0`
 * is refused, `*` stands for any coding not named, `identity` is always possible and not listed.
 */
export function acceptedEncodings(req: IncomingMessage): Encoding[] {
  const header = req.headers['accept-encoding'];
  if (!header) return [];
  const weights = new Map<string, number>();
  for (const part of String(header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    weights.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weightOf = (coding: Encoding) =>
    weights.get(coding) ??
    (coding === 'gzip' ? weights.get('x-gzip') : undefined) ??
    weights.get('*') ??
    0;
  return (['br', 'gzip'] as const)
    .filter((coding) => weightOf(coding) > 0)
    .sort((a, b) => weightOf(b) - weightOf(a));
}
