import type { Context } from '../../context.js';
import type { AttestationAnswer, AttestationClaim } from '../../generated/prisma/enums.js';

/** A claim's argument, resolved: the community row id, the household's (and its community's), or the tag's. */
export type ClaimArgument =
  | { communityId: number }
  | { householdId: number; communityId: number }
  | { tagId: number; code: string }
  | null;

export interface ClaimVerdict {
  answer: AttestationAnswer;
  /** The subject when found, for the audit trail only (never the burden ledger: see mutations.ts). */
  residentId: number | null;
}

/**
 * Answers a claim about the resident with this ID number, inside the caller's jurisdiction
 * (`ctx.prisma` is scoped: a resident outside it is not found), as holding continuously from
 * `asOf` up to now. The disclosure rule (README, Attestations):
 *
 * - membership claims (RESIDES_IN_COMMUNITY, HOUSEHOLD_MEMBER, HAS_TAG) are TRUE or FALSE; an ID
 *   that is not on record is FALSE, like anybody else the records do not show there, so their
 *   answer says nothing about whether the ID exists;
 * - state claims (LIVES_ALONE, ALIVE) are UNKNOWN for an ID not on record, and for whatever the
 *   records cannot tell (moved out, no household, changed since asOf); their FALSE implies a
 *   person on record, which the negated claim itself says (lives with others; has died).
 */
export async function answerClaim(
  ctx: Context,
  claim: AttestationClaim,
  idNumber: string,
  argument: ClaimArgument,
  asOf: Date,
): Promise<ClaimVerdict> {
  const r = await ctx.prisma.resident.findUnique({
    where: { idNumber },
    select: {
      id: true,
      status: true,
      communityId: true,
      householdId: true,
      birthDate: true,
      moveInDate: true,
      tags: { select: { tagId: true, setAt: true } },
      household: { select: { members: { select: { id: true, status: true, updatedAt: true } } } },
    },
  });
  const verdict = (answer: AttestationAnswer): ClaimVerdict => ({
    answer,
    residentId: r?.id ?? null,
  });
  const yes = (holds: boolean) => verdict(holds ? 'TRUE' : 'FALSE');
  const since = (date: Date) => date.getTime() <= asOf.getTime();
  const active = r?.status === 'ACTIVE';
  switch (claim) {
    case 'RESIDES_IN_COMMUNITY':
      return yes(
        !!r &&
          active &&
          !!argument &&
          'communityId' in argument &&
          !('householdId' in argument) &&
          r.communityId === argument.communityId &&
          since(r.moveInDate),
      );
    case 'HOUSEHOLD_MEMBER':
      return yes(
        !!r &&
          active &&
          !!argument &&
          'householdId' in argument &&
          r.householdId === argument.householdId &&
          since(r.moveInDate),
      );
    case 'HAS_TAG':
      return yes(
        !!r &&
          !!argument &&
          'tagId' in argument &&
          r.tags.some((t) => t.tagId === argument.tagId && since(t.setAt)),
      );
    case 'ALIVE':
      if (!r || r.status === 'MOVED_OUT') return verdict('UNKNOWN');
      return yes(r.status === 'ACTIVE' && since(r.birthDate));
    case 'LIVES_ALONE': {
      if (!r || !active || !r.household) return verdict('UNKNOWN');
      const others = r.household.members.filter((m) => m.id !== r.id);
      if (others.some((m) => m.status === 'ACTIVE')) return verdict('FALSE');
      // Alone now: alone since asOf only if they lived here then and nobody left since.
      if (!since(r.moveInDate) || others.some((m) => !since(m.updatedAt)))
        return verdict('UNKNOWN');
      return verdict('TRUE');
    }
  }
}
