import type { PrismaClient } from '../../db/client.js';
import type { BurdenKind } from '../../generated/prisma/enums.js';

export interface BurdenRecord {
  kind: BurdenKind;
  sectionId: number;
  /** Report dataset (RESIDENTS, …) or attestation claim (LIVES_ALONE, …). */
  dataset: string;
  savedReportId?: number | null;
  /** Communities whose committees were spared the form or certificate. */
  communityIds: number[];
}

/**
 * Records one report run, export or attestation in the burden ledger (减负台账). Written with the
 * unscoped client: the ledger is the hub's bookkeeping, never read row by row by a section.
 */
export async function recordBurden(db: PrismaClient, entry: BurdenRecord): Promise<void> {
  await db.burdenEntry.create({
    data: {
      kind: entry.kind,
      sectionId: entry.sectionId,
      dataset: entry.dataset,
      savedReportId: entry.savedReportId ?? null,
      communityIds: entry.communityIds,
    },
  });
}
