import { intFromEnv } from '../../config.js';
import { AppError, ErrorCode } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';

/**
 * Enumeration limits, counted from the attestation table itself so they hold across replicas.
 * Per rolling hour:
 * - per principal, `subjectsPerHour` distinct subjects (ONETABLE_ATTEST_SUBJECTS_PER_HOUR, 100);
 * - per section, `sectionSubjectsPerHour` distinct subjects (ONETABLE_ATTEST_SECTION_SUBJECTS_PER_HOUR, 1000);
 * - per principal and subject, `perSubjectPerHour` attestations (ONETABLE_ATTEST_PER_SUBJECT_PER_HOUR,
 *   10), so one person cannot be located by trying every community or household in turn;
 * - per principal and argument, `perArgumentPerHour` attestations (ONETABLE_ATTEST_PER_ARGUMENT_PER_HOUR,
 *   20), so the ID numbers of one household's or community's members cannot be recovered by trying
 *   every candidate a masked view leaves against it. A household has a handful of members: 20 lets a
 *   section check each of them with room for retries, and against the ≥ 1,000 candidates a masked
 *   view leaves (src/access/masks.ts) gives one principal at most a 2 % chance per hour.
 * `verifyAttestation` with an ID number is limited too (src/modules/attestation/check-limits.ts).
 * 0 refuses every attestation (or check) the limit counts.
 */
export interface AttestLimits {
  subjectsPerHour: number;
  sectionSubjectsPerHour: number;
  perSubjectPerHour: number;
  perArgumentPerHour: number;
  /** Distinct ID numbers one principal may try with verifyAttestation per hour. */
  checkIdsPerHour: number;
  /** Distinct ID numbers that may ever be tried against one receipt, by anyone. */
  checkIdsPerReference: number;
}

export const hourMs = 3_600_000;

export function attestLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): AttestLimits {
  return {
    subjectsPerHour: intFromEnv('ONETABLE_ATTEST_SUBJECTS_PER_HOUR', 100, env),
    sectionSubjectsPerHour: intFromEnv('ONETABLE_ATTEST_SECTION_SUBJECTS_PER_HOUR', 1000, env),
    perSubjectPerHour: intFromEnv('ONETABLE_ATTEST_PER_SUBJECT_PER_HOUR', 10, env),
    perArgumentPerHour: intFromEnv('ONETABLE_ATTEST_PER_ARGUMENT_PER_HOUR', 20, env),
    checkIdsPerHour: intFromEnv('ONETABLE_ATTEST_CHECK_IDS_PER_HOUR', 20, env),
    checkIdsPerReference: intFromEnv('ONETABLE_ATTEST_CHECK_IDS_PER_REFERENCE', 3, env),
  };
}

/** RATE_LIMITED, HTTP 429; with `retryAfter` (seconds) also as header and extension. */
export function rateLimited(what: string, retryAfter: number | null): AppError {
  if (retryAfter === null)
    return new AppError(ErrorCode.RATE_LIMITED, `Too many ${what}`, { http: { status: 429 } });
  return new AppError(
    ErrorCode.RATE_LIMITED,
    `Too many ${what} per hour; retry in ${retryAfter} s`,
    {
      retryAfter,
      http: { status: 429, headers: new Map([['retry-after', String(retryAfter)]]) },
    },
  );
}

/** Seconds until the window frees a place: when the earliest of `times` leaves the last hour. */
export function retryAfter(times: Date[], now: Date): number {
  const earliest = Math.min(...times.map((t) => t.getTime()));
  return Math.max(1, Math.ceil((earliest + hourMs - now.getTime()) / 1000));
}

type Who = { sectionId: number; principal: string };

/** Throws when the principal's attestations matching `where` in the last hour reached `limit`. */
async function countLimit(
  tx: Prisma.TransactionClient,
  where: Prisma.AttestationWhereInput,
  limit: number,
  what: string,
  now: Date,
) {
  const times = await tx.attestation.findMany({
    where,
    select: { issuedAt: true },
    orderBy: { issuedAt: 'desc' },
    take: limit,
  });
  if (times.length >= limit)
    throw rateLimited(
      `attestations: ${limit} ${what}`,
      retryAfter([times.at(-1)?.issuedAt ?? now], now),
    );
}

/**
 * Throws RATE_LIMITED when issuing one more attestation about `subject` (with the claim's
 * canonical `argument`, if any) would exceed a limit. Runs inside the issuing transaction, after a
 * per-section advisory lock: two replicas cannot both take the last place.
 */
export async function checkAttestLimits(
  tx: Prisma.TransactionClient,
  who: Who,
  subject: string,
  argument: string | null,
  limits: AttestLimits,
  now: Date,
): Promise<void> {
  await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(7305, $1::int)', who.sectionId);
  const since = new Date(now.getTime() - hourMs);
  const window = { sectionId: who.sectionId, principal: who.principal, issuedAt: { gt: since } };
  // Each subject's latest attestation in the window: it counts until that one leaves the hour.
  const bySubject = (where: Prisma.AttestationWhereInput) =>
    tx.attestation.groupBy({
      by: ['subjectDigest'],
      where: { ...where, issuedAt: { gt: since } },
      _max: { issuedAt: true },
      _count: { _all: true },
    });
  const mine = await bySubject({ sectionId: who.sectionId, principal: who.principal });
  const same = mine.find((s) => s.subjectDigest === subject);
  if ((same?._count._all ?? 0) >= limits.perSubjectPerHour) {
    await countLimit(
      tx,
      { ...window, subjectDigest: subject },
      limits.perSubjectPerHour,
      'about one subject',
      now,
    );
  }
  if (argument !== null)
    await countLimit(
      tx,
      { ...window, argument },
      limits.perArgumentPerHour,
      'about one argument',
      now,
    );
  if (same) return;
  if (mine.length >= limits.subjectsPerHour) {
    throw rateLimited(
      `attestations: ${limits.subjectsPerHour} distinct subjects`,
      retryAfter(
        mine.map((s) => s._max.issuedAt ?? now),
        now,
      ),
    );
  }
  const section = await bySubject({ sectionId: who.sectionId });
  if (
    !section.some((s) => s.subjectDigest === subject) &&
    section.length >= limits.sectionSubjectsPerHour
  ) {
    throw rateLimited(
      `attestations: ${limits.sectionSubjectsPerHour} distinct subjects for the section`,
      retryAfter(
        section.map((s) => s._max.issuedAt ?? now),
        now,
      ),
    );
  }
}
