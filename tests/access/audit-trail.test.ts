import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/modules/audit/chain.js';
import { testDatabaseKinds } from '../support/databases.js';
import { codeOf, type Edges, startTestHub, type TestHub } from '../support/hub.js';
import { gid } from '../support/ids.js';
import {
  idNumberOf,
  insertScenario,
  purpose,
  type ScenarioIds,
  sections,
} from '../support/scenario.js';

const events = `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 20) { edges { node {
  sectionCode purpose operationName fields residentCount outcome } } } }`;
interface Events {
  auditEvents: Edges<{
    sectionCode: string;
    purpose: string | null;
    operationName: string | null;
    fields: string[];
    residentCount: number;
    outcome: string;
  }>;
}

/** Audit completeness through the real server: every personal read and write leaves its event. */
describe.each(testDatabaseKinds())('the audit trail of the API (%s)', (kind) => {
  let t: TestHub;
  let ids: ScenarioIds;
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => void (ids = await insertScenario(hub.prisma)));
  });
  afterAll(() => t?.close());

  it('records each personal read with section, purpose, operation, fields and residents — and nothing for the rest', async () => {
    await t.gql(
      `query ElderlyCare { residents(filter: { tag: "ELDERLY_ALONE" }) { edges { node { name phone } } } }`,
      {},
      { section: 'civil-affairs', purpose },
    );
    await t.gql(`query Places { communities { totalCount } }`, {}, { section: 'civil-affairs' });
    const res = await t.gql<Events>(
      events,
      { f: { section: 'civil-affairs' } },
      { section: 'auditor' },
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.auditEvents.edges.map((e) => e.node);
    expect(nodes).toEqual([
      {
        sectionCode: 'civil-affairs',
        purpose,
        operationName: 'ElderlyCare',
        fields: ['Resident.name', 'Resident.phone', 'Tag.ELDERLY_ALONE'],
        residentCount: 1,
        outcome: 'OK',
      },
    ]);
    expect(JSON.stringify(res)).not.toContain('王秀英');
  });

  it('records refused reads and writes too, and keeps the chain intact', async () => {
    await t.gql(
      `query Phones { residents(first: 2) { edges { node { ethnicity } } } }`,
      {},
      { section: 'civil-affairs', purpose },
    );
    await t.gql(
      `mutation Fix($i: UpdateResidentInput!) { updateResident(input: $i) { version } }`,
      {
        i: { id: gid('Resident', ids.residents.chenJing), version: 1, phone: '13600001111' },
      },
      { section: sections.c2, purpose },
    );
    const res = await t.gql<Events>(events, {}, { section: 'auditor' });
    const byOperation = Object.fromEntries(
      res.data!.auditEvents.edges.map((e) => [e.node.operationName, e.node]),
    );
    expect(byOperation.Phones).toMatchObject({ outcome: 'PARTIAL', fields: [] });
    expect(byOperation.Fix).toMatchObject({
      sectionCode: sections.c2,
      outcome: 'OK',
      fields: ['Resident.phone'],
      residentCount: 1,
    });
    expect(await verifyAuditChain(t.hub.prisma)).toMatchObject({ ok: true });
  });

  it("shows a resident's committee who read their data, and nobody else", async () => {
    const log = await t.gql<{
      accessLog: Array<{ sectionCode: string; purpose: string | null; fields: string[] }>;
    }>(
      `query($r: ID!) { accessLog(residentId: $r) { sectionCode purpose fields } }`,
      { r: gid('Resident', ids.residents.wangXiuying) },
      { section: sections.c1, purpose },
    );
    expect(log.errors).toBeUndefined();
    expect(log.data!.accessLog).toContainEqual({
      sectionCode: 'civil-affairs',
      purpose,
      fields: ['Resident.name', 'Resident.phone', 'Tag.ELDERLY_ALONE'],
    });
    const outside = await t.gql(
      `query($r: ID!) { accessLog(residentId: $r) { sectionCode } }`,
      { r: gid('Resident', ids.residents.wangXiuying) },
      { section: sections.c2, purpose },
    );
    expect(codeOf(outside)).toBe('NOT_FOUND');
    const notAuditor = await t.gql(events, {}, { section: 'civil-affairs' });
    expect(codeOf(notAuditor)).toBe('FORBIDDEN');
    expect(JSON.stringify(await t.gql(events, {}, { section: 'auditor' }))).not.toContain(
      idNumberOf('wangXiuying'),
    );
  });
});
