import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { startTestHub, type TestHub, codeOf } from '../support/hub.js';
import { gid } from '../support/ids.js';
import { insertScenario, type ScenarioIds } from '../support/scenario.js';

/** Optimistic concurrency: many writers with the same version, exactly one wins, none is lost silently. */
describe.each(testDatabaseKinds())('concurrent updates of one resident (%s)', (kind) => {
  let t: TestHub;
  let ids: ScenarioIds;
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => void (ids = await insertScenario(hub.prisma)));
  });
  afterAll(() => t?.close());

  it('lets exactly one of 100 writers holding version 1 win; the rest get CONFLICT', async () => {
    const id = gid('Resident', ids.residents.zhouLei);
    const phones = Array.from({ length: 100 }, (_, i) => `139${String(i).padStart(8, '0')}`);
    const results = await Promise.all(
      phones.map((phone) =>
        t.gql<{ updateResident: { phone: string; version: number } }>(
          `mutation($i: UpdateResidentInput!) { updateResident(input: $i) { phone version } }`,
          { i: { id, version: 1, phone } },
        ),
      ),
    );
    const winners = results.filter((r) => !r.errors);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => codeOf(r) === 'CONFLICT')).toHaveLength(99);
    const row = await t.hub.prisma.resident.findUniqueOrThrow({
      where: { id: ids.residents.zhouLei },
    });
    expect(row.version).toBe(2);
    expect(row.phone).toBe(winners[0]?.data?.updateResident.phone);
  });
});
