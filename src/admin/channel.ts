import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { PrismaClient } from '../db/client.js';
import { logger } from '../logger.js';

/**
 * The commands load when the server first answers one: the CLI imports this file for the
 * channel's names only, and the commands bring the task-list reader (ExcelJS) and the rest.
 */
let commands: Promise<typeof import('./commands.js')> | undefined;
const loadCommands = () => (commands ??= import('./commands.js'));

/**
 * The admin channel: while `onetable serve` holds a PGlite folder, CLI commands on that folder
 * run inside the server instead of opening the folder a second time. Only loopback peers that
 * present the secret the server wrote into the data folder (mode 0600) are let in: whoever can
 * read the data folder could read the database anyway, nobody else can use the channel.
 */
export const adminPath = '/admin/local';
export const adminSecretHeader = 'x-onetable-admin-secret';
export const adminSecretFile = 'admin-secret';
export const serverInfoFile = 'onetable.server.json';
const maxBodyBytes = 64 * 1024;

export interface ServerInfo {
  pid: number;
  url: string;
}

/** The reply the channel sends: a command's result, or an operator-facing error. */
export type AdminReply = { ok: true; result: unknown } | { ok: false; error: string };

/**
 * Writes a fresh admin secret (0600) and `onetable.server.json` {pid, url} into the data folder.
 * Call it once the server listens; the file is replaced atomically so readers never see half of it.
 */
export async function writeServerInfo(dataDir: string, url: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const secretPath = path.join(dataDir, adminSecretFile);
  await rm(secretPath, { force: true });
  await writeFile(secretPath, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  const info: ServerInfo = { pid: process.pid, url };
  const temporary = path.join(dataDir, `${serverInfoFile}.${process.pid}.tmp`);
  await writeFile(temporary, JSON.stringify(info), { mode: 0o600 });
  await rename(temporary, path.join(dataDir, serverInfoFile));
}

/** Removes what writeServerInfo wrote, unless another process has since written its own. */
export async function removeServerInfo(dataDir: string): Promise<void> {
  const info = await readServerInfo(dataDir);
  if (info && info.pid !== process.pid) return;
  await rm(path.join(dataDir, serverInfoFile), { force: true });
  await rm(path.join(dataDir, adminSecretFile), { force: true });
}

export async function readServerInfo(dataDir: string): Promise<ServerInfo | null> {
  const text = await readFile(path.join(dataDir, serverInfoFile), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<ServerInfo>;
    return typeof value.pid === 'number' && typeof value.url === 'string'
      ? { pid: value.pid, url: value.url }
      : null;
  } catch {
    return null;
  }
}

function isLoopback(address: string | undefined): boolean {
  return !!address && (address === '::1' || /^(::ffff:)?127\./.test(address));
}

/** Compares in constant time, whatever the lengths (both sides are hashed first). */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected)) && expected.length > 0;
}

function reply(res: ServerResponse, status: number, body: AdminReply) {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes)
      throw new (await loadCommands()).AdminCommandError('request body too large');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new (await loadCommands()).AdminCommandError('request body must be JSON');
  }
}

/**
 * Serves `POST /admin/local` with a body {command, args}: runs the named admin command on the
 * server's own Prisma client and answers {ok, result} or {ok: false, error}.
 */
export async function handleAdminRequest(
  req: IncomingMessage,
  res: ServerResponse,
  db: PrismaClient,
  dataDir: string,
): Promise<void> {
  if (!isLoopback(req.socket.remoteAddress))
    return reply(res, 403, { ok: false, error: 'the admin channel answers loopback peers only' });
  if (req.method !== 'POST') return reply(res, 405, { ok: false, error: 'use POST' });
  const expected = (
    await readFile(path.join(dataDir, adminSecretFile), 'utf8').catch(() => '')
  ).trim();
  const presented = req.headers[adminSecretHeader];
  if (typeof presented !== 'string' || !sameSecret(presented, expected)) {
    req.resume();
    return reply(res, 403, { ok: false, error: 'wrong or missing admin secret' });
  }
  const { AdminCommandError, executeAdminCommand, isAdminCommandName } = await loadCommands();
  let command = 'unknown';
  try {
    const body = await readJson(req);
    const request = (typeof body === 'object' && body !== null ? body : {}) as {
      command?: unknown;
      args?: unknown;
    };
    if (typeof request.command !== 'string' || !isAdminCommandName(request.command)) {
      return reply(res, 404, {
        ok: false,
        error: `unknown admin command "${String(request.command)}"`,
      });
    }
    command = request.command;
    const args =
      typeof request.args === 'object' && request.args !== null
        ? (request.args as Record<string, unknown>)
        : {};
    const result = await executeAdminCommand(db, request.command, args);
    logger.info({ command }, 'admin command');
    return reply(res, 200, { ok: true, result });
  } catch (error) {
    if (error instanceof AdminCommandError)
      return reply(res, 400, { ok: false, error: error.message });
    logger.error(
      { command, err: error instanceof Error ? error.name : 'unknown' },
      'admin command failed',
    );
    const detail = error instanceof Error ? `: ${error.message}` : '';
    return reply(res, 500, { ok: false, error: `admin command ${command} failed${detail}` });
  }
}
