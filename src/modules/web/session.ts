import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../../routes.js';
import { ErrorCode } from '../../errors.js';

/**
 * The browser app's session: the credential (a hub token, an external token or an API key) lives
 * in an HttpOnly, SameSite=Strict cookie that scripts cannot read. A request authenticated by that
 * cookie must also carry `x-onetable-csrf` with the value bound to it (an HMAC of the credential
 * under the hub secret, handed to the app by POST/GET /session): a cross-site form or image cannot
 * set a header, and a cross-site script cannot read the value. Nothing is stored on the server, so
 * every replica accepts the session. Requests with an Authorization header are untouched.
 */
export const sessionCookie = 'onetable_session';
export const csrfHeader = 'x-onetable-csrf';
/** Browsers keep cookies up to 4096 bytes, name and attributes included. */
export const maxCookieCredential = 3800;

export function csrfTokenFor(secret: Uint8Array, credential: string): string {
  return createHmac('sha256', secret).update(`onetable-csrf:${credential}`).digest('base64url');
}

/** The session credential of a request's Cookie header, if any. */
export function sessionCredential(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0 || part.slice(0, index).trim() !== sessionCookie) continue;
    const value = part.slice(index + 1).trim();
    try {
      return value === '' ? undefined : decodeURIComponent(value);
    } catch {
      return undefined; // not a cookie this hub set
    }
  }
  return undefined;
}

function sameValue(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Turns a session cookie into the request's Authorization header when the CSRF header matches.
 * Returns false after answering 403 CSRF_TOKEN_REQUIRED when it does not (the request is not run).
 * A request without the cookie, or with its own Authorization header, passes unchanged.
 */
export function applySession(
  req: IncomingMessage,
  res: ServerResponse,
  secret: Uint8Array,
): boolean {
  if (req.headers.authorization !== undefined) return true;
  const credential = sessionCredential(req);
  if (credential === undefined) return true;
  const sent = req.headers[csrfHeader];
  if (typeof sent !== 'string' || !sameValue(sent, csrfTokenFor(secret, credential))) {
    sendJson(res, 403, {
      errors: [
        {
          message: `A request signed in by the session cookie must send the ${csrfHeader} header given by POST /session or GET /session (or send Authorization: Bearer instead)`,
          extensions: { code: ErrorCode.CSRF_TOKEN_REQUIRED },
        },
      ],
    });
    return false;
  }
  req.headers.authorization = `Bearer ${credential}`;
  return true;
}

/** Set-Cookie of a session (`credential`) or of its end (undefined). */
export function sessionCookieHeader(
  credential: string | undefined,
  options: { secure: boolean; maxAgeSeconds: number },
): string {
  const attributes = [
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    ...(options.secure ? ['Secure'] : []),
  ];
  if (credential === undefined) return [`${sessionCookie}=`, 'Max-Age=0', ...attributes].join('; ');
  return [
    `${sessionCookie}=${encodeURIComponent(credential)}`,
    `Max-Age=${options.maxAgeSeconds}`,
    ...attributes,
  ].join('; ');
}
