import { userInfo } from 'node:os';
import { type Command, InvalidArgumentError } from 'commander';
import type { AdminResult } from '../admin/commands.js';
import { formatTtl, issueToken, parseTtl } from '../auth/tokens.js';
import { loadConfig } from '../config.js';
import { runAdmin as runAdminCommand } from './admin.js';
import { formatTable } from './table.js';

const say = (line: string) => process.stdout.write(`${line}\n`);
const note = (line: string) => process.stderr.write(`${line}\n`);

/** Who runs the CLI, recorded as the creator of an API key. */
function operatorName(): string {
  try {
    return userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}

function ttlSeconds(value: string): number {
  try {
    const seconds = parseTtl(value);
    if (seconds <= 0) throw new Error('ttl must be longer than 0s');
    return seconds;
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

/** Lifetime of a token when --ttl is not given (shorter when the configured maximum is). */
const defaultTtlSeconds = parseTtl('8h');

function keyId(value: string): number {
  if (!/^[1-9]\d{0,14}$/.test(value))
    throw new InvalidArgumentError('expected the numeric id that apikey list shows');
  return Number(value);
}

const minute = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')}Z` : '-');

export function formatKeyTable(keys: AdminResult<'apikey.list'>): string {
  if (keys.length === 0) return 'no API keys';
  return formatTable(
    ['ID', 'NAME', 'PREFIX', 'SECTION', 'CREATED', 'LAST USED', 'REVOKED'],
    keys.map((k) => [
      String(k.id),
      k.name,
      `${k.prefix}…`,
      k.sectionCode,
      minute(k.createdAt),
      minute(k.lastUsedAt),
      minute(k.revokedAt),
    ]),
  );
}

export function registerAuthCommands(program: Command) {
  program
    .command('token')
    .description('print a signed hub token (JWT) for a user of a section')
    .requiredOption(
      '--section <code>',
      'section code, e.g. civil-affairs or committee:310106001001',
    )
    .option('--user <name>', 'user name recorded in the audit trail', operatorName())
    .option(
      '--ttl <duration>',
      'lifetime: a number with s, m, h or d; default 8h, at most ONETABLE_TOKEN_MAX_TTL (12h)',
      ttlSeconds,
    )
    .action(async (options: { section: string; user: string; ttl?: number }) => {
      const config = loadConfig();
      const max = config.tokenMaxTtlSeconds;
      const ttl = options.ttl ?? Math.min(defaultTtlSeconds, max);
      if (ttl > max) {
        // The server refuses such a token (401): say so now instead of printing a useless one.
        throw new Error(
          `--ttl ${formatTtl(ttl)} is longer than the longest token lifetime, ${formatTtl(max)} (ONETABLE_TOKEN_MAX_TTL)`,
        );
      }
      const section = await runAdminCommand('section.require', { code: options.section });
      const { loadJwtSecret } = await import('../auth/secret.js');
      const secret = await loadJwtSecret(config.dataDir);
      say(await issueToken(secret, { section: section.code, user: options.user, ttlSeconds: ttl }));
    });

  const apikey = program
    .command('apikey')
    .description('API keys of service clients (only their hash is stored)');
  apikey
    .command('create')
    .description('create an API key for a section and print it once')
    .requiredOption('--section <code>', 'section the key acts for')
    .requiredOption('--name <name>', 'what uses the key, e.g. 家医签约系统')
    .action(async (options: { section: string; name: string }) => {
      const created = await runAdminCommand('apikey.create', {
        sectionCode: options.section,
        name: options.name,
        createdBy: operatorName(),
      });
      say(created.key);
      note(
        `API key ${created.id} (${created.prefix}…) for section ${created.sectionCode}: store it now, it will not be shown again.`,
      );
    });
  apikey
    .command('list')
    .description('list API keys (never the keys themselves)')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => {
      const keys = await runAdminCommand('apikey.list');
      say(options.json ? JSON.stringify(keys, null, 2) : formatKeyTable(keys));
    });
  apikey
    .command('revoke')
    .description('revoke an API key: requests with it are refused from now on')
    .argument('<id>', 'the id apikey list shows', keyId)
    .action(async (id: number) => {
      const key = await runAdminCommand('apikey.revoke', { id });
      say(`revoked API key ${key.id} (${key.name}, ${key.prefix}…) at ${key.revokedAt}`);
    });
}
