import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../src/seed/index.js';
import { testDatabaseKinds } from '../support/databases.js';
import { type Caller, type Edges, startTestHub, type TestHub } from '../support/hub.js';

/**
 * Resident, Household, Tag and ServiceRecord use Pothos' select mode, so the statement of a page
 * carries only the columns the query asks for (plus those the permission layer reads). Before, every
 * column of every member and tag was built into JSON: 2–3× the database time of a hand-written
 * statement (bench/FINDINGS.md, finding 3).
 */

/** Scenario 1 of the benchmark without its personal columns other than names. */
const namesOnly = `query($first: Int!) { residents(first: $first) { edges { node {
  id name gender status household { members { name } } community { name } tags { code }
} } } }`;

/** The same page, asking for the ID number and phone too. */
const withIdNumber = `query($first: Int!) { residents(first: $first) { edges { node {
  id name idNumber phone household { members { name } } tags { code }
} } } }`;

/** The statement that loads the residents of the page (all relations are joined into it). */
const isPage = (sql: string) => sql.includes('FROM "public"."resident" AS "t0"');

describe.each(testDatabaseKinds())('columns a page selects (%s)', (kind) => {
  let t: TestHub;
  beforeAll(async () => {
    // The graphql-js path's statements (Pothos' select mode); the compiled path's: tests/compiled.
    t = await startTestHub(
      kind,
      async (hub) => {
        await seedDatabase(hub.prisma, { residents: 300, seed: 7 });
      },
      undefined,
      { compiledReads: false },
    );
  });
  afterAll(() => t?.close());

  async function pageStatement(query: string, first = 50) {
    let edges = 0;
    const sql = await t.countStatements(async () => {
      const res = await t.gql<{ residents: Edges<unknown> }>(query, { first });
      expect(res.errors).toBeUndefined();
      edges = res.data!.residents.edges.length;
    });
    const pages = sql.filter(isPage);
    expect(pages).toHaveLength(1);
    return { edges, statements: sql.length, page: pages[0]! };
  }

  it('leaves out personal columns the query does not ask for, of residents and of household members', async () => {
    const { edges, page } = await pageStatement(namesOnly);
    expect(edges).toBe(50);
    for (const column of [
      'id_number',
      'phone',
      'ethnicity',
      'birth_date',
      'address',
      'description',
      'move_in_date',
    ]) {
      expect(page, `${column} was selected`).not.toContain(column);
    }
    // What the permission layer reads is there whatever the query asks for.
    expect(page).toContain('"community_id"');
    expect(page).toContain("'sensitive'");
  });

  it('selects a personal column once the query asks for it', async () => {
    const { page } = await pageStatement(withIdNumber);
    expect(page).toContain('"id_number"');
    expect(page).toContain('"phone"');
    expect(page).not.toContain('ethnicity');
  });

  it('hides the same sensitive tags when the query does not ask whether a tag is sensitive', async () => {
    // civil-affairs may read ELDERLY_ALONE and LOW_INCOME, not DISABILITY or KEY_CARE (default grants).
    const task = await t.hub.prisma.task.findFirstOrThrow({
      where: { section: { code: 'civil-affairs' }, fields: { has: 'Tag.ELDERLY_ALONE' } },
      orderBy: [{ year: 'desc' }, { code: 'asc' }],
    });
    const caller: Caller = { section: 'civil-affairs', purpose: task.code };
    type Page = {
      residents: { edges: Array<{ node: { id: string; tags: Array<{ name: string }> } }> };
    };
    const tagNames = async (tagFields: string) => {
      const res = await t.gql<Page>(
        `{ residents(first: 50) { edges { node { id tags { ${tagFields} } } } } }`,
        {},
        caller,
      );
      expect(res.errors).toBeUndefined();
      return res.data!.residents.edges.map(({ node }) => ({
        id: node.id,
        tags: node.tags.map((tag) => tag.name),
      }));
    };
    const shown = await tagNames('name sensitive');
    expect(await tagNames('name')).toEqual(shown);
    // Meaningful only if the caller is refused some tag that the page's residents carry.
    const residentIds = shown.map(({ id }) =>
      Number(Buffer.from(id, 'base64').toString().split(':')[1]),
    );
    const stored = await t.hub.prisma.residentTag.count({
      where: { residentId: { in: residentIds } },
    });
    expect(shown.flatMap(({ tags }) => tags).length).toBeLessThan(stored);
  });

  it('costs the same number of statements for a page of 5 as for a page of 50', async () => {
    const small = await pageStatement(namesOnly, 5);
    const large = await pageStatement(namesOnly, 50);
    expect(small.edges).toBe(5);
    expect(large.statements).toBe(small.statements);
  });
});
