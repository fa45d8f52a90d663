/**
 * The deterministic demo-data seeder. `seedDatabase` fills an empty database with one
 * district, its subdistricts and committees, sections, tags, the year's task list, households
 * and residents, tags on residents, service records and 12345 hotline cases.
 *
 * - Deterministic: the same `residents`, `seed` and `asOf` give identical rows (including
 *   created_at/updated_at, which are set to `asOf`). `asOf` defaults to the fixed
 *   {@link DEFAULT_AS_OF} (2026-11-01), not to today, so the data do not change from day to day.
 * - Safe: it refuses a database that has rows in any seeded table (DatabaseNotEmptyError),
 *   and concurrent seeders are serialised by an advisory lock, so only one of them seeds.
 * - Fast: ids are assigned in Node, rows are generated household by household and written in
 *   chunks with unnest-based bulk inserts, all in one transaction (a failed seed leaves the
 *   database empty), after which every id sequence is moved past the seeded ids.
 */
import { installAccessDefaults } from '../access/default-grants.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { insertRows, insertStatement, resetSequences, type SqlExecutor } from './bulk.js';
import { type Day, DAY_MS, DEFAULT_AS_OF, dayOf, formatTimestamp, yearOfDay } from './dates.js';
import { generateHotlineCases } from './hotline.js';
import { cadreNames } from './names.js';
import {
  type GeneratedHousehold,
  type HouseholdRow,
  PeopleFactory,
  type ResidentRow,
} from './people.js';
import { AddressBook, DISTRICT, SUBDISTRICTS } from './places.js';
import { Rng } from './rng.js';
import { planSections } from './sections.js';
import { ServiceFactory, type ServiceRecordRow } from './services.js';
import * as tables from './tables.js';
import { planTags, type ResidentTagRow, TagAssigner } from './tags.js';
import { insertTaskList } from './task-list.js';
import { planTasks } from './tasks.js';

export { DEFAULT_AS_OF } from './dates.js';

export interface SeedOptions {
  /** Exact number of residents to create. */
  residents: number;
  /** Any integer; the same seed gives the same data. */
  seed: number;
  /** The "today" of the demo data (truncated to the UTC day); defaults to 2026-11-01. */
  asOf?: Date;
  /**
   * Called as work progresses; `done` and `total` count within `stage`: `reference` (0/1, 1/1),
   * `residents` (residents written so far, after every chunk of about 5,000), `hotline`, `done`.
   */
  onProgress?: (done: number, total: number, stage: string) => void;
}

/** Rows written, per table. */
export interface SeedSummary {
  districts: number;
  subdistricts: number;
  communities: number;
  sections: number;
  tags: number;
  tasks: number;
  households: number;
  residents: number;
  residentTags: number;
  serviceRecords: number;
  hotlineCases: number;
}

/** Residents buffered before a chunk of households, residents, tags and services is written. */
const CHUNK_RESIDENTS = 5_000;
const SEEDED_TABLES = [...tables.SERIAL_TABLES, 'resident_tag'] as const;

/** Key of the transaction-level advisory lock that serialises concurrent seeders. */
const SEED_LOCK_KEY = 0x0e7ab1e;

/** Thrown when a seeded table already has rows (for instance another replica seeded first). */
export class DatabaseNotEmptyError extends Error {
  constructor() {
    super('seedDatabase needs an empty database: some of the seeded tables already have rows');
    this.name = 'DatabaseNotEmptyError';
  }
}

/** True when the database has no district, i.e. nothing has been seeded or created yet. */
export async function isDatabaseEmpty(prisma: Pick<PrismaClient, 'district'>): Promise<boolean> {
  return (await prisma.district.findFirst({ select: { id: true } })) === null;
}

/** Splits `total` over `weights` in whole numbers (largest remainder). */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; counts.reduce((a, b) => a + b, 0) < total; k++) {
    const i = order[k % order.length]?.[1] ?? 0;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

export async function seedDatabase(
  prisma: PrismaClient,
  options: SeedOptions,
): Promise<SeedSummary> {
  const { residents, seed } = options;
  if (!Number.isInteger(residents) || residents < 0)
    throw new RangeError('residents must be a non-negative integer');
  if (!Number.isSafeInteger(seed)) throw new RangeError('seed must be an integer');
  const asOfDate = options.asOf ?? DEFAULT_AS_OF;
  if (Number.isNaN(asOfDate.getTime())) throw new RangeError('asOf is not a valid date');
  return prisma.$transaction(
    async (tx) => {
      const summary = await seedInTransaction(tx, { ...options, asOf: asOfDate });
      await installAccessDefaults(tx);
      return summary;
    },
    {
      maxWait: 60_000,
      timeout: 600_000 + residents * 20,
    },
  );
}

async function seedInTransaction(
  db: SqlExecutor,
  options: SeedOptions & { asOf: Date },
): Promise<SeedSummary> {
  // Two server replicas starting on one empty PostgreSQL database: the second waits here,
  // then finds the first one's rows and gives up with DatabaseNotEmptyError.
  await db.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
  const used = SEEDED_TABLES.map((t) => `EXISTS (SELECT 1 FROM "${t}")`).join(' OR ');
  const [row] = await db.$queryRawUnsafe<{ used: boolean }[]>(`SELECT (${used}) AS used`);
  if (row?.used !== false) throw new DatabaseNotEmptyError();
  const { residents: total, seed, onProgress } = options;
  const asOf: Day = dayOf(options.asOf);
  const stamp = formatTimestamp(asOf * DAY_MS);
  const rng = (stream: string) => new Rng(seed, stream);

  // Reference data: the area tree, sections, tags and the year's task list.
  onProgress?.(0, 1, 'reference');
  const district = { id: 1, ...DISTRICT };
  const subdistricts = SUBDISTRICTS.map((s, i) => ({
    id: i + 1,
    code: s.code,
    name: s.name,
    kind: s.kind,
    parentId: district.id,
  }));
  let nextCommunityId = 1;
  const communities = SUBDISTRICTS.flatMap((s, i) =>
    s.communities.map((c) => ({
      id: nextCommunityId++,
      code: c.code,
      name: c.name,
      kind: c.kind,
      parentId: i + 1,
      place: c,
    })),
  );
  const sections = planSections(
    district,
    subdistricts,
    communities.map((c) => ({ ...c, subdistrictId: c.parentId })),
  );
  const tags = planTags(sections.district);
  const tasks = planTasks(yearOfDay(asOf), sections.district);
  await insertRows(db, tables.districtTable, [district], stamp);
  await insertRows(db, tables.subdistrictTable, subdistricts, stamp);
  await insertRows(db, tables.communityTable, communities, stamp);
  await insertRows(db, tables.sectionTable, sections.rows, stamp);
  await insertRows(db, tables.tagTable, tags, stamp);
  await insertTaskList(db, tasks, stamp);
  onProgress?.(1, 1, 'reference');

  // People, tags and services, generated household by household and written in chunks.
  const people = new PeopleFactory(rng('people'), asOf);
  const tagger = new TagAssigner(rng('tags'), asOf, tags);
  const services = new ServiceFactory(rng('services'), asOf, {
    section: sections.district,
    taskId: tasks.idOf,
  });
  const addressRng = rng('addresses');
  const cadreRng = rng('cadres');
  const usedLanes = new Set<string>();
  const quotas = apportion(
    total,
    communities.map((c) => c.place.weight),
  );
  const counts = { households: 0, residents: 0, residentTags: 0, serviceRecords: 0 };
  let households: HouseholdRow[] = [];
  let members: ResidentRow[] = [];
  let residentTags: ResidentTagRow[] = [];
  let records: ServiceRecordRow[] = [];

  const flush = async () => {
    if (households.length > 0) {
      // One statement: household.head_id and resident.household_id point at each other, and
      // foreign keys are checked at the end of the statement.
      const h = insertStatement(tables.householdTable, households, stamp);
      const r = insertStatement(tables.residentTable, members, stamp, h.params.length);
      await db.$executeRawUnsafe(`WITH h AS (${h.sql}) ${r.sql}`, ...h.params, ...r.params);
    }
    await insertRows(db, tables.residentTagTable, residentTags, stamp);
    await insertRows(db, tables.serviceRecordTable, records, stamp);
    counts.households += households.length;
    counts.residents += members.length;
    counts.residentTags += residentTags.length;
    counts.serviceRecords += records.length;
    [households, members, residentTags, records] = [[], [], [], []];
    onProgress?.(counts.residents, total, 'residents');
  };

  onProgress?.(0, total, 'residents');
  for (const [index, community] of communities.entries()) {
    const village = community.kind === 'VILLAGE';
    const addresses = new AddressBook(community.place, addressRng, usedLanes);
    const committee = {
      communityId: community.id,
      sectionId: sections.committeeOf.get(community.id) ?? 0,
      cadres: cadreNames(cadreRng, 4),
    };
    for (let left = quotas[index] ?? 0; left > 0;) {
      const generated: GeneratedHousehold = people.household(
        community.id,
        addresses.next(),
        village,
        Math.min(6, left),
      );
      left -= generated.members.length;
      households.push(generated.household);
      members.push(...generated.members);
      const tagsOf = tagger.household(generated.members, committee.cadres, residentTags);
      services.household(generated.members, tagsOf, committee, records);
      if (members.length >= CHUNK_RESIDENTS) await flush();
    }
  }
  await flush();

  onProgress?.(0, 1, 'hotline');
  const areas = communities.map((c, i) => ({
    communityId: c.id,
    village: c.kind === 'VILLAGE',
    residents: quotas[i] ?? 0,
  }));
  const cases = generateHotlineCases(rng('hotline'), asOf, areas, tasks);
  await insertRows(db, tables.hotlineCaseTable, cases, stamp);
  onProgress?.(1, 1, 'hotline');

  await resetSequences(db, tables.SERIAL_TABLES);
  onProgress?.(1, 1, 'done');
  return {
    districts: 1,
    subdistricts: subdistricts.length,
    communities: communities.length,
    sections: sections.rows.length,
    tags: tags.length,
    tasks: tasks.rows.length,
    ...counts,
    hotlineCases: cases.length,
  };
}
