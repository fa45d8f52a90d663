import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario, type ScenarioIds, sections, tasks } from '../support/scenario.js';

const query = `query($p: PeriodInput!) { assistTurnedLead(period: $p) {
  category community { code } task { code list } leadCases cases leadShare previousLeadCases trend months { month leadCases } } }`;
interface Cells {
  assistTurnedLead: Array<{
    category: string;
    community: { code: string };
    task: { code: string; list: string };
    leadCases: number;
    cases: number;
    leadShare: number;
    previousLeadCases: number;
    trend: string;
    months: Array<{ month: string; leadCases: number }>;
  }>;
}

interface Case {
  category: string;
  community: 'c1' | 'c2';
  task: string;
  role: 'LEAD' | 'ASSIST';
  at: Date;
}

/** A deterministic spread of cases over eight months, two communities, three tasks and both roles. */
function makeCases(): Case[] {
  const categories = ['噪音扰民', '群租', '停车管理'];
  const codes = [tasks.population, tasks.epidemic, 'T2026-900'];
  const cases: Case[] = [];
  let seed = 7;
  const next = () => (seed = (seed * 48271) % 2147483647);
  for (let i = 0; i < 240; i++) {
    // 2026-03-01 to 2026-10-31, Shanghai time, spread over the hours too (month edges matter).
    const at = new Date(Date.UTC(2026, 2, 1) - 8 * 3_600_000 + (next() % (245 * 24)) * 3_600_000);
    cases.push({
      category: categories[next() % 3]!,
      community: next() % 2 ? 'c1' : 'c2',
      task: codes[next() % 3]!,
      role: next() % 3 ? 'LEAD' : 'ASSIST',
      at,
    });
  }
  return cases;
}

/** The expected answer, computed in JS from the inserted rows (not by the server's SQL). */
function expected(cases: Case[], from: Date, to: Date, communities: string[]) {
  const previous = new Date(from.getTime() - (to.getTime() - from.getTime()));
  const month = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
  const cells = new Map<
    string,
    { lead: number; all: number; prev: number; months: Map<string, number> }
  >();
  for (const c of cases) {
    if (c.task === 'T2026-900' || !communities.includes(c.community)) continue; // T2026-900 is a DUTY task
    const key = `${c.category}|${c.community}|${c.task}`;
    const cell = cells.get(key) ?? { lead: 0, all: 0, prev: 0, months: new Map() };
    cells.set(key, cell);
    if (c.at >= from && c.at < to) {
      cell.all++;
      if (c.role === 'LEAD') {
        cell.lead++;
        cell.months.set(month(c.at), (cell.months.get(month(c.at)) ?? 0) + 1);
      }
    } else if (c.at >= previous && c.at < from && c.role === 'LEAD') cell.prev++;
  }
  return [...cells.entries()].filter(([, v]) => v.lead > 0).map(([k, v]) => ({ key: k, ...v }));
}

/** The one case insertScenario adds itself. */
const scenarioCase: Case = {
  category: '噪音扰民',
  community: 'c1',
  task: tasks.population,
  role: 'ASSIST',
  at: new Date('2026-09-01T01:00:00Z'),
};

describe.each(testDatabaseKinds())('assistTurnedLead (%s)', (kind) => {
  let t: TestHub;
  let ids: ScenarioIds;
  const cases = makeCases();
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => {
      ids = await insertScenario(hub.prisma);
      const civil = await hub.prisma.section.findUniqueOrThrow({
        where: { code: 'civil-affairs' },
      });
      await hub.prisma.task.create({
        data: {
          code: 'T2026-900',
          year: 2026,
          title: '调解民间纠纷',
          list: 'DUTY',
          sectionId: civil.id,
        },
      });
      const taskIds = new Map((await hub.prisma.task.findMany()).map((x) => [x.code, x.id]));
      await hub.prisma.hotlineCase.createMany({
        data: cases.map((c, i) => ({
          caseNumber: `12345-T-${i}`,
          category: c.category,
          status: 'RESOLVED',
          role: c.role,
          receivedAt: c.at,
          communityId: ids.communities[c.community],
          taskId: taskIds.get(c.task)!,
        })),
      });
    });
  });
  afterAll(() => t?.close());

  const period = { from: '2026-07-01T00:00:00+08:00', to: '2026-10-01T00:00:00+08:00' };
  const codes = { '310106001001': 'c1', '310106001002': 'c2' } as Record<string, string>;

  async function check(caller: { section: string; purpose: null }, communities: string[]) {
    const res = await t.gql<Cells>(query, { p: period }, caller);
    expect(res.errors).toBeUndefined();
    const want = expected(
      [...cases, scenarioCase],
      new Date(period.from),
      new Date(period.to),
      communities,
    );
    const got = res.data!.assistTurnedLead;
    expect(got.length).toBe(want.length);
    expect(want.length).toBeGreaterThan(5);
    for (const w of want) {
      const [category, community, task] = w.key.split('|');
      const cell = got.find(
        (g) =>
          g.category === category && codes[g.community.code] === community && g.task.code === task,
      );
      expect(cell, w.key).toBeDefined();
      if (!cell) continue;
      expect(cell.task.list).toBe('ASSIST');
      expect([cell.leadCases, cell.cases, cell.previousLeadCases], w.key).toEqual([
        w.lead,
        w.all,
        w.prev,
      ]);
      expect(cell.leadShare).toBeCloseTo(w.lead / w.all);
      expect(cell.trend).toBe(
        w.prev === 0 ? 'NEW' : w.lead > w.prev ? 'RISING' : w.lead < w.prev ? 'FALLING' : 'STEADY',
      );
      expect(cell.months.map((m) => m.month)).toEqual(['2026-07', '2026-08', '2026-09']);
      expect(cell.months.map((m) => m.leadCases)).toEqual(
        ['2026-07', '2026-08', '2026-09'].map((m) => w.months.get(m) ?? 0),
      );
    }
    const leads = got.map((g) => g.leadCases);
    expect(leads).toEqual([...leads].sort((a, b) => b - a));
  }

  it('matches an independent count over the whole jurisdiction of a street office', async () => {
    await check({ section: sections.street, purpose: null }, ['c1', 'c2']);
  });

  it('shows a committee its own community only', async () => {
    await check({ section: sections.c1, purpose: null }, ['c1']);
  });

  it('refuses a period that ends before it starts', async () => {
    const res = await t.gql(
      query,
      { p: { from: period.to, to: period.from } },
      { section: sections.street, purpose: null },
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'period.to',
    });
  });
});
