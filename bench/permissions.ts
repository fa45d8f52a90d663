/**
 * Permission overhead on a 50-resident page: the same query, the same data and the same request
 * context, executed against the schema with and without the permission layer (shield rules,
 * masking, grant loading), alternating so that machine drift hits both. Prints ms per request.
 *
 *   npm run bench -- [--residents 5000] [--rounds 20] [--per-round 25]
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { Access } from '../src/access/access.js';
import { decideFields } from '../src/access/field-guard.js';
import { personalFieldsIn } from '../src/access/purpose.js';
import { withPermissions } from '../src/access/middleware.js';
import { sectionRefSelect } from '../src/access/principal.js';
import { AuditTrail } from '../src/modules/audit/trail.js';
import type { Context } from '../src/context.js';
import { openHub } from '../src/db/open.js';
import { schema } from '../src/schema.js';
import { seedDatabase } from '../src/seed/index.js';

// graphql as the server loads it (the root package's copy): bench/node_modules holds another one,
// PostGraphile's, and a schema built by one copy cannot be executed by the other.
const { execute, parse } = createRequire(new URL('../package.json', import.meta.url))(
  'graphql',
) as typeof import('graphql');

const { values } = parseArgs({
  options: {
    residents: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '20' },
    'per-round': { type: 'string', default: '25' },
  },
});
const document = parse(`{ residents(first: 50) { totalCount edges { node {
  name idNumber phone birthDate age gender status
  household { address members { name } } community { name } tags { code }
} } } }`);

const hub = await openHub(
  process.env.DATABASE_URL
    ? { kind: 'postgres', url: process.env.DATABASE_URL }
    : { kind: 'pglite', dataDir: 'memory://' },
);
if (!(await hub.prisma.district.findFirst()))
  await seedDatabase(hub.prisma, { residents: Number(values.residents), seed: 1 });
const section = await hub.prisma.section.findUniqueOrThrow({
  where: { code: 'civil-affairs' },
  select: sectionRefSelect,
});
const task = await hub.prisma.task.findFirstOrThrow({ where: { sectionId: section.id } });
const permitted = withPermissions(schema);

async function context(): Promise<Context> {
  const principal = { kind: 'token' as const, name: 'bench', section };
  const access = new Access(hub.prisma, principal, task.code);
  // civil-affairs is a district department: the whole district, the scope outside any request.
  return {
    requestId: 'bench',
    principal,
    purpose: task.code,
    prisma: hub.prisma,
    unscoped: hub.prisma,
    access,
    audit: new AuditTrail(),
  };
}

const personal = personalFieldsIn(schema, document);

async function run(target: typeof schema, n: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const contextValue = await context();
    // What the server's purpose plugin does before execution when permissions are on.
    if (target === permitted) await decideFields(contextValue, personal);
    const result = await execute({ schema: target, document, contextValue });
    if (result.errors?.some((e) => e.extensions?.code !== 'FORBIDDEN')) throw result.errors[0];
  }
  return performance.now() - started;
}

const perRound = Number(values['per-round']);
await run(permitted, perRound);
await run(schema, perRound);
const totals = { with: 0, without: 0 };
for (let round = 0; round < Number(values.rounds); round++) {
  totals.with += await run(permitted, perRound);
  totals.without += await run(schema, perRound);
}
const n = Number(values.rounds) * perRound;
const withMs = totals.with / n;
const withoutMs = totals.without / n;
console.log(`50-resident page, ${n} requests each, ${hub.db.target.kind}:`);
console.log(`  with permissions:    ${withMs.toFixed(2)} ms/request`);
console.log(`  without permissions: ${withoutMs.toFixed(2)} ms/request`);
console.log(`  overhead: ${(((withMs - withoutMs) / withoutMs) * 100).toFixed(1)}%`);
await hub.close();
