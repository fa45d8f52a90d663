import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema.js';
import { limitsFromEnv } from '../../src/server/limits.js';
import { testDatabaseKinds } from '../support/databases.js';
import { type Caller, startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario, purpose } from '../support/scenario.js';
import { addSecondStreet, everyRow, nodeTypes, rootDocuments, visit } from './walk.js';

/**
 * The generated jurisdiction walk (issue 12): every root field and every Node type, through every
 * relation to depth 4, as a committee, a street office and a district department. Whatever comes
 * back must belong to the caller's jurisdiction, judged against the unscoped database; each
 * connection's totalCount must count exactly what it shows.
 */
const hops = 4;
/** Root fields whose arguments the walk cannot make up; each is covered by tests/access/raw-paths.test.ts. */
const coveredElsewhere = ['assistTurnedLead', 'report', 'runReport', 'verifyAttestation'];

describe.each(testDatabaseKinds())('generated jurisdiction walk (%s)', (kind) => {
  let t: TestHub;
  let rows: Map<string, number | null>;
  let communities: Record<string, number[]>;
  beforeAll(async () => {
    const limits = {
      ...limitsFromEnv(),
      maxDepth: 64,
      maxAliases: 10_000,
      maxTokens: 1_000_000,
      maxCost: 1e12,
      maxNesting: 1_000,
    };
    t = await startTestHub(
      kind,
      async (hub) => {
        await insertScenario(hub.prisma);
        await addSecondStreet(hub.prisma);
      },
      undefined,
      { limits },
    );
    rows = await everyRow(t.hub.prisma, nodeTypes(schema));
    const all = await t.hub.prisma.community.findMany({
      select: { id: true, code: true, subdistrict: { select: { code: true } } },
    });
    communities = {
      'committee:310106001001': all.filter((c) => c.code === '310106001001').map((c) => c.id),
      'street:310106001': all.filter((c) => c.subdistrict.code === '310106001').map((c) => c.id),
      'civil-affairs': all.map((c) => c.id),
    };
  }, 180_000);
  afterAll(() => t?.close());

  it('walks every root field it can make arguments for, and names the others', () => {
    const { notWalked } = rootDocuments(schema, hops, rows, {
      from: '2020-01-01',
      to: '2030-12-31',
    });
    expect(notWalked.sort()).toEqual(coveredElsewhere);
  });

  for (const section of ['committee:310106001001', 'street:310106001', 'civil-affairs']) {
    it(`returns nothing outside the jurisdiction of ${section}`, async () => {
      const caller: Caller = { section, purpose };
      const scope = new Set(communities[section]);
      const { documents } = rootDocuments(schema, hops, rows, {
        from: '2020-01-01',
        to: '2030-12-31',
      });
      const reached = new Set<string>();
      let connections = 0;
      for (const { root, query } of documents) {
        const res = await t.gql(query, {}, caller);
        const codes = (res.errors ?? []).map((e) => e.extensions?.code);
        // Refusals are answers too (auditEvents for non-auditors); an internal error is not.
        expect(
          codes.filter((c) => c !== 'FORBIDDEN' && c !== 'NOT_FOUND' && c !== 'PURPOSE_REQUIRED'),
          root,
        ).toEqual([]);
        visit(
          res.data,
          (id) => {
            const community = rows.get(id);
            expect(community, `${root}: unknown id ${id}`).not.toBeUndefined();
            if (community !== null && community !== undefined) {
              expect(
                scope.has(community),
                `${root} returned ${decodeGlobalID(id).typename} of community ${community}`,
              ).toBe(true);
            }
            reached.add(id);
          },
          (total, edges) => {
            connections++;
            expect(total, `${root}: totalCount against edges`).toBe(edges);
          },
        );
      }
      // Not vacuous: the walk reached every row of the jurisdiction, and connections on the way.
      const inScope = [...rows].filter(([, c]) => c !== null && scope.has(c)).map(([id]) => id);
      expect(inScope.filter((id) => !reached.has(id))).toEqual([]);
      expect(connections).toBeGreaterThan(10);
    }, 300_000);
  }
});
