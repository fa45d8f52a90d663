import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalFieldNames } from '../../src/access/fields.js';
import { formatIdNumber } from '../../src/modules/resident/id-number.js';
import { seedDatabase } from '../../src/seed/index.js';
import { testDatabaseKinds } from '../support/databases.js';
import { type Edges, type GraphQLResponse, startTestHub, type TestHub } from '../support/hub.js';
import { countCandidates, isCandidate, type PersonView } from '../support/id-candidates.js';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const today = new Date(
  Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()),
);
const yesterday = new Date(today.getTime() - 86_400_000).toISOString().slice(0, 10);

/** Birth dates at the edges (moved in the day they were born where it narrows most), and X check characters. */
const edges: Array<{ birth: string; moveIn: string; gender: 'MALE' | 'FEMALE'; x?: boolean }> = [
  { birth: '1900-01-01', moveIn: '1950-01-01', gender: 'MALE' },
  { birth: '1936-12-31', moveIn: '1936-12-31', gender: 'FEMALE' },
  { birth: '1937-01-01', moveIn: '1937-01-01', gender: 'MALE' },
  { birth: '1952-02-29', moveIn: '1952-02-29', gender: 'FEMALE', x: true },
  { birth: '2000-02-29', moveIn: '2000-03-01', gender: 'MALE', x: true },
  { birth: '2016-01-01', moveIn: '2016-01-01', gender: 'MALE' },
  { birth: '2016-12-31', moveIn: '2016-12-31', gender: 'FEMALE', x: true },
  { birth: yesterday, moveIn: yesterday, gender: 'FEMALE' },
];

/** The first sequence of the right parity whose number ends in X, or else in a digit. */
function edgeId(birth: string, gender: 'MALE' | 'FEMALE', x: boolean): string {
  for (let seq = gender === 'MALE' ? 1 : 0; seq < 1000; seq += 2) {
    const id = formatIdNumber('310106', day(birth), seq);
    if (id.endsWith('X') === x) return id;
  }
  throw new Error('no such sequence');
}

const query = `query($after: String) { residents(first: 100, after: $after) {
  pageInfo { hasNextPage endCursor }
  edges { node { id idNumber name birthDate age gender phone ethnicity residenceType moveInDate createdAt household { address } } } } }`;

/**
 * Everything a section with MASKED grants on every personal field sees of one person, taken
 * together, leaves at least 1,000 ID numbers passing the GB 11643 check (src/access/masks.ts).
 * The view's name, phone, ethnicity, residence type and address carry no character of the ID number;
 * masked ID, birth date, age, gender, move-in date and creation date go into the count.
 */
describe.each(testDatabaseKinds())('what MASKED shows of a person, taken together (%s)', (kind) => {
  let t: TestHub;
  const truth = new Map<string, string>();
  beforeAll(async () => {
    t = await startTestHub(kind, async (hub) => {
      await seedDatabase(hub.prisma, { residents: 200, seed: 13 });
      const community = await hub.prisma.community.findFirstOrThrow({
        orderBy: { id: 'asc' },
        include: { subdistrict: true },
      });
      for (const [i, e] of edges.entries()) {
        await hub.prisma.resident.create({
          data: {
            idNumber: edgeId(e.birth, e.gender, e.x ?? false),
            name: `边界${i}`,
            gender: e.gender,
            birthDate: day(e.birth),
            ethnicity: '汉族',
            residenceType: 'REGISTERED',
            communityId: community.id,
            moveInDate: day(e.moveIn),
          },
        });
      }
      const probe = await hub.prisma.section.create({
        data: {
          code: 'mask-probe',
          name: '脱敏检查',
          level: 'DISTRICT',
          districtId: community.subdistrict.districtId,
        },
      });
      await hub.prisma.task.create({
        data: {
          code: 'T2026-990',
          year: 2026,
          title: '脱敏检查',
          list: 'DUTY',
          sectionId: probe.id,
          fields: personalFieldNames(),
        },
      });
      for (const field of personalFieldNames()) {
        const [typeName, fieldName] = field.split('.') as [string, string];
        await hub.prisma.fieldGrant.create({
          data: { sectionId: probe.id, typeName, fieldName, level: 'MASKED', grantedBy: 'test' },
        });
      }
      for (const r of await hub.prisma.resident.findMany({ select: { id: true, idNumber: true } }))
        truth.set(String(r.id), r.idNumber);
    });
  }, 120_000);
  afterAll(() => t?.close());

  async function maskedViews(): Promise<Array<PersonView & { id: string; name: string | null }>> {
    const views: Array<PersonView & { id: string; name: string | null }> = [];
    let after: string | null = null;
    do {
      type Page = {
        residents: Edges<PersonView & { id: string; name: string | null }> & {
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      };
      // Annotated: `after` feeds the request and is read from its answer.
      const res: GraphQLResponse<Page> = await t.gql<Page>(
        query,
        { after },
        { section: 'mask-probe', purpose: 'T2026-990' },
      );
      expect(res.errors).toBeUndefined();
      const { residents } = res.data!;
      views.push(...residents.edges.map((e) => e.node));
      after = residents.pageInfo.hasNextPage ? residents.pageInfo.endCursor : null;
    } while (after !== null);
    return views;
  }

  it('leaves at least 1,000 valid ID numbers for every seeded and edge-case resident', async () => {
    const views = await maskedViews();
    expect(views.length).toBe(200 + edges.length);
    for (const view of views) {
      const real = truth.get(Buffer.from(view.id, 'base64').toString().split(':')[1]!)!;
      const rid = real.slice(0, 6) + '…';
      expect(isCandidate(view, real, today), `${rid}: the count must include the real number`).toBe(
        true,
      );
      // Bound asserted: ≥ 1,000 candidates (the count stops at 1,000).
      expect(countCandidates(view, '310106', today, 1000), rid).toBe(1000);
    }
  });

  it('the count catches weaker masks: area + last four + birth year, or a birth year beside the move-in date', async () => {
    const views = await maskedViews();
    // The edge cases and every fifth seeded resident (a full year of days each: slower).
    for (const view of views.filter((v, i) => v.name?.startsWith('边') || i % 5 === 0)) {
      const real = truth.get(Buffer.from(view.id, 'base64').toString().split(':')[1]!)!;
      const former = {
        ...view,
        idNumber: `${real.slice(0, 6)}********${real.slice(-4)}`,
        birthDate: real.slice(6, 10),
      };
      expect(isCandidate(former, real, today)).toBe(true);
      expect(countCandidates(former, '310106', today)).toBeLessThan(1000);
    }
    // Even the area-only ID with the birth year: a newborn registered on 1 January is one day, 500 numbers.
    const newborn = views.find((v) => v.moveInDate === '2016-01-01')!;
    expect(countCandidates({ ...newborn, birthDate: '2016' }, '310106', today)).toBe(500);
  });
});
