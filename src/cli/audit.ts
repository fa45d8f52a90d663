import type { Command } from 'commander';
import { runAdminCommand } from '../admin/client.js';
import type { ChainVerdict } from '../audit/chain.js';

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
      // Through the running server when `onetable serve` holds the PGlite folder, else directly.
      const verdict = await runAdminCommand('audit.verify', {}, { log: (line) => process.stderr.write(`${line}\n`) });
      say(describeVerdict(verdict));
      if (!verdict.ok) process.exitCode = 1;
    });
}
