import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema.js';
import { attest, strangerId, useTestKeys } from '../attestation/support.js';
import { testDatabaseKinds } from '../support/databases.js';
import { type Caller, startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario, purpose } from '../support/scenario.js';
import { addSecondStreet } from './walk.js';

/**
 * The hand-written SQL paths (every report dataset, hotline analytics, the burden summary,
 * attestations) under the same choke point: as a committee, a street office and a district
 * department, nothing of a community outside the jurisdiction comes back, and the district sees
 * the second street (so the check is not vacuous). Datasets are read from the schema's enum.
 */
const callers = ['committee:310106001001', 'street:310106001', 'civil-affairs'] as const;

describe.each(testDatabaseKinds())('raw SQL paths under row-level security (%s)', (kind) => {
  let t: TestHub;
  let names: Record<(typeof callers)[number], Set<string>>;
  let outsider: { community: number; resident: number; idNumber: string };
  beforeAll(async () => {
    await useTestKeys();
    t = await startTestHub(kind, async (hub) => {
      await insertScenario(hub.prisma);
      const added = await addSecondStreet(hub.prisma);
      const row = await hub.prisma.resident.findUniqueOrThrow({ where: { id: added.resident } });
      outsider = { ...added, idNumber: row.idNumber };
    });
    const all = await t.hub.prisma.community.findMany({ select: { name: true, code: true } });
    names = {
      'committee:310106001001': new Set(
        all.filter((c) => c.code === '310106001001').map((c) => c.name),
      ),
      'street:310106001': new Set(
        all.filter((c) => c.code.startsWith('310106001')).map((c) => c.name),
      ),
      'civil-affairs': new Set(all.map((c) => c.name)),
    };
  });
  afterAll(() => t?.close());

  const datasets = (
    schema.getType('ReportDataset') as unknown as { getValues(): Array<{ name: string }> }
  )
    .getValues()
    .map((v) => v.name);

  for (const section of callers) {
    it(`keeps every report dataset to the jurisdiction of ${section}`, async () => {
      const caller: Caller = { section, purpose };
      for (const dataset of datasets) {
        const res = await t.gql<{
          report: { rows: Array<{ values: unknown[]; totals: unknown }> };
        }>(
          `query($i: ReportInput!) { report(input: $i) { rows { values totals } } }`,
          {
            i: { dataset, dimensions: ['COMMUNITY'], measures: ['COUNT'] },
          },
          caller,
        );
        expect(res.errors, dataset).toBeUndefined();
        const shown = new Set(res.data!.report.rows.map((r) => r.values[0]));
        expect(
          [...shown].filter((n) => !names[section].has(n as string)),
          dataset,
        ).toEqual([]);
        if (section === 'civil-affairs') expect(shown.has('静安寺居委会'), dataset).toBe(true);
      }
    });

    it(`keeps hotline analytics and the burden summary to the jurisdiction of ${section}`, async () => {
      const caller: Caller = { section, purpose };
      type Named = { community: { name: string } };
      const lead = await t.gql<{ assistTurnedLead: Named[] }>(
        `{ assistTurnedLead(period: { from: "2026-01-01T00:00:00Z", to: "2026-12-31T00:00:00Z" }) { community { name } } }`,
        {},
        caller,
      );
      expect(lead.errors).toBeUndefined();
      const burden = await t.gql<{ burdenSummary: { byCommunity: Named[] } }>(
        `{ burdenSummary(from: "2020-01-01", to: "2030-12-31") {
        total { reports } byCommunity { community { name } counts { reports } } } }`,
        {},
        caller,
      );
      expect(burden.errors).toBeUndefined();
      const shown = [
        ...lead.data!.assistTurnedLead.map((r) => r.community.name),
        ...burden.data!.burdenSummary.byCommunity.map((r) => r.community.name),
      ];
      expect(shown.filter((n) => !names[section].has(n))).toEqual([]);
      if (section === 'civil-affairs') expect(shown).toContain('静安寺居委会');
    });

    it(`answers an attestation about a resident outside the jurisdiction of ${section} as for a stranger`, async () => {
      if (section === 'civil-affairs') return; // the whole district: nobody is outside
      const caller: Caller = { section, purpose };
      const outside = await attest(t, { claim: 'ALIVE', idNumber: outsider.idNumber }, caller);
      const stranger = await attest(t, { claim: 'ALIVE', idNumber: strangerId }, caller);
      expect(outside.errors).toBeUndefined();
      expect(outside.data!.attest.answer).toBe(stranger.data!.attest.answer);
      expect(outside.data!.attest.answer).toBe('UNKNOWN');
    });
  }
});
