import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type DatabaseTarget, databaseTarget, loadConfig } from '../config.js';
import { lockOwner } from '../db/folder-lock.js';
import {
  adminPath,
  type AdminReply,
  adminSecretFile,
  adminSecretHeader,
  readServerInfo,
  type ServerInfo,
} from './channel.js';
import type { AdminArgs, AdminCommandName, AdminResult } from './commands.js';

/**
 * The CLI side of the admin channel. PGlite is single-process: when a live process holds the
 * data folder and serves the channel, the command runs inside that server; otherwise this
 * process opens the database itself (PostgreSQL always takes this path: it has many clients).
 */
export interface AdminClientOptions {
  env?: NodeJS.ProcessEnv;
  /** Hears how the command is run ("through the server at …" or "opening …"). */
  log?: (line: string) => void;
}

const requestTimeoutMs = 60_000;

/**
 * The server to send admin commands to for this target: null when nobody holds the folder.
 * Throws when a live process holds it without serving the channel (seeding, starting up).
 */
export async function findAdminServer(target: DatabaseTarget): Promise<ServerInfo | null> {
  if (target.kind !== 'pglite' || target.dataDir.startsWith('memory://')) return null;
  const owner = await lockOwner(target.dataDir);
  if (owner === null) return null;
  const info = await readServerInfo(target.dataDir);
  if (info?.pid === owner) return info;
  throw new Error(
    `the data folder ${target.dataDir} is in use by process ${owner}, which does not serve the admin channel ` +
      '(is it still starting, seeding or migrating?); try again once it serves, or stop it',
  );
}

/** Where the channel listens: the server's own address, with a wildcard host made loopback. */
export function adminUrl(serverUrl: string): URL {
  const url = new URL(adminPath, serverUrl);
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  if (url.hostname === '[::]') url.hostname = '[::1]';
  return url;
}

async function sendToServer(
  info: ServerInfo,
  dataDir: string,
  name: string,
  args: AdminArgs,
): Promise<unknown> {
  const secret = (await readFile(path.join(dataDir, adminSecretFile), 'utf8')).trim();
  const url = adminUrl(info.url);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [adminSecretHeader]: secret },
      body: JSON.stringify({ command: name, args }),
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
  } catch (error) {
    const reason =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error);
    throw new Error(
      `could not reach the server of process ${info.pid} at ${url.origin}: ${reason}`,
      { cause: error },
    );
  }
  const reply = (await res.json().catch(() => null)) as AdminReply | null;
  if (!reply)
    throw new Error(`the server at ${url.origin} answered HTTP ${res.status} without a JSON body`);
  if (!reply.ok) throw new Error(reply.error);
  return reply.result;
}

/** Several admin commands in a row, on one connection to the database (or to the server). */
export interface AdminSession {
  run<N extends AdminCommandName>(name: N, args?: AdminArgs): Promise<AdminResult<N>>;
  close(): Promise<void>;
}

/**
 * Opens the configured database (env: DATABASE_URL or ONETABLE_DATA_DIR) for admin commands, or
 * reaches the running server when one holds the PGlite folder. `label` names the work in the log.
 */
export async function openAdminSession(
  label: string,
  options: AdminClientOptions = {},
): Promise<AdminSession> {
  const target = databaseTarget(loadConfig(options.env ?? process.env));
  const log = options.log ?? (() => {});
  const server = await findAdminServer(target);
  if (server && target.kind === 'pglite') {
    log(
      `running ${label} through the server of process ${server.pid} (${adminUrl(server.url).origin})`,
    );
    return {
      // The server runs this same code: its JSON result has the type the command declares.
      run: async <N extends AdminCommandName>(name: N, args: AdminArgs = {}) =>
        (await sendToServer(server, target.dataDir, name, args)) as AdminResult<N>,
      close: async () => {},
    };
  }
  log(`running ${label} on ${target.kind === 'pglite' ? target.dataDir : 'PostgreSQL'}`);
  // Field policies are registered while the schema is built: load it before any command runs
  // here. The database code, the schema and the commands load only now: a command that goes
  // through the server (above) needs none of them, and loading them costs a CLI process seconds.
  await import('../schema.js');
  const [{ openHub }, { executeAdminCommand }] = await Promise.all([
    import('../db/open.js'),
    import('./commands.js'),
  ]);
  const hub = await openHub(target, undefined, { existing: true });
  return {
    // The same JSON round trip the channel makes, so both paths return identical values.
    run: async <N extends AdminCommandName>(name: N, args: AdminArgs = {}) =>
      JSON.parse(
        JSON.stringify(await executeAdminCommand(hub.prisma, name, args)),
      ) as AdminResult<N>,
    close: () => hub.close(),
  };
}

/**
 * Runs a named admin command against the configured database (env: DATABASE_URL or
 * ONETABLE_DATA_DIR), through the running server when one holds the PGlite folder.
 */
export async function runAdminCommand<N extends AdminCommandName>(
  name: N,
  args: AdminArgs = {},
  options: AdminClientOptions = {},
): Promise<AdminResult<N>> {
  const session = await openAdminSession(name, options);
  try {
    return await session.run(name, args);
  } finally {
    await session.close();
  }
}
