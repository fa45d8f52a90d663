import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import {
  type Caller,
  type Edges,
  type GraphQLResponse,
  startTestHub,
  type TestHub,
} from '../support/hub.js';
import { gid } from '../support/ids.js';
import {
  insertScenario,
  people,
  purpose,
  type ScenarioIds,
  sections,
} from '../support/scenario.js';
import { type Running, startDepartment, startGateway } from './department.js';
import { subgraphGql, subgraphUrl } from './subgraph.js';

const signings = `query Signings { signings { doctor resident { id name phone ethnicity signedDoctor } } }`;

/**
 * A real Apollo gateway joins the hub's subgraph with a department's (family-doctor signings,
 * extending Resident): credentials and purpose travel with each subgraph request, and the hub's
 * grants, masks, jurisdiction and audit hold through the gateway as on /graphql.
 */
describe.each(testDatabaseKinds())('federation through a gateway (%s)', (kind) => {
  let t: TestHub;
  let ids: ScenarioIds;
  let department: Running;
  let gateway: Running;
  let signed: Map<string, string>;
  const civil: Caller = { section: 'civil-affairs', purpose };
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => void (ids = await insertScenario(hub.prisma)));
    signed = new Map([
      [gid('Resident', ids.residents.zhangWei), '赵医生'],
      [gid('Resident', ids.residents.wangXiuying), '赵医生'],
      [gid('Resident', ids.residents.chenJing), '孙医生'],
    ]);
    department = await startDepartment(signed);
    const sdl = (await subgraphGql(t, '{ _service { sdl } }')).data!._service.sdl as string;
    const doctors = await fetch(department.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    }).then((r) => r.json() as Promise<{ data: { _service: { sdl: string } } }>);
    gateway = await startGateway([
      { name: 'onetable', url: subgraphUrl(t), sdl },
      { name: 'doctors', url: department.url, sdl: doctors.data._service.sdl },
    ]);
  });
  afterAll(async () => {
    await gateway?.stop();
    await department?.stop();
    await t?.close();
  });

  async function viaGateway(query: string, caller: Caller): Promise<GraphQLResponse<any>> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      authorization: `Bearer ${await t.token(caller)}`,
    };
    if (caller.purpose) headers['x-purpose'] = caller.purpose;
    const res = await fetch(gateway.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query }),
    });
    return { status: res.status, ...((await res.json()) as object) };
  }

  it('joins the department field to the hub resident, with the masks and refusals of /graphql', async () => {
    const res = await viaGateway(signings, civil);
    const zhang = gid('Resident', ids.residents.zhangWei);
    const direct = await t.gql<{ resident: Record<string, unknown> }>(
      `query($id: ID!) { resident(id: $id) { id name phone ethnicity } }`,
      { id: zhang },
      civil,
    );
    const row = res.data!.signings.find((s: any) => s.resident.id === zhang);
    expect(row).toEqual({
      doctor: '赵医生',
      resident: { ...direct.data!.resident, signedDoctor: '赵医生' },
    });
    expect(row.resident.name).toBe(people.zhangWei.name);
    expect(row.resident.phone).toMatch(/\*{4}/); // MASKED for civil-affairs
    const refused = (res.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN');
    expect(refused.map((e) => e.path?.at(-1))).toEqual(['ethnicity', 'ethnicity', 'ethnicity']);
    expect(direct.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('forwards the purpose: without X-Purpose the hub refuses personal fields as it does directly', async () => {
    const res = await viaGateway(signings, { section: 'civil-affairs' });
    // The hub refuses the whole subgraph request before execution (HTTP 403); Apollo's gateway
    // reports that as its own FORBIDDEN with the hub's answer attached.
    const hub = (res.errors ?? []).map(
      (e: any) => e.extensions?.response?.body?.errors?.[0]?.extensions?.code,
    );
    expect(hub).toEqual(['PURPOSE_REQUIRED']);
    expect(res.data!.signings.map((s: any) => s.resident.name)).toEqual([null, null, null]);
    expect(JSON.stringify(res.data ?? {})).not.toContain(people.zhangWei.name);
  });

  it('keeps another community out of reach: a committee gets nothing of residents it cannot see', async () => {
    const res = await viaGateway(signings, { section: sections.c2, purpose });
    const text = JSON.stringify(res.data);
    expect(text).not.toContain(people.zhangWei.name);
    expect(text).not.toContain(people.wangXiuying.name);
    expect(text).toContain(people.chenJing.name); // c2's own resident
  });

  it("resolves the gateway's batch of references in a constant number of statements", async () => {
    await viaGateway(signings, civil); // the caller's section and grants are cached from then on
    const three = await t.countStatements(() => viaGateway(signings, civil));
    signed.set(gid('Resident', ids.residents.liFang), '钱医生');
    signed.set(gid('Resident', ids.residents.zhouLei), '孙医生');
    try {
      const five = await t.countStatements(() => viaGateway(signings, civil));
      expect(five.length).toBe(three.length);
      // The batch of references, with the columns the fields select: one statement for the five.
      const loads = five.filter((s) => s.includes('FROM "public"."resident" AS "t0"'));
      expect(loads).toHaveLength(1);
      expect(loads[0]).toMatch(/"t0"\."id" IN \(\$\d+(,\$\d+){4}\)/);
      console.info(
        `[federation] gateway, 5 references: ${five.length} statements, ${loads.length} loading residents`,
      );
    } finally {
      signed.delete(gid('Resident', ids.residents.liFang));
      signed.delete(gid('Resident', ids.residents.zhouLei));
    }
  });

  it('writes an audit event for personal reads through the gateway, naming the residents', async () => {
    const before = await audited();
    const res = await viaGateway(signings, civil);
    expect(res.data!.signings).toHaveLength(3);
    const after = await audited();
    expect(after.length).toBe(before.length + 1);
    expect(after[0]).toMatchObject({ sectionCode: 'civil-affairs', purpose, residentCount: 3 });
    expect(after[0].fields).toEqual(expect.arrayContaining(['Resident.name', 'Resident.phone']));
  });

  async function audited(): Promise<any[]> {
    const res = await t.gql<{ auditEvents: Edges<unknown> }>(
      `{ auditEvents(filter: { section: "civil-affairs" }, first: 50) { edges { node { sectionCode purpose fields residentCount } } } }`,
      {},
      { section: 'auditor' },
    );
    expect(res.errors).toBeUndefined();
    return res.data!.auditEvents.edges.map((e) => e.node);
  }
});
