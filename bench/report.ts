/**
 * Report speed: a COMMUNITY × AGE_BAND report (COUNT, with totals) over a seeded database, for a
 * district section (whole district) and a street office, median of several runs. Ms per report.
 *
 *   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/scratch npx tsx bench/report.ts -- [--residents 1000000] [--runs 7]
 *
 * Seeds only when the database is empty (1,000,000 residents take about 80 s on PostgreSQL).
 */
import { parseArgs } from 'node:util';
import { Access } from '../src/access/access.js';
import { sectionRefSelect } from '../src/access/principal.js';
import { AuditTrail } from '../src/audit/trail.js';
import type { Context } from '../src/context.js';
import { openHub } from '../src/db/open.js';
import { inScope } from '../src/db/scope.js';
import { runReport } from '../src/modules/report/queries.js';
import { seedDatabase } from '../src/seed/index.js';

const { values } = parseArgs({
  options: { residents: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '7' } },
  allowPositionals: true,
});
const hub = await openHub(process.env.DATABASE_URL ? { kind: 'postgres', url: process.env.DATABASE_URL } : { kind: 'pglite', dataDir: 'memory://' });
if (!(await hub.prisma.district.findFirst())) {
  const started = Date.now();
  await seedDatabase(hub.prisma, { residents: Number(values.residents), seed: 1 });
  console.log(`seeded ${values.residents} residents in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
await hub.prisma.$executeRawUnsafe('ANALYZE');
const total = await hub.prisma.resident.count();

async function context(code: string): Promise<{ ctx: Context; scope: number[] | null }> {
  const section = await hub.prisma.section.findFirstOrThrow({ where: { code: { startsWith: code } }, select: sectionRefSelect, orderBy: { id: 'asc' } });
  const task = await hub.prisma.task.findFirstOrThrow({ orderBy: { id: 'asc' } });
  const principal = { kind: 'token' as const, name: 'bench', section };
  const access = new Access(hub.prisma, principal, task.code);
  const scope = await access.communityIds();
  return { ctx: { requestId: 'bench', principal, purpose: task.code, prisma: hub.prisma, unscoped: hub.prisma, access, audit: new AuditTrail() }, scope };
}

for (const code of ['population', 'street:']) {
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < Number(values.runs); i++) {
    const { ctx, scope } = await context(code);
    const started = performance.now();
    const report = await inScope(scope, () => runReport(ctx, { dataset: 'RESIDENTS', dimensions: ['COMMUNITY', 'AGE_BAND'], measures: ['COUNT'], totals: true }));
    times.push(performance.now() - started);
    rows = report.rows.length;
  }
  times.sort((a, b) => a - b);
  console.log(`${code.padEnd(11)} ${total} residents, ${rows} rows: median ${times[times.length >> 1]!.toFixed(0)} ms, best ${times[0]!.toFixed(0)} ms`);
}
await hub.close();
