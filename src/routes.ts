import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import type { Context } from './context.js';
import type { PrismaClient } from './db/client.js';
import { isAppError } from './errors.js';

/**
 * HTTP routes besides /graphql that domain modules add (a report export, the JWKS of the
 * attestation key). A module registers its routes when it is imported, like its GraphQL fields;
 * the server (src/server/app.ts) reads this registry, so modules never import the server.
 */
export interface RouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Named groups of the route's pattern. */
  params: Record<string, string>;
  requestId: string;
  /** Unscoped database: for public routes only; authenticated routes use `context()`. */
  prisma: PrismaClient;
  /** The executable schema (a route that parses stored GraphQL input, e.g. a saved report). */
  schema: GraphQLSchema;
  /** Authenticates the caller and builds the request context (throws 401/403 AppErrors). */
  context(): Promise<Context>;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Matched against the whole path; named groups become `params`. */
  pattern: RegExp;
  handle(request: RouteRequest): Promise<void>;
}

const routes: Route[] = [];

/** Writes a JSON answer (`close`: ask the client to close the connection, e.g. after a 413). */
export function sendJson(res: ServerResponse, status: number, body: unknown, close = false) {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(JSON.stringify(body));
}

export function registerRoute(route: Route): void {
  routes.push(route);
}

export function findRoute(
  method: string,
  pathname: string,
): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes) {
    const match = route.pattern.exec(pathname);
    if (match && match[0] === pathname && route.method === method)
      return { route, params: { ...match.groups } };
  }
  return undefined;
}

/** HTTP status of an error code when the error does not carry one. */
const statusOf: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  PURPOSE_REQUIRED: 403,
  PURPOSE_NOT_ALLOWED: 403,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
};

/**
 * Answers a deliberate error (AppError) of a non-GraphQL route as JSON in the GraphQL error shape,
 * with its HTTP status (extensions.http.status, else the code's usual status, else 400). Anything else is rethrown: the server
 * logs it and answers 500 without details.
 */
export function sendRouteError(res: ServerResponse, error: unknown): void {
  if (!isAppError(error)) throw error;
  const { http, ...extensions } = error.extensions as {
    http?: { status?: number; headers?: Map<string, string> };
  } & Record<string, unknown>;
  if (http?.headers) for (const [key, value] of http.headers) res.setHeader(key, value);
  sendJson(res, http?.status ?? statusOf[String(extensions.code)] ?? 400, {
    errors: [{ message: error.message, extensions }],
  });
}

/** The route label of a request's metrics: a fixed name, never the path a client sent. */
export function routeLabel(url: string | undefined): string {
  const pathname = (url ?? '/').split('?')[0]!;
  if (pathname === '/graphql') return 'graphql';
  if (['/readyz', '/metrics'].includes(pathname)) return pathname.slice(1);
  if (pathname.startsWith('/admin/')) return 'admin';
  return findRoute('GET', pathname) || findRoute('POST', pathname) ? 'api' : 'web';
}
