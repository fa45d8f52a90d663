import type { AccessCache } from '../access/cache.js';
import { loadConfig } from '../config.js';
import type { PrismaClient } from '../db/client.js';
import { type Principal, sectionRefSelect } from '../access/principal.js';
import { AppError, ErrorCode } from '../errors.js';
import { logger } from '../logger.js';
import { findApiKeyPrincipal, looksLikeApiKey } from './api-keys.js';
import { type ExternalIdp, loadExternalIdp, verifyExternalToken } from './external.js';
import { loadJwtSecret } from './secret.js';
import { verifyHubToken } from './tokens.js';

export interface AuthConfig {
  /** Signs and verifies hub tokens (HS256). */
  jwtSecret: Uint8Array;
  /** Longest lifetime (exp - iat) of a hub token accepted, in seconds; default 12h. */
  maxTokenTtlSeconds?: number;
  /** An external identity provider whose tokens are accepted too; absent when not configured. */
  external?: ExternalIdp | null;
}

/** Longest credential looked at; anything longer is refused before any work is done. */
const maxCredentialLength = 8192;

/** Reads the hub secret (env or data folder), the longest token lifetime and the external identity provider (env). */
export async function loadAuthConfig(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AuthConfig> {
  const maxTokenTtlSeconds = loadConfig(env).tokenMaxTtlSeconds;
  const [jwtSecret, external] = await Promise.all([
    loadJwtSecret(dataDir, env),
    loadExternalIdp(env),
  ]);
  if (external)
    logger.info({ source: external.source }, 'accepting tokens of an external identity provider');
  return { jwtSecret, external, maxTokenTtlSeconds };
}

/** The one answer to every credential failure: it never tells which check failed. */
export function unauthenticated(): AppError {
  return new AppError(
    ErrorCode.UNAUTHENTICATED,
    'Valid credentials are required: send Authorization: Bearer <token or API key>',
    {
      http: { status: 401 },
    },
  );
}

async function principalOfToken(
  token: string,
  db: PrismaClient,
  config: AuthConfig,
  cache?: AccessCache,
): Promise<Principal | null> {
  const hub = await verifyHubToken(config.jwtSecret, token, config.maxTokenTtlSeconds);
  const external =
    hub || !config.external
      ? null
      : await verifyExternalToken(config.external, token, (reason) =>
          logger.warn(
            { reason, source: config.external?.source },
            'external identity provider unavailable',
          ),
        );
  const claims = hub ?? external;
  if (!claims) return null;
  const code = claims.section;
  const find = () => db.section.findUnique({ where: { code }, select: sectionRefSelect });
  const section = cache ? await cache.get(`section:${code}`, find) : await find();
  if (!section) return null;
  return { kind: hub ? 'token' : 'external', name: claims.user, section };
}

/**
 * Turns the Authorization header into a principal, or throws UNAUTHENTICATED (HTTP 401).
 * `Bearer ot_…` is an API key; anything else is a hub token, else an external token.
 * A token's section comes from the access cache (src/access/cache.ts), which a change to the
 * section table drops on every process; an API key is read on every request, so a revoked key
 * stops working at once. The credential is never logged.
 */
export async function authenticate(
  header: string | undefined,
  db: PrismaClient,
  config: AuthConfig,
  cache?: AccessCache,
): Promise<Principal> {
  const match = header ? /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header) : null;
  const credential = match?.[1];
  if (!credential || credential.length > maxCredentialLength) throw unauthenticated();
  const principal = looksLikeApiKey(credential)
    ? await findApiKeyPrincipal(db, credential)
    : await principalOfToken(credential, db, config, cache);
  if (!principal) throw unauthenticated();
  return principal;
}
