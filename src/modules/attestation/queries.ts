import { principalLabel } from '../../access/principal.js';
import { builder } from '../../builder.js';
import { parseIdNumber } from '../resident/id-number.js';
import type { Context } from '../../context.js';
import { recordAttestationCheck } from './check-limits.js';
import { subjectDigest } from './keys.js';
import { attestLimitsFromEnv } from './limits.js';
import { checkSignature } from './receipt.js';
import { AttestationStatus } from './type.js';

interface Verification {
  status: 'VALID' | 'EXPIRED' | 'BAD_SIGNATURE' | 'NOT_FOUND';
  attestationId: number | null;
  subjectMatches: boolean | null;
}

const AttestationVerification = builder
  .objectRef<Verification>('AttestationVerification')
  .implement({
    description: 'The result of checking an attestation receipt by its reference number',
    fields: (t) => ({
      status: t.field({
        type: AttestationStatus,
        description: 'VALID, EXPIRED, BAD_SIGNATURE or NOT_FOUND',
        resolve: (v) => v.status,
      }),
      valid: t.boolean({
        description: 'Whether the receipt is valid now (status VALID)',
        resolve: (v) => v.status === 'VALID',
      }),
      subjectMatches: t.boolean({
        nullable: true,
        description:
          'Whether the receipt is about the ID number given to verifyAttestation; null when none was given or not found',
        resolve: (v) => v.subjectMatches,
      }),
      attestation: t.prismaField({
        type: 'Attestation',
        nullable: true,
        description:
          'The receipt: claim, answer, dates, key id and JWS (never the subject); null when not found',
        resolve: (query, v, _args, ctx) =>
          v.attestationId === null
            ? null
            : ctx.prisma.attestation.findUnique({ ...query, where: { id: v.attestationId } }),
      }),
    }),
  });

/**
 * Audits an ID number given to verifyAttestation (`AttestationVerification.subjectMatches`, and
 * the resident when the number is on record in the caller's jurisdiction); null when none given.
 * An invalid number is audited too, but answered without a look at any receipt.
 */
async function auditTried(
  ctx: Context,
  idNumber: string | null | undefined,
): Promise<string | null> {
  if (idNumber == null) return null;
  const parsed = parseIdNumber(idNumber.trim());
  const resident = parsed.ok
    ? await ctx.prisma.resident.findUnique({
        where: { idNumber: parsed.idNumber },
        select: { id: true },
      })
    : null;
  ctx.audit.touch('AttestationVerification', 'subjectMatches', resident?.id);
  return parsed.ok ? parsed.idNumber : '';
}

/**
 * Whether the receipt is about `idNumber`: an oracle on ID numbers for whoever holds a reference,
 * so the check is recorded and counted by the enumeration limits (check-limits.ts) before it is
 * answered; over a limit, RATE_LIMITED.
 */
async function subjectMatches(
  ctx: Context,
  attestationId: number,
  digest: string,
  idNumber: string,
): Promise<boolean> {
  if (idNumber === '') return false;
  const tried = await subjectDigest(idNumber);
  const who = {
    sectionId: ctx.principal.section.id,
    principal: principalLabel(ctx.principal).slice(0, 96),
  };
  const limits = attestLimitsFromEnv();
  await ctx.prisma.$transaction((tx) =>
    recordAttestationCheck(tx, who, attestationId, tried, limits, new Date()),
  );
  return tried === digest;
}

builder.queryFields((t) => ({
  verifyAttestation: t.field({
    description:
      'Checks an attestation receipt by its reference number: issued by the hub, signature intact, not expired. With an ID number: audited and rate-limited (RATE_LIMITED)',
    type: AttestationVerification,
    args: {
      reference: t.arg.string({
        required: true,
        description: 'Reference number printed on the receipt',
      }),
      idNumber: t.arg.string({
        required: false,
        description: 'An ID number, to check that the receipt is about that person',
      }),
    },
    resolve: async (_root, args, ctx): Promise<Verification> => {
      const idNumber = await auditTried(ctx, args.idNumber);
      const row =
        args.reference.length <= 32
          ? await ctx.prisma.attestation.findUnique({
              where: { reference: args.reference },
              select: { id: true, kid: true, jws: true, subjectDigest: true },
            })
          : null;
      if (!row) return { status: 'NOT_FOUND', attestationId: null, subjectMatches: null };
      const status = await checkSignature(ctx.prisma, row.kid, row.jws, args.reference);
      const matches =
        idNumber == null ? null : await subjectMatches(ctx, row.id, row.subjectDigest, idNumber);
      return { status, attestationId: row.id, subjectMatches: matches };
    },
  }),
}));
