/**
 * Report speed: a COMMUNITY × AGE_BAND report (COUNT, with totals) over a seeded database, for a
 * district section holding age only at AGGREGATE (population: disclosure control on, counts
 * perturbed), one holding it FULL (health: exact), and a street office; against the same report
 * written by hand in SQL (no keys, no perturbation) under the same jurisdiction. Median of several
 * runs, ms per report.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/scratch npx tsx bench/report.ts -- [--residents 1000000] [--runs 7]
 *
 * Seeds only when the database is empty (1,000,000 residents take about 80 s on PostgreSQL).
 */
import { parseArgs } from 'node:util';
import { Access } from '../src/access/access.js';
import { sectionRefSelect } from '../src/access/principal.js';
import { AuditTrail } from '../src/modules/audit/trail.js';
import type { Context } from '../src/context.js';
import { openHub } from '../src/db/open.js';
import { inScope } from '../src/db/scope.js';
import { runReport } from '../src/modules/report/queries.js';
import { seedDatabase } from '../src/seed/index.js';

const { values } = parseArgs({
  options: {
    residents: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '7' },
  },
  allowPositionals: true,
});
const hub = await openHub(
  process.env.DATABASE_URL
    ? { kind: 'postgres', url: process.env.DATABASE_URL }
    : { kind: 'pglite', dataDir: 'memory://' },
);
if (!(await hub.prisma.district.findFirst())) {
  const started = Date.now();
  await seedDatabase(hub.prisma, { residents: Number(values.residents), seed: 1 });
  console.log(
    `seeded ${values.residents} residents in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}
await hub.prisma.$executeRawUnsafe('ANALYZE');
const total = await hub.prisma.resident.count();

async function context(code: string): Promise<{ ctx: Context; scope: number[] | null }> {
  const section = await hub.prisma.section.findFirstOrThrow({
    where: { code: { startsWith: code } },
    select: sectionRefSelect,
    orderBy: { id: 'asc' },
  });
  const task = await hub.prisma.task.findFirstOrThrow({ orderBy: { id: 'asc' } });
  const principal = { kind: 'token' as const, name: 'bench', section };
  const access = new Access(hub.prisma, principal, task.code);
  const scope = await access.communityIds();
  return {
    ctx: {
      requestId: 'bench',
      principal,
      purpose: task.code,
      prisma: hub.prisma,
      unscoped: hub.prisma,
      access,
      audit: new AuditTrail(),
    },
    scope,
  };
}

/** The report as one would write it by hand: no cell keys, no perturbation, no grants. */
const cutoffs = [18, 35, 60, 70, 80].map((age) =>
  new Date(
    Date.UTC(new Date().getUTCFullYear() - age, new Date().getUTCMonth(), new Date().getUTCDate()),
  )
    .toISOString()
    .slice(0, 10),
);
const rawSql = `SELECT community_id, band, count(*) FROM (SELECT community_id, CASE WHEN birth_date > $1::date THEN '0-17'
  WHEN birth_date > $2::date THEN '18-34' WHEN birth_date > $3::date THEN '35-59' WHEN birth_date > $4::date THEN '60-69'
  WHEN birth_date > $5::date THEN '70-79' ELSE '80+' END AS band FROM resident) r GROUP BY CUBE (community_id, band)`;

const median = (times: number[]) => [...times].sort((a, b) => a - b)[times.length >> 1]!;
const medians: Record<string, number> = {};
for (const code of ['population', 'health', 'street:']) {
  const times: number[] = [];
  const raw: number[] = [];
  let rows = 0;
  let perturbed = false;
  for (let i = 0; i < Number(values.runs); i++) {
    const { ctx, scope } = await context(code);
    let started = performance.now();
    const report = await inScope(scope, () =>
      runReport(ctx, {
        dataset: 'RESIDENTS',
        dimensions: ['COMMUNITY', 'AGE_BAND'],
        measures: ['COUNT'],
        totals: true,
      }),
    );
    times.push(performance.now() - started);
    rows = report.rows.length;
    perturbed = report.perturbed;
    started = performance.now();
    await inScope(scope, () => hub.prisma.$queryRawUnsafe(rawSql, ...cutoffs));
    raw.push(performance.now() - started);
  }
  medians[code] = median(times);
  console.log(
    `${code.padEnd(11)} ${total} residents, ${rows} rows${perturbed ? ', perturbed' : ', exact'}: median ${median(times).toFixed(0)} ms ` +
      `(best ${Math.min(...times).toFixed(0)}); hand-written SQL ${median(raw).toFixed(0)} ms; ratio ${(median(times) / median(raw)).toFixed(2)}`,
  );
}
await hub.close();
