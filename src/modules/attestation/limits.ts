import { AppError, ErrorCode } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';

/**
 * Enumeration limits, counted from the attestation table itself so they hold across replicas:
 * per principal, at most `subjectsPerHour` distinct subjects in any hour
 * (ONETABLE_ATTEST_SUBJECTS_PER_HOUR, default 100); per section, `sectionSubjectsPerHour`
 * (ONETABLE_ATTEST_SECTION_SUBJECTS_PER_HOUR, default 1000); and per principal and subject,
 * `perSubjectPerHour` attestations (ONETABLE_ATTEST_PER_SUBJECT_PER_HOUR, default 10), so one
 * person cannot be located by trying every community or household in turn.
 */
export interface AttestLimits {
  subjectsPerHour: number;
  sectionSubjectsPerHour: number;
  perSubjectPerHour: number;
}

const hourMs = 3_600_000;

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
}

export function attestLimitsFromEnv(): AttestLimits {
  return {
    subjectsPerHour: intFromEnv('ONETABLE_ATTEST_SUBJECTS_PER_HOUR', 100),
    sectionSubjectsPerHour: intFromEnv('ONETABLE_ATTEST_SECTION_SUBJECTS_PER_HOUR', 1000),
    perSubjectPerHour: intFromEnv('ONETABLE_ATTEST_PER_SUBJECT_PER_HOUR', 10),
  };
}

function rateLimited(what: string, retryAfter: number): AppError {
  return new AppError(ErrorCode.RATE_LIMITED, `Too many attestations: ${what} per hour; retry in ${retryAfter} s`, {
    retryAfter,
    http: { status: 429, headers: new Map([['retry-after', String(retryAfter)]]) },
  });
}

/** Seconds until the window frees a place: when the earliest of `times` leaves the last hour. */
function retryAfter(times: Date[], now: Date): number {
  const earliest = Math.min(...times.map((t) => t.getTime()));
  return Math.max(1, Math.ceil((earliest + hourMs - now.getTime()) / 1000));
}

/**
 * Throws RATE_LIMITED when issuing one more attestation about `subject` would exceed a limit.
 * Runs inside the issuing transaction, after a per-section advisory lock: two replicas cannot
 * both take the last place.
 */
export async function checkAttestLimits(
  tx: Prisma.TransactionClient,
  who: { sectionId: number; principal: string },
  subject: string,
  limits: AttestLimits,
  now: Date,
): Promise<void> {
  await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(7305, $1::int)', who.sectionId);
  const since = new Date(now.getTime() - hourMs);
  // Each subject's latest attestation in the window: it counts until that one leaves the hour.
  const bySubject = (where: Prisma.AttestationWhereInput) =>
    tx.attestation.groupBy({ by: ['subjectDigest'], where: { ...where, issuedAt: { gt: since } }, _max: { issuedAt: true }, _count: { _all: true } });
  const mine = await bySubject({ sectionId: who.sectionId, principal: who.principal });
  const same = mine.find((s) => s.subjectDigest === subject);
  if (same && same._count._all >= limits.perSubjectPerHour) {
    const times = await tx.attestation.findMany({ where: { sectionId: who.sectionId, principal: who.principal, subjectDigest: subject, issuedAt: { gt: since } }, select: { issuedAt: true }, orderBy: { issuedAt: 'desc' }, take: limits.perSubjectPerHour });
    throw rateLimited(`${limits.perSubjectPerHour} about one subject`, retryAfter([times.at(-1)?.issuedAt ?? now], now));
  }
  if (same) return;
  if (mine.length >= limits.subjectsPerHour) {
    throw rateLimited(`${limits.subjectsPerHour} distinct subjects`, retryAfter(mine.map((s) => s._max.issuedAt ?? now), now));
  }
  const section = await bySubject({ sectionId: who.sectionId });
  if (!section.some((s) => s.subjectDigest === subject) && section.length >= limits.sectionSubjectsPerHour) {
    throw rateLimited(`${limits.sectionSubjectsPerHour} distinct subjects for the section`, retryAfter(section.map((s) => s._max.issuedAt ?? now), now));
  }
}
