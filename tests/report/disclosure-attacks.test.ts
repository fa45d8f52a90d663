import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { type Caller, codeOf, type Edges, startTestHub, type TestHub } from '../support/hub.js';
import { gid } from '../support/ids.js';
import { callerFor } from './callers.js';
import {
  type DatasetRows,
  groupBy,
  type Person,
  type ReportRow,
  readDatasets,
} from './dataset-rows.js';
import { expectedProtected, K, releasedRows, type Spec } from './disclosure-oracle.js';
import { reportQuery, seedReports } from './fixtures.js';

/**
 * Attacks of a skilled analyst of an aggregate-only section (population) on the report engine.
 * The bound each test asserts: every released figure is the true count plus the noise of its own
 * set of contributors (checked against disclosure-oracle.ts), so what a comparison of reports can
 * tell is bounded by perturbation.test.ts (one differencing pair moves the odds that a person has
 * an attribute by at most ×3 with probability ≥ 96%); and what is withheld leaves no trace.
 */
type Report = { rows: ReportRow[]; suppressedCells: number; perturbed: boolean };
const bands = ['0-17', '18-34', '35-59', '60-69', '70-79', '80+'];
const bandEnum = (b: string) => (b === '80+' ? 'AGE_80_PLUS' : `AGE_${b.replace('-', '_')}`);

describe.each(testDatabaseKinds())('disclosure control under attack (%s)', (kind) => {
  let t: TestHub;
  let d: DatasetRows;
  let population: Caller;
  let shownTags: string[];
  const ask = async (i: Record<string, unknown>, caller: Caller = population) => {
    const res = await t.gql<{ report: Report }>(reportQuery, { i }, caller);
    expect(res.errors).toBeUndefined();
    return res.data!.report;
  };
  /** The (person, tag) rows of a TAG dimension, for the tags the population section is shown. */
  const tagRows = (people: Person[]) =>
    people.flatMap((p) =>
      p.tags.filter((tag) => shownTags.includes(tag)).map((tag) => ({ p, tag })),
    );
  const byTag: Spec<{ p: Person; tag: string }> = {
    dims: [(x) => x.tag],
    attributes: [true],
    size: (xs) => xs.map((x) => x.p),
    measures: [{ count: (xs) => xs.map((x) => x.p) }],
    totals: false,
  };
  beforeAll(async () => {
    t = await startTestHub(kind, seedReports());
    d = await readDatasets(t);
    population = await callerFor(t, 'population', 'RESIDENTS', ['Resident.age', 'Resident.status']);
    const task = await t.hub.prisma.task.findFirstOrThrow({
      where: { code: population.purpose! },
      orderBy: { year: 'desc' },
    });
    const tags = await t.hub.prisma.tag.findMany();
    shownTags = tags
      .filter((tag) => !tag.sensitive || task.fields.includes(`Tag.${tag.code}`))
      .map((tag) => tag.code);
  }, 180_000);
  afterAll(() => t?.close());

  it('1. row presence: a filter matching one person releases no row, as if it matched no one', async () => {
    const groups = groupBy(
      d.people.filter((p) => p.tags.length > 0),
      (p) => `${p.communityId}|${p.gender}|${p.residenceType}|${p.band}`,
    );
    const alone = [...groups.values()].find(
      (g) =>
        g.length === 1 &&
        d.people.filter(
          (p) =>
            p.communityId === g[0]!.communityId &&
            p.gender === g[0]!.gender &&
            p.residenceType === g[0]!.residenceType &&
            p.band === g[0]!.band,
        ).length === 1,
    )![0]!;
    const filter = {
      communities: [gid('Community', alone.communityId)],
      genders: [alone.gender],
      residenceTypes: [alone.residenceType],
      ageBands: [bandEnum(alone.band)],
    };
    const i = {
      dataset: 'RESIDENTS',
      dimensions: ['TAG', 'AGE_BAND'],
      measures: ['COUNT'],
      filter,
    };
    const committee = await t.hub.prisma.community.findUniqueOrThrow({
      where: { id: alone.communityId },
    });
    const exact = await ask(i, await callerFor(t, `committee:${committee.code}`, 'RESIDENTS'));
    expect(exact.rows.length).toBeGreaterThan(0); // the filter does match someone
    const shown = await ask(i);
    expect(shown).toMatchObject({ rows: [], suppressedCells: 0, perturbed: true });
  });

  it('2. differencing: every filter argument ± one value yields each figure with its own noise', async () => {
    const statuses = [...new Set(d.people.map((p) => p.status))];
    const genders = [...new Set(d.people.map((p) => p.gender))];
    const types = [...new Set(d.people.map((p) => p.residenceType))];
    const args: Array<[string, string[], (p: Person) => string, (v: string) => string]> = [
      ['statuses', statuses, (p) => p.status, (v) => v],
      ['genders', genders, (p) => p.gender, (v) => v],
      ['residenceTypes', types, (p) => p.residenceType, (v) => v],
      ['ageBands', bands, (p) => p.band, bandEnum],
    ];
    let oneApart = 0;
    for (const [arg, values, of, literal] of args) {
      for (const left of values) {
        const kept = values.filter((v) => v !== left);
        const [a, b] = [
          await ask({
            dataset: 'RESIDENTS',
            dimensions: ['TAG'],
            measures: ['COUNT'],
            filter: { [arg]: kept.map(literal) },
          }),
          await ask({
            dataset: 'RESIDENTS',
            dimensions: ['TAG'],
            measures: ['COUNT'],
            filter: { [arg]: values.map(literal) },
          }),
        ];
        const inA = d.people.filter((p) => kept.includes(of(p)));
        expect(releasedRows(a.rows, 1), `${arg} without ${left}`).toEqual(
          expectedProtected(tagRows(inA), byTag),
        );
        expect(releasedRows(b.rows, 1), `${arg}`).toEqual(
          expectedProtected(tagRows(d.people), byTag),
        );
        for (const tag of shownTags) {
          const diff = d.people.filter((p) => of(p) === left && p.tags.includes(tag)).length;
          if (diff === 1) oneApart++;
        }
      }
    }
    // The attack was tried where it matters: cells whose populations differ by exactly one person.
    expect(oneApart).toBeGreaterThan(0);
  });

  it('3. totals minus visible cells: withheld cells leave no row, and totals carry noise of their own', async () => {
    const report = await ask({
      dataset: 'RESIDENTS',
      dimensions: ['COMMUNITY', 'AGE_BAND'],
      measures: ['COUNT'],
      totals: true,
    });
    const want = expectedProtected(d.people, {
      dims: [(p) => p.community, (p) => p.band],
      attributes: [false, true],
      size: (g) => g,
      measures: [{ count: (g) => g }],
      totals: true,
    });
    expect(releasedRows(report.rows, 2)).toEqual(want);
    // No null count, no suppressed flag: the attacker does not learn how many cells a line hides.
    expect(report.rows.every((r) => r.values[2] !== null && !r.suppressed)).toBe(true);
    // The subtraction "total − visible details = hidden cells" is off by the noises of the total and of each detail.
    let lines = 0;
    let wrong = 0;
    for (const [community, people] of groupBy(d.people, (p) => p.community)) {
      const total = want.get(`${community}|*`)?.[0] as number | undefined;
      const hidden = bands.filter(
        (b) => people.some((p) => p.band === b) && !want.has(`${community}|${b}`),
      );
      if (total === undefined || hidden.length === 0) continue;
      lines++;
      const visible = bands.reduce(
        (s, b) => s + ((want.get(`${community}|${b}`)?.[0] as number | undefined) ?? 0),
        0,
      );
      if (total - visible !== people.filter((p) => hidden.includes(p.band)).length) wrong++;
    }
    expect(lines).toBeGreaterThan(0);
    expect(wrong).toBeGreaterThan(0);
  });

  it('overlapping groupings agree where they count the same people, and a repeated query repeats its answer', async () => {
    const byCommunity = await ask({
      dataset: 'RESIDENTS',
      dimensions: ['COMMUNITY'],
      measures: ['COUNT'],
    });
    const byGender = await ask({
      dataset: 'RESIDENTS',
      dimensions: ['COMMUNITY', 'GENDER'],
      measures: ['COUNT'],
      totals: true,
    });
    const totals = releasedRows(byGender.rows, 2);
    for (const [community, values] of releasedRows(byCommunity.rows, 1)) {
      const total = totals.get(`${community}|*`);
      if (total) expect(total).toEqual(values);
    }
    expect(
      await ask({ dataset: 'RESIDENTS', dimensions: ['COMMUNITY'], measures: ['COUNT'] }),
    ).toEqual(byCommunity);
  });

  it('4. a 100% cell: a report narrowed by a sensitive tag withholds a cell the tag leaves whole', async () => {
    // In one community and month: ten subsidy recipients, all KEY_CARE; five other KEY_CARE residents
    // and ten residents without the tag get home visits. The narrowed report's line over the service
    // kind is not all subsidy (15 KEY_CARE people), so only the comparison with the whole catches it.
    const community = [...groupBy(d.people, (p) => String(p.communityId)).values()].find(
      (g) => g.length >= 25,
    )!;
    const [recipients, cared, visited] = [
      community.slice(0, 10),
      community.slice(10, 15),
      community.slice(15, 25),
    ];
    const keyCare = await t.hub.prisma.tag.findUniqueOrThrow({ where: { code: 'KEY_CARE' } });
    await t.hub.prisma.residentTag.createMany({
      data: [...recipients, ...cared].map((p) => ({
        residentId: p.id,
        tagId: keyCare.id,
        setBy: 'test',
      })),
      skipDuplicates: true,
    });
    await t.hub.prisma.residentTag.deleteMany({
      where: { tagId: keyCare.id, residentId: { in: visited.map((p) => p.id) } },
    });
    const at = new Date('2031-01-15T02:00:00Z');
    const record = (p: Person, kind: 'SUBSIDY' | 'HOME_VISIT') => ({
      kind,
      occurredAt: at,
      residentId: p.id,
      communityId: p.communityId,
      recordedBy: 'test',
    });
    await t.hub.prisma.serviceRecord.createMany({
      data: [
        ...recipients.map((p) => record(p, 'SUBSIDY')),
        ...[...cared, ...visited].map((p) => record(p, 'HOME_VISIT')),
      ],
    });
    const caller = await callerFor(t, 'population', 'SERVICE_RECORDS', [
      'ServiceRecord.kind',
      'Tag.KEY_CARE',
    ]);
    const i = {
      dataset: 'SERVICE_RECORDS',
      dimensions: ['COMMUNITY', 'SERVICE_KIND'],
      measures: ['COUNT'],
      filter: { months: ['2031-01'] },
    };
    const whole = await ask(i, caller);
    expect(whole.rows.map((r) => r.values[1])).toEqual(['HOME_VISIT', 'SUBSIDY']); // 15 and 10 people, ± 3
    const narrowed = await ask({ ...i, filter: { ...i.filter, tags: ['KEY_CARE'] } }, caller);
    // Without the rule this row would equal the whole report's SUBSIDY row: "every recipient is KEY_CARE".
    expect(narrowed.perturbed).toBe(true);
    expect(narrowed.rows.filter((r) => r.values[1] === 'SUBSIDY')).toEqual([]);
  });

  it('4b. the record lists do not name who is behind a protected cell: no service kind, no filter by it', async () => {
    const caller = await callerFor(t, 'population', 'SERVICE_RECORDS', ['ServiceRecord.kind']);
    const list = await t.gql<{
      serviceRecords: Edges<{ kind: string | null; resident: { id: string } | null }>;
    }>(`{ serviceRecords(first: 20) { edges { node { kind resident { id } } } } }`, {}, caller);
    const nodes = list.data?.serviceRecords?.edges ?? [];
    expect(nodes.every((e) => e.node.kind === null)).toBe(true);
    const filtered = await t.gql(
      `{ serviceRecords(first: 20, filter: { kind: SUBSIDY }) { edges { node { id } } } }`,
      {},
      caller,
    );
    expect(codeOf(filtered)).toBe('FORBIDDEN');
    for (const without of [{ section: 'population' }]) {
      const res = await t.gql(
        `{ serviceRecords(first: 20, filter: { kind: SUBSIDY }) { edges { node { id } } } }`,
        {},
        without,
      );
      expect(['FORBIDDEN', 'PURPOSE_REQUIRED']).toContain(codeOf(res));
    }
  });

  it('k holds after perturbation: no released count lies between 1 and k − 1', async () => {
    for (const dataset of ['RESIDENTS', 'SERVICE_RECORDS', 'HOUSEHOLDS'] as const) {
      const measures =
        dataset === 'RESIDENTS' ? ['COUNT', 'HOUSEHOLDS'] : ['COUNT', 'DISTINCT_RESIDENTS'];
      const dimensions = ['COMMUNITY', dataset === 'HOUSEHOLDS' ? 'HOUSEHOLD_SIZE' : 'AGE_BAND'];
      const report = await ask(
        { dataset, dimensions, measures, totals: true },
        await callerFor(t, 'population', dataset, ['Resident.age', 'Household.size']),
      );
      expect(report.perturbed).toBe(true);
      for (const r of report.rows)
        for (const v of r.values.slice(-2))
          if (v !== null)
            expect(v === 0 || (v as number) >= K, `${dataset} ${JSON.stringify(r)}`).toBe(true);
    }
  });
});
