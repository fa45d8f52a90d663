import { hourMs, rateLimited, retryAfter, type AttestLimits } from './limits.js';
import type { Prisma } from '../../generated/prisma/client.js';

/**
 * `verifyAttestation(reference, idNumber)` answers whether a receipt is about that ID number: with
 * a reference in hand, it would test candidate ID numbers one by one. Each ID number tried is
 * therefore recorded (`attestation_check`: its keyed digest, never the number) and counted:
 * - per principal, at most `checkIdsPerHour` distinct ID numbers in any hour
 *   (ONETABLE_ATTEST_CHECK_IDS_PER_HOUR, default 20): a clerk checks the receipts presented to them;
 * - per receipt, at most `checkIdsPerReference` distinct ID numbers ever, by anyone
 *   (ONETABLE_ATTEST_CHECK_IDS_PER_REFERENCE, default 3): the presenter's number and a typo or two.
 *   Not a rolling hour: a receipt lives 30 days, in which an hourly allowance would add up to
 *   hundreds of tries, against ≥ 1,000 candidates a masked view leaves (src/access/masks.ts).
 * Trying an ID number already tried (by this principal, or against this receipt) is not a new one.
 * Runs in one transaction after a per-receipt and a per-section advisory lock (always in that
 * order), so replicas agree on both counts.
 */
export async function recordAttestationCheck(
  tx: Prisma.TransactionClient,
  who: { sectionId: number; principal: string },
  attestationId: number,
  triedDigest: string,
  limits: AttestLimits,
  now: Date,
): Promise<void> {
  await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(7306, $1::int)', attestationId);
  await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(7307, $1::int)', who.sectionId);
  const onReceipt = await tx.attestationCheck.groupBy({
    by: ['triedDigest'],
    where: { attestationId },
  });
  if (
    !onReceipt.some((c) => c.triedDigest === triedDigest) &&
    onReceipt.length >= limits.checkIdsPerReference
  ) {
    throw rateLimited(
      `ID numbers tried against this receipt: ${limits.checkIdsPerReference}`,
      null,
    );
  }
  const since = new Date(now.getTime() - hourMs);
  const mine = await tx.attestationCheck.groupBy({
    by: ['triedDigest'],
    where: { sectionId: who.sectionId, principal: who.principal, checkedAt: { gt: since } },
    _max: { checkedAt: true },
  });
  if (!mine.some((c) => c.triedDigest === triedDigest) && mine.length >= limits.checkIdsPerHour) {
    throw rateLimited(
      `ID numbers tried: ${limits.checkIdsPerHour} distinct`,
      retryAfter(
        mine.map((c) => c._max.checkedAt ?? now),
        now,
      ),
    );
  }
  await tx.attestationCheck.create({
    data: {
      attestationId,
      triedDigest,
      sectionId: who.sectionId,
      principal: who.principal,
      checkedAt: now,
    },
  });
}
