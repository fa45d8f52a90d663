import type { Command } from 'commander';
import type { ChainVerdict } from '../modules/audit/chain.js';
import type { ReadCheckpoint } from '../modules/audit/checkpoint.js';
import { loadConfig } from '../config.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** The line `audit verify` prints for a verdict. */
export function describeVerdict(verdict: ChainVerdict): string {
  if (!verdict.ok) return `audit chain broken at event ${verdict.brokenAt}: ${verdict.reason}`;
  const waiting = verdict.unlinked
    ? ` (${verdict.unlinked} more committed since the walk began, not linked yet)`
    : '';
  return `audit chain intact: ${verdict.events} events${waiting}`;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerAuditCommands(program: Command) {
  const audit = program.command('audit').description('the append-only, hash-chained audit trail');
  audit
    .command('verify')
    .description('recompute every audit event hash and check every link; name the first broken one')
    .option(
      '--checkpoints <file>',
      'also check the signed checkpoints of this JSON-lines file (ONETABLE_AUDIT_CHECKPOINT_FILE); repeatable',
      collect,
    )
    .option(
      '--public-key <file>',
      'accept only checkpoints signed with this public key (a JWK or a JWKS file); repeatable',
      collect,
    )
    .action(async (options: { checkpoints?: string[]; publicKey?: string[] }) => {
      const { pinnedKeyIds, readCheckpointFile, checkCheckpoints, describeCheckpointVerdict } =
        await import('../modules/audit/checkpoint.js');
      const { openAdminSession } = await import('../admin/client.js');
      // Files first: a missing file or key is an error before any database work.
      let checkpoints: ReadCheckpoint[] | null = null;
      if (options.checkpoints) {
        const pinned = options.publicKey
          ? new Set((await Promise.all(options.publicKey.map(pinnedKeyIds))).flat())
          : null;
        checkpoints = [];
        for (const file of options.checkpoints) {
          checkpoints.push(
            ...(await readCheckpointFile(file, pinned).catch((error: NodeJS.ErrnoException) => {
              throw new Error(
                `cannot read the checkpoint file ${file}${error.code ? ` (${error.code})` : ''}`,
              );
            })),
          );
        }
      } else if (options.publicKey) {
        throw new Error('--public-key pins the key of --checkpoints: give the checkpoint file too');
      }
      // Through the running server when `onetable serve` holds the PGlite folder, else directly.
      const session = await openAdminSession('audit verify', {
        log: (line) => process.stderr.write(`${line}\n`),
      });
      try {
        const verdict = await session.run('audit.verify');
        say(describeVerdict(verdict));
        if (!verdict.ok) process.exitCode = 1;
        if (checkpoints) {
          const checked = await checkCheckpoints(checkpoints, (after, ids) =>
            session.run('audit.positions', { after, ids }),
          );
          say(describeCheckpointVerdict(checked));
          if (!checked.ok) process.exitCode = 1;
        }
      } finally {
        await session.close();
      }
    });
  audit
    .command('checkpoint-key')
    .description(
      'print the public key (JWK) that signs audit checkpoints, to pin with verify --public-key',
    )
    .action(async () => {
      const { loadCheckpointKey } = await import('../modules/audit/checkpoint.js');
      const key = await loadCheckpointKey(loadConfig().dataDir);
      say(JSON.stringify(key.publicJwk));
    });
}
