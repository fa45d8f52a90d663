import { encodeGlobalID } from '@pothos/plugin-relay';
import { graphql } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The audit module registers its types before schema.ts builds the schema (until schema.ts imports it).
import '../../src/modules/audit/type.js';
import '../../src/modules/audit/queries.js';
import { Access } from '../../src/access/access.js';
import { inScope } from '../../src/db/scope.js';
import { sectionRefSelect } from '../../src/access/principal.js';
import { appendAuditEvent } from '../../src/modules/audit/chain.js';
import { AuditTrail } from '../../src/modules/audit/trail.js';
import type { Context } from '../../src/context.js';
import { openHub, type Hub } from '../../src/db/open.js';
import { schema } from '../../src/schema.js';
import { insertScenario, type ScenarioIds, sections, tasks } from '../support/scenario.js';
import { createTestDatabase } from '../support/databases.js';

const hash = 'b'.repeat(64);

describe('auditEvents and accessLog', () => {
  let hub: Hub;
  let ids: ScenarioIds;
  beforeAll(async () => {
    hub = await openHub((await createTestDatabase('pglite')).target);
    ids = await insertScenario(hub.prisma);
    const { wangXiuying, zhangWei, chenJing } = ids.residents;
    const base = {
      principal: 'token:zhou',
      operationName: 'Q',
      operationHash: hash,
      outcome: 'OK' as const,
    };
    await appendAuditEvent(hub.prisma, {
      ...base,
      sectionCode: 'civil-affairs',
      purpose: tasks.population,
      fields: ['Resident.name'],
      residentIds: [wangXiuying, zhangWei],
      at: new Date('2026-11-01T00:00:00Z'),
    });
    await appendAuditEvent(hub.prisma, {
      ...base,
      sectionCode: 'health',
      purpose: tasks.population,
      fields: ['Resident.phone'],
      residentIds: [chenJing],
      at: new Date('2026-11-02T00:00:00Z'),
    });
    await appendAuditEvent(hub.prisma, {
      ...base,
      sectionCode: 'civil-affairs',
      purpose: null,
      fields: ['Resident.idNumber'],
      residentIds: [wangXiuying],
      outcome: 'DENIED',
      at: new Date('2026-11-03T00:00:00Z'),
    });
    await appendAuditEvent(hub.prisma, {
      ...base,
      sectionCode: sections.c1,
      purpose: tasks.population,
      fields: ['Household.address', 'Resident.name'],
      residentIds: [wangXiuying],
      at: new Date('2026-11-04T00:00:00Z'),
    });
  });
  afterAll(() => hub?.close());

  async function as(
    sectionCode: string,
    source: string,
    variableValues: Record<string, unknown> = {},
  ) {
    const section = await hub.prisma.section.findUniqueOrThrow({
      where: { code: sectionCode },
      select: sectionRefSelect,
    });
    const principal: Context['principal'] = { kind: 'token', name: 'tester', section };
    const access = new Access(hub.prisma, principal, tasks.population);
    const scope = await access.communityIds();
    const contextValue: Context = {
      requestId: 'r',
      principal,
      purpose: tasks.population,
      prisma: hub.prisma,
      unscoped: hub.prisma,
      access,
      audit: new AuditTrail(),
    };
    const result = await inScope(scope, () =>
      graphql({ schema, source, variableValues, contextValue }),
    );
    return {
      ...result,
      codes: (result.errors ?? []).map((e) => e.extensions.code),
      audit: contextValue.audit,
    };
  }

  const eventsQuery = `query($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { id at principal sectionCode purpose fields residentCount outcome hash prevHash } }
    } }`;

  it('lets the auditor and admin read the trail, newest first, with counts instead of resident ids', async () => {
    const result = await as('auditor', eventsQuery, { first: 3 });
    expect(result.errors).toBeUndefined();
    const page = (
      result.data as {
        auditEvents: {
          totalCount: number;
          pageInfo: { endCursor: string };
          edges: { node: Record<string, unknown> }[];
        };
      }
    ).auditEvents;
    expect(page.totalCount).toBe(4);
    expect(page.edges.map((e) => e.node.sectionCode)).toEqual([
      sections.c1,
      'civil-affairs',
      'health',
    ]);
    expect(page.edges[0]!.node).toMatchObject({
      residentCount: 1,
      fields: ['Household.address', 'Resident.name'],
      at: '2026-11-04T00:00:00.000Z',
    });
    const next = await as('admin', eventsQuery, { first: 3, after: page.pageInfo.endCursor });
    expect(
      (
        next.data as { auditEvents: { edges: { node: { residentCount: number } }[] } }
      ).auditEvents.edges.map((e) => e.node.residentCount),
    ).toEqual([2]);
    const fields = schema.getType('AuditEvent')?.toConfig() as { fields: Record<string, unknown> };
    expect(Object.keys(fields.fields)).not.toContain('residentIds');
  });

  it('filters by section, purpose, field and time', async () => {
    const run = async (filter: Record<string, unknown>) => {
      const result = await as('auditor', eventsQuery, { filter });
      return (result.data as { auditEvents: { totalCount: number } }).auditEvents.totalCount;
    };
    expect(await run({ section: 'civil-affairs' })).toBe(2);
    expect(await run({ purpose: tasks.population })).toBe(3);
    expect(await run({ field: 'Resident.name' })).toBe(2);
    expect(await run({ from: '2026-11-02T00:00:00Z', to: '2026-11-04T00:00:00Z' })).toBe(2);
    expect(
      (
        await as('auditor', eventsQuery, {
          filter: { from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' },
        })
      ).codes,
    ).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses the trail to every other section', async () => {
    for (const code of ['civil-affairs', sections.street, sections.c1]) {
      expect((await as(code, eventsQuery)).codes).toEqual(['FORBIDDEN']);
    }
  });

  const logQuery = `query($id: ID!) { accessLog(residentId: $id) { at sectionCode sectionName purpose fields } }`;

  it('shows a committee who read a resident of its community, newest first, without refused requests', async () => {
    const id = encodeGlobalID('Resident', ids.residents.wangXiuying);
    const seen: string[] = [];
    const listener = (sql: string) => seen.push(sql);
    hub.statements.add(listener);
    const result = await as(sections.c1, logQuery, { id }).finally(() =>
      hub.statements.delete(listener),
    );
    expect(result.errors).toBeUndefined();
    expect((result.data as { accessLog: unknown[] }).accessLog).toEqual([
      {
        at: '2026-11-04T00:00:00.000Z',
        sectionCode: sections.c1,
        sectionName: '华山居委会',
        purpose: tasks.population,
        fields: ['Household.address', 'Resident.name'],
      },
      {
        at: '2026-11-01T00:00:00.000Z',
        sectionCode: 'civil-affairs',
        sectionName: '区民政局',
        purpose: tasks.population,
        fields: ['Resident.name'],
      },
    ]);
    expect(seen.some((sql) => sql.includes('"resident_ids" @>'))).toBe(true);
    // Showing the log is itself recorded for the audit event of this request.
    expect([...result.audit.residents]).toEqual([ids.residents.wangXiuying]);
  });

  it('answers NOT_FOUND outside the jurisdiction and FORBIDDEN to district sections', async () => {
    const chen = encodeGlobalID('Resident', ids.residents.chenJing);
    expect((await as(sections.c1, logQuery, { id: chen })).codes).toEqual(['NOT_FOUND']);
    const street = await as(sections.street, logQuery, { id: chen });
    expect(
      (street.data as { accessLog: { sectionCode: string }[] }).accessLog.map((e) => e.sectionCode),
    ).toEqual(['health']);
    expect((await as('civil-affairs', logQuery, { id: chen })).codes).toEqual(['FORBIDDEN']);
    expect((await as('auditor', logQuery, { id: chen })).codes).toEqual(['FORBIDDEN']);
  });
});
