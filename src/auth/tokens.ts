import { createSecretKey, type KeyObject } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { defaultTokenMaxTtlSeconds } from '../config.js';

export const hubIssuer = 'onetable';
const algorithm = 'HS256';

/** Parses a lifetime such as 30m, 8h or 7d into seconds. */
export function parseTtl(ttl: string): number {
  const match = /^(\d+)([smhd])$/.exec(ttl);
  if (!match) throw new Error('ttl: use a number with s, m, h or d, e.g. 8h');
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/** Writes seconds in the largest unit that divides them: 43200 → 12h, 90 → 90s. */
export function formatTtl(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

/** A token issued by a process whose clock runs this far ahead of the server's is still taken. */
const issuedAtSkewSeconds = 60;

/** Signs a hub token for a user of a section. */
export async function issueToken(
  secret: Uint8Array,
  claims: { section: string; user: string; ttlSeconds: number },
) {
  return new SignJWT({ section: claims.section })
    .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
    .setIssuer(hubIssuer)
    .setSubject(claims.user)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + claims.ttlSeconds)
    .sign(secret);
}

const keys = new WeakMap<Uint8Array, KeyObject>();

/** The secret as a key object, made once per secret: jose would import raw bytes on every verification. */
function verificationKey(secret: Uint8Array): KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = createSecretKey(secret)));
  return key;
}

interface Verified {
  section: string;
  user: string;
  exp: number;
  iat: number;
}

/**
 * Tokens whose signature was verified, per secret: a client sends the same token on every request
 * for hours, and an HMAC verification through WebCrypto cost about a twentieth of a compiled
 * read's CPU. Only valid tokens enter (junk cannot fill it); expiry and lifetime are checked again
 * on every use; the oldest entries leave first past `maxVerified`.
 */
const verified = new WeakMap<Uint8Array, Map<string, Verified>>();
const maxVerified = 10_000;

function acceptable(claims: Verified, maxTtlSeconds: number): boolean {
  const now = Date.now() / 1000;
  return (
    claims.exp > now &&
    claims.exp - claims.iat <= maxTtlSeconds &&
    claims.iat <= now + issuedAtSkewSeconds
  );
}

/**
 * Verifies a hub token (signature, algorithm, issuer, expiry, lifetime); null when it is not valid.
 * `exp` and `iat` are required, `exp - iat` may not exceed `maxTtlSeconds`, and `iat` may not lie
 * in the future (beyond a minute of clock skew), so no valid token outlives the configured maximum.
 */
export async function verifyHubToken(
  secret: Uint8Array,
  token: string,
  maxTtlSeconds: number = defaultTokenMaxTtlSeconds,
): Promise<{ section: string; user: string } | null> {
  let known = verified.get(secret);
  if (!known) verified.set(secret, (known = new Map()));
  const hit = known.get(token);
  if (hit) {
    if (acceptable(hit, maxTtlSeconds)) return { section: hit.section, user: hit.user };
    known.delete(token);
    return null;
  }
  try {
    const { payload } = await jwtVerify(token, verificationKey(secret), {
      issuer: hubIssuer,
      algorithms: [algorithm],
      requiredClaims: ['exp', 'iat'],
    });
    const { exp, iat, section, sub } = payload;
    if (typeof exp !== 'number' || typeof iat !== 'number') return null;
    if (typeof section !== 'string' || typeof sub !== 'string') return null;
    const claims: Verified = { section, user: sub, exp, iat };
    if (!acceptable(claims, maxTtlSeconds)) return null;
    if (known.size >= maxVerified) known.delete(known.keys().next().value!);
    known.set(token, claims);
    return { section, user: sub };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
