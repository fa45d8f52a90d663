import { randomBytes } from 'node:crypto';
import { importJWK, type JWK, jwtVerify, SignJWT } from 'jose';
import type { PrismaClient } from '../../db/client.js';
import type { AttestationAnswer, AttestationClaim } from '../../generated/prisma/enums.js';
import { attestationAlg, attestationKey } from './keys.js';

/** Issuer of every receipt (`iss`). */
export const attestationIssuer = 'onetable';

/** What a receipt states; `sub` is the subject digest (HMAC under the hub's key), never the ID. */
export interface ReceiptContent {
  reference: string;
  claim: AttestationClaim;
  argument: string | null;
  answer: AttestationAnswer;
  asOf: Date;
  issuedAt: Date;
  expiresAt: Date;
  subjectDigest: string;
  section: string;
  purpose: string;
}

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A reference number such as AT20261127-7KQ2M9XH4PWD: the day, then 60 random bits. */
export function newReference(at: Date): string {
  const day = at.toISOString().slice(0, 10).replaceAll('-', '');
  const random = [...randomBytes(12)].map((b) => alphabet[b % 32]).join('');
  return `AT${day}-${random}`;
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** Signs a receipt as a compact JWS (a JWT: iss, jti, sub, iat, nbf, exp and the `att` claim). */
export async function signReceipt(
  db: PrismaClient,
  r: ReceiptContent,
): Promise<{ kid: string; jws: string }> {
  const key = await attestationKey(db);
  const jws = await new SignJWT({
    att: {
      claim: r.claim,
      argument: r.argument,
      answer: r.answer,
      asOf: r.asOf.toISOString(),
      section: r.section,
      purpose: r.purpose,
    },
  })
    .setProtectedHeader({ alg: attestationAlg, kid: key.kid, typ: 'onetable-attestation+jwt' })
    .setIssuer(attestationIssuer)
    .setJti(r.reference)
    .setSubject(r.subjectDigest)
    .setIssuedAt(seconds(r.issuedAt))
    .setExpirationTime(seconds(r.expiresAt))
    .sign(key.privateKey);
  return { kid: key.kid, jws };
}

export type SignatureCheck = 'VALID' | 'BAD_SIGNATURE' | 'EXPIRED';

/** Checks a stored receipt against the published key it names, as an offline verifier would. */
export async function checkSignature(
  db: PrismaClient,
  kid: string,
  jws: string,
  reference: string,
  now = new Date(),
): Promise<SignatureCheck> {
  const row = await db.signingKey.findUnique({ where: { kid } });
  if (!row) return 'BAD_SIGNATURE';
  try {
    const key = await importJWK(row.publicJwk as JWK, attestationAlg);
    const { payload } = await jwtVerify(jws, key, {
      issuer: attestationIssuer,
      algorithms: [attestationAlg],
      currentDate: now,
    });
    return payload.jti === reference ? 'VALID' : 'BAD_SIGNATURE';
  } catch (error) {
    return (error as { code?: string }).code === 'ERR_JWT_EXPIRED' ? 'EXPIRED' : 'BAD_SIGNATURE';
  }
}
