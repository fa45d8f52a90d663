import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/app.js';
import { people, sections } from '../support/scenario.js';
import {
  codeOf,
  gql,
  type GraphQLAnswer,
  startSecuredHub,
  type SecuredHub,
} from '../support/hub.js';

/**
 * Injection strings in every string, ID and date argument of the schema that the hostile corpus
 * does not already cover. Each must be answered as data (nothing matches) or as BAD_USER_INPUT,
 * never as an internal error, never by matching more rows, never changing anything.
 */
const injections = [
  `' OR 1=1 --`,
  `'; DROP TABLE "Resident"; --`,
  '%',
  '_',
  '\\',
  '$1',
  '{"$ne": null}',
  `") OR ("1"="1`,
  '1; SELECT pg_sleep(10)',
  '*/ UNION SELECT * FROM "ApiKey" /*',
];

/** Argument under attack: the query (variable $s), who sends it, and where a count of matches sits. */
const targets: Array<{
  name: string;
  query: string;
  section?: string;
  list?: boolean;
  count?: (data: any) => number;
}> = [
  {
    name: 'ResidentFilter.household',
    query: 'query($s: ID) { residents(filter: { household: $s }) { totalCount } }',
    count: (d) => d.residents.totalCount,
  },
  {
    name: 'HouseholdFilter.community',
    query: 'query($s: ID) { households(filter: { community: $s }) { totalCount } }',
    count: (d) => d.households.totalCount,
  },
  {
    name: 'ServiceRecordFilter.community',
    query: 'query($s: ID) { serviceRecords(filter: { community: $s }) { totalCount } }',
    count: (d) => d.serviceRecords.totalCount,
  },
  {
    name: 'ServiceRecordFilter.resident',
    query: 'query($s: ID) { serviceRecords(filter: { resident: $s }) { totalCount } }',
    count: (d) => d.serviceRecords.totalCount,
  },
  {
    name: 'ServiceRecordFilter.from',
    query: 'query($s: DateTime) { serviceRecords(filter: { from: $s }) { totalCount } }',
  },
  {
    name: 'HotlineCaseFilter.community',
    query: 'query($s: ID) { hotlineCases(filter: { community: $s }) { totalCount } }',
    count: (d) => d.hotlineCases.totalCount,
  },
  {
    name: 'HotlineCaseFilter.to',
    query: 'query($s: DateTime) { hotlineCases(filter: { to: $s }) { totalCount } }',
  },
  {
    name: 'communities(subdistrict)',
    query: 'query($s: ID) { communities(subdistrict: $s) { totalCount } }',
    count: (d) => d.communities.totalCount,
  },
  {
    name: 'community(id)',
    query: 'query($s: ID!) { community(id: $s) { name } }',
    count: (d) => (d.community ? 1 : 0),
  },
  {
    name: 'household(id)',
    query: 'query($s: ID!) { household(id: $s) { address } }',
    count: (d) => (d.household ? 1 : 0),
  },
  {
    name: 'resident(id)',
    query: 'query($s: ID!) { resident(id: $s) { name } }',
    count: (d) => (d.resident ? 1 : 0),
  },
  {
    name: 'node(id)',
    query: 'query($s: ID!) { node(id: $s) { id } }',
    count: (d) => (d.node ? 1 : 0),
  },
  {
    name: 'accessLog(residentId)',
    query: 'query($s: ID!) { accessLog(residentId: $s) { at } }',
    count: (d) => d.accessLog.length,
  },
  {
    name: 'fieldGrants(section)',
    query: 'query($s: String) { fieldGrants(section: $s) { fieldName } }',
    section: 'admin',
    count: (d) => d.fieldGrants.length,
  },
  {
    name: 'AuditEventFilter.principal',
    query: 'query($s: String) { auditEvents(filter: { principal: $s }) { totalCount } }',
    section: 'auditor',
    count: (d) => d.auditEvents.totalCount,
  },
  {
    name: 'AuditEventFilter.section',
    query: 'query($s: String) { auditEvents(filter: { section: $s }) { totalCount } }',
    section: 'auditor',
    count: (d) => d.auditEvents.totalCount,
  },
  {
    name: 'AuditEventFilter.purpose',
    query: 'query($s: String) { auditEvents(filter: { purpose: $s }) { totalCount } }',
    section: 'auditor',
    count: (d) => d.auditEvents.totalCount,
  },
  {
    name: 'AuditEventFilter.field',
    query: 'query($s: String) { auditEvents(filter: { field: $s }) { totalCount } }',
    section: 'auditor',
    count: (d) => d.auditEvents.totalCount,
  },
  {
    name: 'AuditEventFilter.from',
    query: 'query($s: DateTime) { auditEvents(filter: { from: $s }) { totalCount } }',
    section: 'auditor',
  },
  {
    name: 'ReportFilter.tags',
    query:
      'query($s: String!) { report(input: { dataset: RESIDENTS, dimensions: [COMMUNITY], measures: [COUNT], filter: { tags: [$s] } }) { rows { values } } }',
    count: (d) => d.report.rows.length,
  },
  {
    name: 'ReportFilter.communities',
    query:
      'query($s: ID!) { report(input: { dataset: RESIDENTS, dimensions: [COMMUNITY], measures: [COUNT], filter: { communities: [$s] } }) { rows { values } } }',
    count: (d) => d.report.rows.length,
  },
  {
    name: 'ReportFilter.subdistricts',
    query:
      'query($s: ID!) { report(input: { dataset: RESIDENTS, dimensions: [COMMUNITY], measures: [COUNT], filter: { subdistricts: [$s] } }) { rows { values } } }',
    count: (d) => d.report.rows.length,
  },
  {
    name: 'tagResident(tag)',
    query: 'mutation($s: String!) { tagResident(resident: "UmVzaWRlbnQ6MQ==", tag: $s) { id } }',
  },
  {
    name: 'tagResident(resident)',
    query: 'mutation($s: ID!) { tagResident(resident: $s, tag: "ELDERLY_ALONE") { id } }',
  },
  {
    name: 'RecordServiceInput.task',
    query:
      'mutation($s: String) { recordService(input: { resident: "UmVzaWRlbnQ6MQ==", kind: HOME_VISIT, occurredAt: "2026-01-05T02:00:00Z", task: $s }) { id } }',
  },
];

let t: SecuredHub;
let server: RunningServer;
let before: number[];
const counts = () =>
  Promise.all([
    t.hub.prisma.resident.count(),
    t.hub.prisma.serviceRecord.count(),
    t.hub.prisma.residentTag.count(),
    t.hub.prisma.apiKey.count(),
  ]);
beforeAll(async () => {
  t = await startSecuredHub();
  server = await t.serve({ rateLimits: { requests: 0, authFailures: 0 } });
  before = await counts();
});
afterAll(() => t?.close());

function checkClean(answer: GraphQLAnswer, sent: string) {
  expect([200, 400], answer.text.slice(0, 300)).toContain(answer.status);
  const codes = (answer.body?.errors ?? []).map((e) => e.extensions?.code);
  for (const code of codes)
    expect(['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN'], answer.text.slice(0, 300)).toContain(code);
  // (An echo of the sent string itself is tolerated here; a database message is not.)
  expect(answer.text.split(JSON.stringify(sent).slice(1, -1)).join('')).not.toMatch(
    /stacktrace|SELECT |syntax error|PGlite|prisma|\bat [A-Za-z.]+ \(/i,
  );
  expect(answer.text).not.toContain(people.zhangWei.name);
}

describe.each(targets)('injection strings in $name', ({ query, section, count }) => {
  it.each(injections)('%s', async (s) => {
    const answer = await gql(
      server.url,
      query,
      { s },
      { section: section ?? sections.street, purpose: section ? null : undefined },
    );
    checkClean(answer, s);
    if (count && answer.body?.data && !answer.body.errors) expect(count(answer.body.data)).toBe(0);
  });
});

describe('injection strings in the X-Purpose header', () => {
  it.each(injections)('%s', async (s) => {
    const answer = await gql(
      server.url,
      '{ residents(first: 1) { edges { node { name } } } }',
      undefined,
      { purpose: s },
    );
    expect(answer.status).toBe(403);
    expect(codeOf(answer)).toBe('PURPOSE_NOT_ALLOWED');
    expect(answer.text).not.toContain(people.zhangWei.name);
  });
});

describe('arguments Pothos rejects, and rows out of reach', () => {
  it('answers a negative page size and a malformed cursor as BAD_USER_INPUT, without the value', async () => {
    for (const query of [
      '{ residents(first: -1) { totalCount } }',
      '{ residents(first: 2, after: "bm90IGEgY3Vyc29yIPCfkqM=") { totalCount } }',
      '{ node(id: "notbase64!!") { id } }',
    ]) {
      const answer = await gql(server.url, query);
      const codes = (answer.body.errors ?? []).map((e) => e.extensions?.code);
      expect(
        codes.filter((c) => c !== 'BAD_USER_INPUT'),
        answer.text,
      ).toEqual([]);
      expect(answer.text).not.toContain('notbase64');
    }
  });

  it('answers node(id) of a row outside the jurisdiction like a missing row: null, NOT_FOUND', async () => {
    const outside = Buffer.from(`Resident:${t.ids.residents.chenJing}`).toString('base64');
    const missing = Buffer.from('Resident:987654').toString('base64');
    for (const id of [outside, missing]) {
      const answer = await gql<{ node: { id: string } | null }>(
        server.url,
        `{ node(id: "${id}") { id } }`,
        undefined,
        {
          section: sections.c1,
        },
      );
      expect(answer.body.data?.node).toBeNull();
      expect(codeOf(answer.body) ?? 'NOT_FOUND').toBe('NOT_FOUND');
    }
  });
});

describe('afterwards', () => {
  it('changed nothing: the same rows as before', async () => {
    expect(await counts()).toEqual(before);
  });
});
