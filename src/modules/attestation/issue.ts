import { principalLabel } from '../../access/principal.js';
import type { Context } from '../../context.js';
import type { AttestationAnswer, AttestationClaim } from '../../generated/prisma/enums.js';
import { attestationKey, subjectDigest } from './keys.js';
import { attestLimitsFromEnv, checkAttestLimits } from './limits.js';
import { newReference, signReceipt } from './receipt.js';

const dayMs = 86_400_000;

/** How long a receipt is valid: ONETABLE_ATTESTATION_TTL_DAYS, default 30. */
function ttlDays(): number {
  const raw = process.env.ONETABLE_ATTESTATION_TTL_DAYS;
  const days = raw === undefined || raw === '' ? 30 : Number(raw);
  if (!(days > 0)) throw new Error('ONETABLE_ATTESTATION_TTL_DAYS must be a positive number');
  return days;
}

export interface Issue {
  claim: AttestationClaim;
  /** The canonical argument (mutations.ts): the per-argument limit counts by it. */
  argument: string | null;
  idNumber: string;
  answer: AttestationAnswer;
  asOf: Date;
  now: Date;
}

/**
 * Signs and records one attestation, in one transaction with the rate-limit check (so the
 * count and the new row agree on every replica). Stores the subject's digest, never the number.
 */
export async function issueAttestation(ctx: Context, issue: Issue): Promise<{ id: number }> {
  await attestationKey(ctx.prisma); // publishes this process's key before anything is signed with it
  const subject = await subjectDigest(issue.idNumber);
  const principal = principalLabel(ctx.principal).slice(0, 96);
  const who = { sectionId: ctx.principal.section.id, principal };
  const limits = attestLimitsFromEnv();
  const issuedAt = issue.now;
  const expiresAt = new Date(issuedAt.getTime() + ttlDays() * dayMs);
  const reference = newReference(issuedAt);
  const purpose = ctx.purpose ?? '';
  const { kid, jws } = await signReceipt(ctx.prisma, {
    reference,
    claim: issue.claim,
    argument: issue.argument,
    answer: issue.answer,
    asOf: issue.asOf,
    issuedAt,
    expiresAt,
    subjectDigest: subject,
    section: ctx.principal.section.code,
    purpose,
  });
  return ctx.prisma.$transaction(async (tx) => {
    await checkAttestLimits(tx, who, subject, issue.argument, limits, issuedAt);
    return tx.attestation.create({
      data: {
        reference,
        claim: issue.claim,
        argument: issue.argument,
        subjectDigest: subject,
        answer: issue.answer,
        asOf: issue.asOf,
        issuedAt,
        expiresAt,
        sectionId: who.sectionId,
        principal,
        purpose,
        kid,
        jws,
      },
      select: { id: true },
    });
  });
}
