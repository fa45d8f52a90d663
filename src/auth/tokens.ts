import { errors, jwtVerify, SignJWT } from 'jose';

export const hubIssuer = 'onetable';
const algorithm = 'HS256';

/** Parses a lifetime such as 30m, 8h or 7d into seconds. */
export function parseTtl(ttl: string): number {
  const match = /^(\d+)([smhd])$/.exec(ttl);
  if (!match) throw new Error('ttl: use a number with s, m, h or d, e.g. 8h');
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

/** Signs a hub token for a user of a section. */
export async function issueToken(secret: Uint8Array, claims: { section: string; user: string; ttlSeconds: number }) {
  return new SignJWT({ section: claims.section })
    .setProtectedHeader({ alg: algorithm, typ: 'JWT' })
    .setIssuer(hubIssuer)
    .setSubject(claims.user)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + claims.ttlSeconds)
    .sign(secret);
}

/** Verifies a hub token (signature, algorithm, issuer, expiry); null when it is not valid. */
export async function verifyHubToken(secret: Uint8Array, token: string): Promise<{ section: string; user: string } | null> {
  try {
    const { payload } = await jwtVerify(token, secret, { issuer: hubIssuer, algorithms: [algorithm] });
    if (typeof payload.section !== 'string' || typeof payload.sub !== 'string') return null;
    return { section: payload.section, user: payload.sub };
  } catch (error) {
    if (error instanceof errors.JOSEError) return null;
    throw error;
  }
}
