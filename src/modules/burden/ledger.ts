import type { PrismaClient } from '../../db/client.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { BurdenKind } from '../../generated/prisma/enums.js';

export interface BurdenRecord {
  kind: BurdenKind;
  sectionId: number;
  /** Report dataset (RESIDENTS, …) or attestation claim (LIVES_ALONE, …). */
  dataset: string;
  savedReportId?: number | null;
  /**
   * Communities whose committees were spared the form or certificate: a list, or a subquery
   * yielding an int[] (a report's coverage, computed inside the INSERT: one round trip less).
   */
  communityIds: number[] | Prisma.Sql;
}

/**
 * Records one report run, export or attestation in the burden ledger (减负台账), in one statement.
 * Written with the request's client: row-level security lets a section record entries within its
 * jurisdiction only (WITH CHECK on burden_entry). `at` is the UTC wall clock to the millisecond, as Prisma writes DateTime columns.
 */
export async function recordBurden(db: PrismaClient, entry: BurdenRecord): Promise<void> {
  const communities = Array.isArray(entry.communityIds)
    ? Prisma.sql`${entry.communityIds}::int[]`
    : entry.communityIds;
  await db.$executeRaw`INSERT INTO burden_entry (at, kind, section_id, dataset, saved_report_id, community_ids)
    VALUES (${new Date().toISOString()}::timestamp(3), ${entry.kind}::"BurdenKind", ${entry.sectionId}, ${entry.dataset},
      ${entry.savedReportId ?? null}::int, ${communities})`;
}
