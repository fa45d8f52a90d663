import type { PrismaClient } from '../db/client.js';
import { type Principal, sectionRefSelect } from '../access/principal.js';
import { AppError, ErrorCode } from '../errors.js';
import { verifyHubToken } from './tokens.js';

export interface AuthConfig {
  jwtSecret: Uint8Array;
}

export function unauthenticated(): AppError {
  return new AppError(ErrorCode.UNAUTHENTICATED, 'Valid credentials are required: send Authorization: Bearer <token or API key>', {
    http: { status: 401 },
  });
}

/**
 * Turns the Authorization header into a principal, or throws UNAUTHENTICATED (HTTP 401).
 * The section is read from the database on every request, so a removed section stops working at once.
 */
export async function authenticate(header: string | undefined, db: PrismaClient, config: AuthConfig): Promise<Principal> {
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match?.[1]) throw unauthenticated();
  const claims = await verifyHubToken(config.jwtSecret, match[1]);
  if (!claims) throw unauthenticated();
  const section = await db.section.findUnique({ where: { code: claims.section }, select: sectionRefSelect });
  if (!section) throw unauthenticated();
  return { kind: 'token', name: claims.user, section };
}
