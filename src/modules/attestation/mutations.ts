import { encodeGlobalID } from '@pothos/plugin-relay';
import { Access } from '../../access/access.js';
import { tagGrantType } from '../../access/fields.js';
import { purposeAllowed, purposeNotAllowed } from '../../access/purpose.js';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { badInput, notFound } from '../../errors.js';
import type { AttestationClaim } from '../../generated/prisma/enums.js';
import { recordBurden } from '../burden/ledger.js';
import { rowId } from '../common/ids.js';
import { parseIdNumber } from '../resident/id-number.js';
import { answerClaim, type ClaimArgument } from './claims.js';
import { issueAttestation } from './issue.js';
import { AttestInput } from './type.js';

/** The grant (at least MASKED, and among the purpose's task fields) each claim needs. */
const claimField: Record<Exclude<AttestationClaim, 'HAS_TAG'>, [string, string]> = {
  RESIDES_IN_COMMUNITY: ['Household', 'address'],
  HOUSEHOLD_MEMBER: ['Household', 'address'],
  LIVES_ALONE: ['Household', 'address'],
  ALIVE: ['Resident', 'name'],
};

/**
 * The argument as stored and signed, one spelling per row (the per-argument limit counts by it):
 * the global ID re-encoded, or the tag code.
 */
function canonicalArgument(argument: ClaimArgument): string | null {
  if (argument === null) return null;
  if ('householdId' in argument) return encodeGlobalID('Household', argument.householdId);
  if ('tagId' in argument) return argument.code;
  return encodeGlobalID('Community', argument.communityId);
}

/**
 * The communities a ledger entry names: only what the request itself says, never what the records
 * say about the subject — whoever reads burdenSummary (a district section sees every entry) must
 * not learn where an ID number lives, nor whether the answer was TRUE. So: a committee's own
 * community (its jurisdiction is that one community, whoever the subject is); else the community
 * the caller named (RESIDES_IN_COMMUNITY) or the one of the household it named (HOUSEHOLD_MEMBER),
 * whatever the answer; else none (ALIVE, LIVES_ALONE, HAS_TAG asked by a street or district section).
 */
function ledgerCommunities(ctx: Context, argument: ClaimArgument): number[] {
  if (ctx.principal.section.communityId !== null) return [ctx.principal.section.communityId];
  if (argument !== null && 'communityId' in argument) return [argument.communityId];
  return [];
}

/** Resolves the claim's argument inside the caller's jurisdiction, and checks its grant. */
async function argumentOf(
  ctx: Context,
  access: Access,
  claim: AttestationClaim,
  argument: string | null | undefined,
): Promise<ClaimArgument> {
  const needsArgument =
    claim === 'RESIDES_IN_COMMUNITY' || claim === 'HOUSEHOLD_MEMBER' || claim === 'HAS_TAG';
  if (!needsArgument && argument != null)
    throw badInput('input.argument', `${claim} takes no argument`);
  if (needsArgument && (argument == null || argument === ''))
    throw badInput('input.argument', `${claim} needs an argument`);
  if (claim !== 'HAS_TAG') {
    const [type, field] = claimField[claim];
    await access.require(type, field, 'MASKED', `attesting ${claim}`);
  }
  if (claim === 'RESIDES_IN_COMMUNITY') {
    const community = await ctx.prisma.community.findUnique({
      where: { id: rowId('input.argument', argument!, 'Community') },
      select: { id: true },
    });
    if (!community) throw notFound('Community');
    return { communityId: community.id };
  }
  if (claim === 'HOUSEHOLD_MEMBER') {
    const household = await ctx.prisma.household.findUnique({
      where: { id: rowId('input.argument', argument!, 'Household') },
      select: { id: true, communityId: true },
    });
    if (!household) throw notFound('Household');
    return { householdId: household.id, communityId: household.communityId };
  }
  if (claim === 'HAS_TAG') {
    const tag = await ctx.prisma.tag.findUnique({
      where: { code: argument! },
      select: { id: true, code: true, sensitive: true },
    });
    if (!tag) throw badInput('input.argument', 'no such tag');
    // Only sections entitled to a sensitive tag may ask about it.
    if (tag.sensitive) await access.require(tagGrantType, tag.code, 'MASKED', `attesting HAS_TAG`);
    return { tagId: tag.id, code: tag.code };
  }
  return null;
}

builder.mutationFields((t) => ({
  attest: t.prismaField({
    description:
      '开证明 Answers a yes/no claim about one resident (TRUE, FALSE or UNKNOWN) with a signed receipt, instead of a paper certificate. Reveals nothing else; rate-limited (RATE_LIMITED)',
    type: 'Attestation',
    args: {
      input: t.arg({
        type: AttestInput,
        required: true,
        description: 'The claim, its subject and the purpose',
      }),
    },
    resolve: async (query, _root, { input }, ctx) => {
      if (ctx.purpose !== null && ctx.purpose !== input.purpose)
        throw badInput('input.purpose', 'must be the task named in X-Purpose');
      if (!(await purposeAllowed(ctx, input.purpose))) {
        throw purposeNotAllowed(
          `task ${input.purpose} is not one this section is responsible for or assists with`,
        );
      }
      ctx.purpose = input.purpose; // the audit event and the receipt name it
      const access = new Access(ctx.prisma, ctx.principal, input.purpose);
      const argument = await argumentOf(ctx, access, input.claim, input.argument);
      const parsed = parseIdNumber(input.subject.idNumber);
      if (!parsed.ok) throw badInput('input.subject.idNumber', parsed.reason);
      const now = new Date();
      const asOf = input.asOf ?? now;
      if (asOf.getTime() > now.getTime() + 60_000)
        throw badInput('input.asOf', 'must not be in the future');
      const verdict = await answerClaim(ctx, input.claim, parsed.idNumber, argument, asOf);
      ctx.audit.touch('Attestation', input.claim, verdict.residentId ?? undefined);
      const row = await issueAttestation(ctx, {
        claim: input.claim,
        argument: canonicalArgument(argument),
        idNumber: parsed.idNumber,
        answer: verdict.answer,
        asOf,
        now,
      });
      await recordBurden(ctx.prisma, {
        kind: 'ATTESTATION',
        sectionId: ctx.principal.section.id,
        dataset: input.claim,
        communityIds: ledgerCommunities(ctx, argument),
      });
      return ctx.prisma.attestation.findUniqueOrThrow({ ...query, where: { id: row.id } });
    },
  }),
}));
