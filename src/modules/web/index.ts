import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from '../../context.js';
import { applySession } from './session.js';
import {
  currentSession,
  demoSections,
  signIn,
  signOut,
  type WebSettings,
} from './session-routes.js';
import { sendWebFile, wantsHtml } from './static.js';

export type { WebSettings } from './session-routes.js';

const assetPattern =
  /^\/web\/(?<name>[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.-]+)?\.(?:js|css|ttf|woff2|svg|map))$/;

/**
 * The browser side of the hub, before any other route: `/` the app, `/graphql` opened by a browser
 * the IDE, `/web/*` their bundles, `/session*` sign-in. Then a session cookie becomes the request's
 * credential (with the CSRF header). Returns true when the request has been answered.
 */
export async function handleWeb(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  settings: WebSettings,
  context: () => Promise<Context>,
): Promise<boolean> {
  const method = req.method ?? 'GET';
  const { pathname } = url;
  if (method === 'GET' && (pathname === '/' || pathname === '/index.html'))
    return sendWebFile(req, res, 'app.html').then(() => true);
  if (pathname === '/graphql' && wantsHtml(req, url))
    return sendWebFile(req, res, 'ide.html').then(() => true);
  const asset = method === 'GET' ? assetPattern.exec(pathname) : null;
  if (asset) return sendWebFile(req, res, asset.groups!.name!).then(() => true);
  if (pathname === '/session' && method === 'POST')
    return signIn(req, res, settings, context).then(() => true);
  if (pathname === '/session' && method === 'GET')
    return currentSession(req, res, settings, context).then(() => true);
  if (pathname === '/session/end' && method === 'POST') return (signOut(res, settings), true);
  if (pathname === '/session/sections' && method === 'GET')
    return demoSections(res, settings).then(() => true);
  // Probes stay open whatever cookie a browser carries.
  if (pathname === '/healthz' || pathname === '/readyz') return false;
  return !applySession(req, res, settings.auth.jwtSecret);
}
