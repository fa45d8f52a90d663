/**
 * PostGraphile v5 over the same database, for comparison: the Amber preset, the aggregates
 * plugin (@graphile/pg-aggregates) with two documented extensions (a `count` aggregate and an
 * `age-band` group-by derivative on date columns, so that scenario 3 is one groupedAggregates
 * query), served by grafserv on node:http. Run by the harness:
 *
 *   node --import ./bench/servers/polyfill.mjs --import ./bench/servers/probe.mjs --import tsx \
 *     bench/servers/postgraphile.ts   (env DATABASE_URL, PORT, BENCH_TODAY)
 */
import { createServer } from 'node:http';
import { PgAggregatesPreset } from '@graphile/pg-aggregates';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import type { SQL } from 'postgraphile/pg-sql2';
import { ageBandCutoffs } from '../scenarios/index.js';

const connectionString = process.env.DATABASE_URL;
if (!connectionString) throw new Error('DATABASE_URL is required');
const port = Number(process.env.PORT ?? 4100);
const cutoffs = ageBandCutoffs(process.env.BENCH_TODAY ?? new Date().toISOString().slice(0, 10));

declare global {
  namespace GraphileBuild {
    interface AggregateSpecIds {
      count: true;
    }
  }
}

/** count(column) as an aggregate (pg-aggregates ships distinctCount only), and the age band. */
const BenchAggregatesPlugin: GraphileConfig.Plugin = {
  name: 'BenchAggregatesPlugin',
  version: '0.0.0',
  after: ['PgAggregatesSpecsPlugin'],
  schema: {
    hooks: {
      build(partial) {
        // The "build" hook sees the build while plugins still extend it; pg-aggregates has added its specs by now.
        const build = partial as unknown as GraphileBuild.Build;
        const { sql, dataplanPg } = build;
        const TYPES = dataplanPg.TYPES;
        const [c18, c35, c60, c70, c80] = cutoffs.map((d) => sql.literal(d)) as [
          SQL,
          SQL,
          SQL,
          SQL,
          SQL,
        ];
        build.pgAggregateSpecs.push({
          id: 'count',
          humanLabel: 'count',
          HumanLabel: 'Count',
          isSuitableType: () => true,
          sqlAggregateWrap: (frag: SQL) => sql`count(${frag})`,
          pgTypeCodecModifier: () => TYPES.bigint,
        });
        build.pgAggregateGroupBySpecs.push({
          id: 'age-band',
          isSuitableType: (codec) => codec === TYPES.date,
          sqlWrap: (frag) =>
            sql`(case when ${frag} > ${c18}::date then '0-17' when ${frag} > ${c35}::date then '18-34' when ${frag} > ${c60}::date then '35-59' when ${frag} > ${c70}::date then '60-69' when ${frag} > ${c80}::date then '70-79' else '80+' end)`,
          sqlWrapCodec: () => TYPES.text,
        });
        return partial;
      },
    },
  },
};

const preset: GraphileConfig.Preset = {
  extends: [PostGraphileAmberPreset, PgAggregatesPreset],
  plugins: [BenchAggregatesPlugin],
  pgServices: [makePgService({ connectionString, schemas: ['public'], poolConfig: { max: 10 } })],
  grafserv: { port, host: '127.0.0.1', graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on('error', (error) => {
  console.error(error);
  process.exit(1);
});
serv.addTo(server).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => console.log(`postgraphile listening on ${port}`));
process.on('SIGTERM', () => void Promise.resolve(pgl.release()).finally(() => process.exit(0)));
