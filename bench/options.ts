import { parseArgs } from 'node:util';
import { datasets, type Dataset } from './database.js';
import { type Scenario, scenarios } from './scenarios/index.js';
import { type SystemSpec, systemById, systems } from './systems.js';

export interface BenchOptions {
  quick: boolean;
  reseed: boolean;
  build: boolean;
  datasets: Dataset[];
  systems: SystemSpec[];
  scenarios: Scenario[];
  connections: number[];
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  out: string | undefined;
  /** System ids to run under `node --cpu-prof` (profiles go to <tmpdir>/onetable-bench-profiles/). */
  profile: string[];
}

export const usage = `npm run bench -- [--quick] [--reseed] [--no-build] [--sizes 100k,1m] [--systems ${systems.map((s) => s.id).join(',')}]
  [--scenarios ${scenarios.join(',')}] [--connections 1,8,32] [--rounds 3] [--seconds 4] [--warmup 3] [--out bench/results/<date>.md]
  [--profile onetable,onetable-noperm]   run those servers under node --cpu-prof; summarise with npx tsx bench/profile-summary.ts <file>`;

const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      reseed: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      sizes: { type: 'string' },
      systems: { type: 'string' },
      scenarios: { type: 'string' },
      connections: { type: 'string' },
      rounds: { type: 'string' },
      seconds: { type: 'string' },
      warmup: { type: 'string' },
      out: { type: 'string' },
      profile: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const quick = values.quick ?? false;
  const sizes = list(values.sizes ?? (quick ? '100k' : '100k,1m'));
  const positive = (name: string, raw: string | undefined, fallback: number) => {
    const n = Number(raw ?? fallback);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
    return n;
  };
  const chosen = list(values.scenarios ?? scenarios.join(','));
  for (const s of chosen)
    if (!scenarios.includes(s as Scenario)) throw new Error(`unknown scenario ${s}`);
  return {
    quick,
    reseed: values.reseed ?? false,
    build: !values['no-build'],
    datasets: sizes.map((s) => {
      const d = datasets[s.toLowerCase()];
      if (!d) throw new Error(`unknown size ${s}; known: ${Object.keys(datasets).join(', ')}`);
      return d;
    }),
    systems: values.systems ? list(values.systems).map(systemById) : systems,
    scenarios: chosen as Scenario[],
    connections: list(values.connections ?? (quick ? '1,8' : '1,8,32')).map((c) =>
      positive('connections', c, 1),
    ),
    rounds: positive('rounds', values.rounds, quick ? 2 : 3),
    seconds: positive('seconds', values.seconds, quick ? 2 : 4),
    warmupSeconds: positive('warmup', values.warmup, quick ? 1 : 3),
    out: values.out,
    profile: list(values.profile ?? ''),
  };
}
