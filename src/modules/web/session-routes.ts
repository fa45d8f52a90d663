import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthConfig } from '../../auth/authenticate.js';
import { issueToken } from '../../auth/tokens.js';
import { defaultTokenMaxTtlSeconds } from '../../config.js';
import type { Context } from '../../context.js';
import type { PrismaClient } from '../../db/client.js';
import { AppError, badInput, ErrorCode } from '../../errors.js';
import { sendJson, sendRouteError } from '../../routes.js';
import {
  csrfTokenFor,
  maxCookieCredential,
  sessionCookieHeader,
  sessionCredential,
} from './session.js';

/** What the session routes need of the server. */
export interface WebSettings {
  production: boolean;
  auth: AuthConfig;
  /** The hub's client (the section list of the demo sign-in: sections carry no community rows). */
  prisma: PrismaClient;
}

/** Lifetime of a demo session's hub token: a working day, within ONETABLE_TOKEN_MAX_TTL. */
const demoTtlSeconds = 8 * 3600;
const maxSessionBody = 16_384;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    // A JSON content type cannot be sent cross-site without a preflight: no login CSRF by form.
    throw new AppError(
      ErrorCode.BAD_USER_INPUT,
      'POST /session takes a JSON body (content-type: application/json)',
      { http: { status: 415 } },
    );
  }
  let text = '';
  for await (const chunk of req as AsyncIterable<Buffer>) {
    text += chunk.toString('utf8');
    if (text.length > maxSessionBody)
      throw new AppError(ErrorCode.BAD_USER_INPUT, 'Request body too large', {
        http: { status: 413 },
      });
  }
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null && !Array.isArray(body))
      return body as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw badInput('body', 'must be a JSON object');
}

function describe(context: Context, credential: string, settings: WebSettings) {
  return {
    section: { code: context.principal.section.code, level: context.principal.section.level },
    user: context.principal.name,
    kind: context.principal.kind,
    csrfToken: csrfTokenFor(settings.auth.jwtSecret, credential),
    production: settings.production,
  };
}

/**
 * POST /session: `{ "section": "committee:…", "user": "…" }` signs in as a demo section (not in
 * production mode); `{ "credential": "<token or API key>" }` signs in with a token of the identity
 * provider, a hub token or an API key, checked like a bearer credential (and counted against the
 * address's failed-credential budget). The credential goes into the HttpOnly cookie, never into
 * the answer.
 */
export async function signIn(
  req: IncomingMessage,
  res: ServerResponse,
  settings: WebSettings,
  context: () => Promise<Context>,
): Promise<void> {
  try {
    const body = await readJson(req);
    let credential: string;
    if (typeof body.credential === 'string' && body.credential.trim() !== '') {
      credential = body.credential.trim();
      if (credential.length > maxCookieCredential)
        throw badInput(
          'credential',
          `longer than ${maxCookieCredential} characters: send it as Authorization: Bearer instead`,
        );
    } else if (typeof body.section === 'string') {
      if (settings.production)
        throw new AppError(
          ErrorCode.FORBIDDEN,
          'Demo sign-in is off in production mode: sign in with a token or an API key',
          { http: { status: 403 } },
        );
      const user =
        typeof body.user === 'string' && body.user.trim() !== ''
          ? body.user.trim().slice(0, 64)
          : '演示用户';
      const ttlSeconds = Math.min(
        demoTtlSeconds,
        settings.auth.maxTokenTtlSeconds ?? defaultTokenMaxTtlSeconds,
      );
      credential = await issueToken(settings.auth.jwtSecret, {
        section: body.section,
        user,
        ttlSeconds,
      });
    } else {
      throw badInput(
        'credential',
        'send { "credential": "<token or API key>" } or, outside production, { "section": "<code>" }',
      );
    }
    req.headers.authorization = `Bearer ${credential}`;
    const signedIn = await context();
    res.setHeader(
      'set-cookie',
      sessionCookieHeader(credential, {
        secure: settings.production,
        maxAgeSeconds: settings.auth.maxTokenTtlSeconds ?? defaultTokenMaxTtlSeconds,
      }),
    );
    sendJson(res, 200, describe(signedIn, credential, settings));
  } catch (error) {
    sendRouteError(res, error);
  }
}

/** GET /session: who the session cookie signs in, and the CSRF value bound to it (401 without one). */
export async function currentSession(
  req: IncomingMessage,
  res: ServerResponse,
  settings: WebSettings,
  context: () => Promise<Context>,
): Promise<void> {
  const credential = sessionCredential(req);
  try {
    if (credential === undefined)
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'Not signed in', { http: { status: 401 } });
    req.headers.authorization = `Bearer ${credential}`;
    sendJson(res, 200, describe(await context(), credential, settings));
  } catch (error) {
    if (credential !== undefined)
      res.setHeader(
        'set-cookie',
        sessionCookieHeader(undefined, { secure: settings.production, maxAgeSeconds: 0 }),
      );
    sendRouteError(res, error);
  }
}

/** POST /session/end: forgets the cookie. */
export function signOut(res: ServerResponse, settings: WebSettings): void {
  res.setHeader(
    'set-cookie',
    sessionCookieHeader(undefined, { secure: settings.production, maxAgeSeconds: 0 }),
  );
  sendJson(res, 200, { signedOut: true });
}

/** GET /session/sections: the sections a demo sign-in may pick (not in production mode: 404 there). */
export async function demoSections(res: ServerResponse, settings: WebSettings): Promise<void> {
  if (settings.production)
    return sendJson(res, 404, {
      errors: [
        {
          message: 'Demo sign-in is off in production mode',
          extensions: { code: ErrorCode.NOT_FOUND },
        },
      ],
    });
  const sections = await settings.prisma.section.findMany({
    select: { code: true, name: true, level: true },
    orderBy: { code: 'asc' },
  });
  sendJson(res, 200, { sections });
}
