import type { PrismaClient } from '../db/client.js';
import { linkAuditEvents, verifyAuditChain } from '../modules/audit/chain.js';
import { eventPositions, positionsBatch } from '../modules/audit/checkpoint.js';
import { type ApiKeyListing, createApiKey, listApiKeys, revokeApiKey } from '../auth/api-keys.js';
import { directoryCommands } from './commands-directory.js';
import { taskCommands } from './commands-tasks.js';

/**
 * Administrative commands the CLI runs, by name: in its own process when it may open the
 * database, or inside the running server through the admin channel when `serve` holds the
 * PGlite folder. Arguments arrive as JSON and are checked here; results are JSON values, so both
 * paths return exactly the same thing.
 */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type AdminArgs = Record<string, unknown>;
export type AdminCommand = (db: PrismaClient, args: AdminArgs) => Promise<Json>;

/** A thrown error whose message is meant for the operator (bad arguments, unknown names). */
export class AdminCommandError extends Error {
  override name = 'AdminCommandError';
}

function text(args: AdminArgs, name: string): string {
  const value = args[name];
  if (typeof value !== 'string' || value.trim() === '')
    throw new AdminCommandError(`${name}: a non-empty text is required`);
  return value;
}

function positiveId(args: AdminArgs, name: string): number {
  const value = typeof args[name] === 'string' ? Number(args[name]) : args[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new AdminCommandError(`${name}: a positive whole number is required`);
  }
  return value;
}

function keyJson(key: ApiKeyListing) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    sectionCode: key.sectionCode,
    createdBy: key.createdBy,
    createdAt: key.createdAt.toISOString(),
    revokedAt: key.revokedAt?.toISOString() ?? null,
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  };
}

const eventIdPattern = /^(0|[1-9]\d{0,18})$/;

/** `after` and `ids` of audit.positions: event ids as strings, ids ascending and above `after`. */
function positionArgs(args: AdminArgs): { after: string; ids: string[] } {
  const { after, ids } = args;
  if (typeof after !== 'string' || !eventIdPattern.test(after))
    throw new AdminCommandError('after: an event id is required');
  if (
    !Array.isArray(ids) ||
    ids.length > positionsBatch ||
    !ids.every((id): id is string => typeof id === 'string' && eventIdPattern.test(id))
  ) {
    throw new AdminCommandError(`ids: up to ${positionsBatch} event ids are required`);
  }
  let previous = BigInt(after);
  for (const id of ids) {
    if (BigInt(id) <= previous) throw new AdminCommandError('ids: ascending, each above after');
    previous = BigInt(id);
  }
  return { after, ids };
}

/** Library errors (unknown section, unknown key) carry operator-facing messages: keep them. */
async function operatorErrors<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof Error && error.constructor === Error)
      throw new AdminCommandError(error.message);
    throw error;
  }
}

const directory = directoryCommands(AdminCommandError);

export const adminCommands = {
  'section.get': async (db, args) =>
    db.section.findUnique({
      where: { code: text(args, 'code') },
      select: { id: true, code: true, name: true, level: true },
    }),

  'apikey.create': async (db, args) => {
    await directory['section.require'](db, { code: args.sectionCode });
    const input = {
      sectionCode: text(args, 'sectionCode'),
      name: text(args, 'name'),
      createdBy: text(args, 'createdBy'),
    };
    const created = await operatorErrors(createApiKey(db, input));
    return { ...created, sectionCode: input.sectionCode };
  },

  'apikey.list': async (db) => (await listApiKeys(db)).map(keyJson),

  'apikey.revoke': async (db, args) =>
    keyJson(await operatorErrors(revokeApiKey(db, positiveId(args, 'id')))),

  // Links what is waiting first, so the walk covers every event committed before it.
  'audit.verify': async (db) => {
    await linkAuditEvents(db);
    return verifyAuditChain(db);
  },

  'audit.positions': async (db, args) => {
    const { after, ids } = positionArgs(args);
    return { ...(await eventPositions(db, after, ids)) };
  },

  ...taskCommands(AdminCommandError),
  ...directory,
} satisfies Record<string, AdminCommand>;

export type AdminCommandName = keyof typeof adminCommands;
export type AdminResult<N extends AdminCommandName> = Awaited<
  ReturnType<(typeof adminCommands)[N]>
>;
/** The registry seen per name, which lets a generic name select its own result type. */
const typedCommands: {
  [N in AdminCommandName]: (db: PrismaClient, args: AdminArgs) => Promise<AdminResult<N>>;
} = adminCommands;

export function isAdminCommandName(name: string): name is AdminCommandName {
  return Object.hasOwn(adminCommands, name);
}

/** Runs a command on a Prisma client this process holds. */
export async function executeAdminCommand<N extends AdminCommandName>(
  db: PrismaClient,
  name: N,
  args: AdminArgs,
): Promise<AdminResult<N>> {
  const command: (db: PrismaClient, args: AdminArgs) => Promise<AdminResult<N>> =
    typedCommands[name];
  return command(db, args);
}
