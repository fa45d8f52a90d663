/**
 * Schema contract commands (run through npm scripts, see schema/README.md):
 *   print            write schema/schema.graphql from the code          (npm run schema)
 *   check            fail on a breaking change since the last release
 *                    that breaking-changes.json does not mark           (npm run schema:check)
 *   release VERSION  make the current schema the released one           (npm run schema:release -- 0.2.0)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { compareWithRelease, isPassing, paths, printContract, readAccepted } from './contract.js';

function sdlOnly(text: string): string {
  return text.replace(/^(#.*\n)+\n?/, '');
}

async function print() {
  const text = await printContract();
  const before = existsSync(paths.schema) ? readFileSync(paths.schema, 'utf8') : '';
  writeFileSync(paths.schema, text);
  console.log(
    before === text ? 'schema/schema.graphql is up to date' : 'wrote schema/schema.graphql',
  );
}

async function check(): Promise<boolean> {
  if (!existsSync(paths.released)) {
    console.error(
      'schema/released.graphql is missing: cut the first release with `npm run schema:release -- <version>`',
    );
    return false;
  }
  const current = sdlOnly(await printContract());
  const report = compareWithRelease(readFileSync(paths.released, 'utf8'), current, readAccepted());
  const list = (title: string, items: string[]) => {
    if (items.length > 0)
      console.log(`${title}:\n${items.map((item) => `  - ${item}`).join('\n')}`);
  };
  list(
    'Breaking changes NOT marked as intended (fix them, or add them to schema/breaking-changes.json)',
    report.unmarked,
  );
  list('Entries of schema/breaking-changes.json that match no change (remove them)', report.stale);
  list('Breaking changes marked as intended', report.accepted);
  list(
    'Dangerous changes (not breaking; check clients that switch on enums or defaults)',
    report.dangerous,
  );
  const passing = isPassing(report);
  console.log(
    passing
      ? 'schema contract: no unmarked breaking change since the last release'
      : 'schema contract: FAILED',
  );
  return passing;
}

async function release(version: string | undefined): Promise<boolean> {
  if (!version || !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) {
    console.error('usage: npm run schema:release -- <version, e.g. 0.2.0>');
    return false;
  }
  const current = await printContract();
  if (readFileSync(paths.schema, 'utf8') !== current) {
    console.error(
      'schema/schema.graphql is not the schema of the code: run `npm run schema` first',
    );
    return false;
  }
  // The first release has nothing to be compatible with.
  if (existsSync(paths.released) && !(await check())) return false;
  const header =
    `# OneTable GraphQL schema as released in version ${version}: the base of the breaking-change check.\n` +
    '# Written by `npm run schema:release`; do not edit. Workflow: schema/README.md\n\n';
  writeFileSync(paths.released, header + sdlOnly(current));
  writeFileSync(paths.accepted, '[]\n');
  console.log(
    `schema/released.graphql is now release ${version}; schema/breaking-changes.json is empty again`,
  );
  return true;
}

const [command, argument] = process.argv.slice(2);
const commands: Record<string, () => Promise<boolean | void>> = {
  print,
  check,
  release: () => release(argument),
};
const run = command ? commands[command] : undefined;
if (!run) {
  console.error('usage: main.ts print | check | release <version>');
  process.exit(2);
}
const ok = await run();
process.exit(ok === false ? 1 : 0);
