import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { acceptedEncodings, compressible, suffixOf, type Encoding } from './encoding.js';

/**
 * The browser app and the IDE, bundled by `npm run build` (web/build.mjs) into dist/web/: served
 * from there, never from a CDN. Same folder whether this file runs from src/ (tests) or dist/.
 */
export const webDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'dist',
  'web',
);

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/**
 * Everything the pages load comes from this server: scripts, styles, workers, fonts. Inline
 * scripts are not run; inline styles are allowed (the IDE's editor sets them); connections go to
 * this origin only; no page may frame these.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** Whether a GET of /graphql comes from a person's browser (navigation) rather than a GraphQL client. */
export function wantsHtml(req: IncomingMessage, url: URL): boolean {
  if (req.method !== 'GET' || url.searchParams.has('query')) return false;
  const accept = req.headers.accept ?? '';
  return /\btext\/html\b/i.test(accept);
}

function notBuilt(res: ServerResponse) {
  res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('The browser app is not built: run `npm run build` (it bundles web/ into dist/web/).\n');
}

/** The file, or its precompressed copy in the first encoding the browser accepts that has one. */
async function readBest(
  req: IncomingMessage,
  file: string,
): Promise<{ content: Buffer; encoding: Encoding | null }> {
  if (compressible.test(file)) {
    for (const encoding of acceptedEncodings(req)) {
      const content = await readFile(file + suffixOf[encoding]).catch(() => null);
      if (content) return { content, encoding };
    }
  }
  return { content: await readFile(file), encoding: null };
}

/**
 * Sends one file of dist/web/ (a name without folders or dot-dot: `app.js`, `workers/json.js`),
 * brotli- or gzip-compressed when the browser accepts it (Content-Encoding, Vary).
 */
export async function sendWebFile(
  req: IncomingMessage,
  res: ServerResponse,
  name: string,
): Promise<void> {
  const file = path.resolve(webDir, name);
  if (!file.startsWith(webDir + path.sep)) return void res.writeHead(404).end();
  let found: Awaited<ReturnType<typeof readBest>>;
  try {
    found = await readBest(req, file);
  } catch {
    if (name.endsWith('.html')) return notBuilt(res);
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
    return;
  }
  const html = name.endsWith('.html');
  res.writeHead(200, {
    'content-type': types[path.extname(name)] ?? 'application/octet-stream',
    'content-length': found.content.length,
    // Pages are small and name the bundles: always fresh. Bundles change only with a build.
    'cache-control': html ? 'no-cache' : 'public, max-age=300',
    'x-content-type-options': 'nosniff',
    ...(compressible.test(name) ? { vary: 'Accept-Encoding' } : {}),
    ...(found.encoding ? { 'content-encoding': found.encoding } : {}),
    ...(html
      ? {
          'content-security-policy': contentSecurityPolicy,
          'referrer-policy': 'no-referrer',
          'x-frame-options': 'DENY',
        }
      : {}),
  });
  res.end(found.content);
}
