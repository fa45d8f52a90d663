import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario } from '../support/scenario.js';

const set = `mutation($f: Int!, $c: Int!) { setBurdenBaseline(formsPerMonth: $f, certificatesPerMonth: $c) {
  formsPerMonth certificatesPerMonth enteredBy section { code } } }`;
const get = `{ burdenBaseline { formsPerMonth certificatesPerMonth section { code } } }`;
const viewer = `{ viewerAccess { section { code } grants { typeName fieldName level taskCodes } } }`;

describe.each(testDatabaseKinds())('burden baseline and viewerAccess (%s)', (kind) => {
  let t: TestHub;
  const admin = { section: 'admin', purpose: null };
  const committee = { section: 'committee:310106001001', purpose: null };
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => void (await insertScenario(hub.prisma)));
  }, 120_000);
  afterAll(() => t?.close());

  it('is null until the district enters it; only the admin section enters it; every section reads it', async () => {
    expect((await t.gql(get, {}, committee)).data).toEqual({ burdenBaseline: null });
    for (const section of ['civil-affairs', 'street:310106001', 'committee:310106001001']) {
      const refused = await t.gql(set, { f: 1, c: 1 }, { section, purpose: null });
      expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const bad = await t.gql(set, { f: -3, c: 10 }, admin);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const entered = await t.gql(set, { f: 120, c: 45 }, admin);
    expect(entered.errors).toBeUndefined();
    expect(entered.data).toMatchObject({
      setBurdenBaseline: {
        formsPerMonth: 120,
        certificatesPerMonth: 45,
        enteredBy: 'token:tester',
      },
    });
    await t.gql(set, { f: 130, c: 40 }, admin);
    expect((await t.gql(get, {}, committee)).data).toEqual({
      burdenBaseline: { formsPerMonth: 130, certificatesPerMonth: 40, section: { code: 'admin' } },
    });
    expect(await t.hub.prisma.burdenBaseline.count()).toBe(1);
  });

  it("viewerAccess gives the caller's own grants, the same as the grant table holds for its section", async () => {
    for (const section of ['civil-affairs', 'committee:310106001001', 'health']) {
      const answer = await t.gql<{
        viewerAccess: {
          section: { code: string };
          grants: Array<{ typeName: string; fieldName: string; level: string }>;
        };
      }>(viewer, {}, { section, purpose: null });
      expect(answer.errors).toBeUndefined();
      const stored = await t.hub.prisma.fieldGrant.findMany({
        where: { section: { code: section } },
        select: { typeName: true, fieldName: true, level: true },
      });
      expect(answer.data?.viewerAccess.section.code).toBe(section);
      const key = (g: { typeName: string; fieldName: string; level: string }) =>
        `${g.typeName}.${g.fieldName}=${g.level}`;
      expect(answer.data?.viewerAccess.grants.map(key).sort()).toEqual(stored.map(key).sort());
      expect(stored.length).toBeGreaterThan(0);
    }
  });
});
