import { badInput, conflict, notFound } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { RelationToHead } from '../../generated/prisma/enums.js';

type Tx = Prisma.TransactionClient;

/**
 * Household invariants, kept inside the caller's transaction:
 * a household has at most one head; its head is a member whose relation is SELF;
 * a member lives in the household's community.
 */
async function targetHousehold(tx: Tx, householdId: number) {
  const household = await tx.household.findUnique({
    where: { id: householdId },
    select: { id: true, communityId: true, headId: true },
  });
  if (!household) throw badInput('input.household', 'no such household');
  return household;
}

async function becomeHead(tx: Tx, householdId: number, residentId: number) {
  await tx.household.update({
    where: { id: householdId },
    data: { headId: residentId, version: { increment: 1 } },
  });
}

/** Puts a newly created resident into a household of the same community. */
export async function placeInHousehold(
  tx: Tx,
  residentId: number,
  communityId: number,
  householdId: number,
  relationToHead: RelationToHead,
) {
  const household = await targetHousehold(tx, householdId);
  if (household.communityId !== communityId) {
    throw badInput('input.household', 'must be in the given community');
  }
  if (relationToHead === 'SELF' && household.headId !== null) {
    throw badInput('input.relationToHead', 'the household already has a head');
  }
  await tx.resident.update({ where: { id: residentId }, data: { householdId, relationToHead } });
  if (relationToHead === 'SELF') await becomeHead(tx, householdId, residentId);
}

/** Moves an existing resident (optimistically locked by `version`) into a household. */
export async function moveIntoHousehold(
  tx: Tx,
  move: { id: number; version: number; householdId: number; relationToHead: RelationToHead },
) {
  const resident = await tx.resident.findUnique({
    where: { id: move.id },
    select: { version: true, headOf: { select: { id: true } } },
  });
  if (!resident) throw notFound('Resident');
  const household = await targetHousehold(tx, move.householdId);
  const becomesHead = move.relationToHead === 'SELF';
  if (becomesHead && household.headId !== null && household.headId !== move.id) {
    throw badInput('input.relationToHead', 'the household already has a head');
  }
  const formerHousehold = resident.headOf?.id;
  if (formerHousehold !== undefined && (formerHousehold !== household.id || !becomesHead)) {
    await tx.household.update({
      where: { id: formerHousehold },
      data: { headId: null, version: { increment: 1 } },
    });
  }
  const updated = await tx.resident.updateMany({
    where: { id: move.id, version: move.version },
    data: {
      householdId: household.id,
      communityId: household.communityId,
      relationToHead: move.relationToHead,
      version: { increment: 1 },
    },
  });
  if (updated.count === 0)
    throw conflict('the resident was changed by someone else; read it again');
  if (becomesHead && household.headId !== move.id) await becomeHead(tx, household.id, move.id);
}
