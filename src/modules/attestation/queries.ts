import { builder } from '../../builder.js';
import { subjectDigest } from './keys.js';
import { checkSignature } from './receipt.js';
import { AttestationStatus } from './type.js';

interface Verification {
  status: 'VALID' | 'EXPIRED' | 'BAD_SIGNATURE' | 'NOT_FOUND';
  attestationId: number | null;
  subjectMatches: boolean | null;
}

const AttestationVerification = builder.objectRef<Verification>('AttestationVerification').implement({
  description: 'The result of checking an attestation receipt by its reference number',
  fields: (t) => ({
    status: t.field({ type: AttestationStatus, description: 'VALID, EXPIRED, BAD_SIGNATURE or NOT_FOUND', resolve: (v) => v.status }),
    valid: t.boolean({ description: 'Whether the receipt is valid now (status VALID)', resolve: (v) => v.status === 'VALID' }),
    subjectMatches: t.boolean({
      nullable: true,
      description: 'Whether the receipt is about the ID number given to verifyAttestation; null when none was given or not found',
      resolve: (v) => v.subjectMatches,
    }),
    attestation: t.prismaField({
      type: 'Attestation',
      nullable: true,
      description: 'The receipt: claim, answer, dates, key id and JWS (never the subject); null when not found',
      resolve: (query, v, _args, ctx) => (v.attestationId === null ? null : ctx.prisma.attestation.findUnique({ ...query, where: { id: v.attestationId } })),
    }),
  }),
});

builder.queryFields((t) => ({
  verifyAttestation: t.field({
    description: 'Checks an attestation receipt by its reference number: issued by the hub, signature intact, not expired',
    type: AttestationVerification,
    args: {
      reference: t.arg.string({ required: true, description: 'Reference number printed on the receipt' }),
      idNumber: t.arg.string({ required: false, description: 'An ID number, to check that the receipt is about that person' }),
    },
    resolve: async (_root, args, ctx): Promise<Verification> => {
      const row = args.reference.length <= 32
        ? await ctx.prisma.attestation.findUnique({ where: { reference: args.reference }, select: { id: true, kid: true, jws: true, subjectDigest: true } })
        : null;
      if (!row) return { status: 'NOT_FOUND', attestationId: null, subjectMatches: null };
      const status = await checkSignature(ctx.prisma, row.kid, row.jws, args.reference);
      const subjectMatches = args.idNumber == null ? null : (await subjectDigest(args.idNumber.trim())) === row.subjectDigest;
      return { status, attestationId: row.id, subjectMatches };
    },
  }),
}));
