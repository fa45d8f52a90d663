import type { Command } from 'commander';
import { verifyAuditChain, type ChainVerdict } from '../audit/chain.js';
import { databaseTarget, loadConfig } from '../config.js';
import { openHub } from '../db/open.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** The line `audit verify` prints for a verdict. */
export function describeVerdict(verdict: ChainVerdict): string {
  return verdict.ok
    ? `audit chain intact: ${verdict.events} events`
    : `audit chain broken at event ${verdict.brokenAt}: ${verdict.reason}`;
}

export function registerAuditCommands(program: Command) {
  const audit = program.command('audit').description('the append-only, hash-chained audit trail');
  audit
    .command('verify')
    .description('recompute every audit event hash and check every link; name the first broken one')
    .action(async () => {
      // TODO(admin channel): when `onetable serve` holds this PGlite folder, run the check through
      // the running server instead of opening the folder a second time (the folder lock refuses
      // that). Hook: if the admin channel answers for this data folder, ask it for the verdict
      // (it calls verifyAuditChain on its own client) and print it with describeVerdict below.
      const hub = await openHub(databaseTarget(loadConfig()), (line) => process.stderr.write(`${line}\n`));
      let verdict: ChainVerdict;
      try {
        verdict = await verifyAuditChain(hub.prisma);
      } finally {
        await hub.close();
      }
      say(describeVerdict(verdict));
      if (!verdict.ok) process.exitCode = 1;
    });
}
