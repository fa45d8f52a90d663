import { createHash, randomBytes } from 'node:crypto';
import type { PrismaClient } from '../db/client.js';
import { type Principal, sectionRefSelect } from '../access/principal.js';

/**
 * API keys of service clients. A key is `ot_` + 32 random bytes (base64url); only its SHA-256 is
 * stored, with a short prefix so listings can tell keys apart. The key itself is shown once.
 */
const keyPattern = /^ot_[A-Za-z0-9_-]{43}$/;
const prefixLength = 10;
/** lastUsedAt is written at most this often per key, not on every request. */
export const lastUsedResolutionMs = 60_000;

export interface CreatedApiKey {
  id: number;
  /** The secret: returned once, never stored. */
  key: string;
  prefix: string;
}

/** What a listing shows about a key: never the key or its hash. */
export interface ApiKeyListing {
  id: number;
  name: string;
  prefix: string;
  sectionCode: string;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

const listingSelect = {
  id: true,
  name: true,
  prefix: true,
  createdBy: true,
  createdAt: true,
  revokedAt: true,
  lastUsedAt: true,
  section: { select: { code: true } },
} as const;

type ListingRow = Omit<ApiKeyListing, 'sectionCode'> & { section: { code: string } };

function toListing({ section, ...row }: ListingRow): ApiKeyListing {
  return { ...row, sectionCode: section.code };
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith('ot_');
}

function checkText(field: string, value: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new Error(`${field} must not be empty`);
  if ([...trimmed].length > max) throw new Error(`${field} must be at most ${max} characters`);
  return trimmed;
}

export async function createApiKey(
  db: PrismaClient,
  input: { sectionCode: string; name: string; createdBy: string },
): Promise<CreatedApiKey> {
  const name = checkText('name', input.name, 64);
  const createdBy = checkText('createdBy', input.createdBy, 64);
  const section = await db.section.findUnique({
    where: { code: input.sectionCode },
    select: { id: true },
  });
  if (!section) throw new Error(`unknown section "${input.sectionCode}"`);
  const key = `ot_${randomBytes(32).toString('base64url')}`;
  const prefix = key.slice(0, prefixLength);
  const row = await db.apiKey.create({
    data: { name, prefix, hash: hashApiKey(key), sectionId: section.id, createdBy },
    select: { id: true },
  });
  return { id: row.id, key, prefix };
}

export async function listApiKeys(db: PrismaClient): Promise<ApiKeyListing[]> {
  const rows = await db.apiKey.findMany({ select: listingSelect, orderBy: { id: 'asc' } });
  return rows.map(toListing);
}

/** Revokes a key (idempotent: revoking a revoked key keeps its first revocation time). */
export async function revokeApiKey(db: PrismaClient, id: number): Promise<ApiKeyListing> {
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new Error(`API key id must be a positive whole number`);
  await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  const row = await db.apiKey.findUnique({ where: { id }, select: listingSelect });
  if (!row) throw new Error(`no API key with id ${id}`);
  return toListing(row);
}

/**
 * The principal of a valid, unrevoked key, or null. Reads the section on every call, so a
 * revocation or a removed section holds from the next request on, on every server process.
 */
export async function findApiKeyPrincipal(
  db: PrismaClient,
  key: string,
): Promise<Principal | null> {
  if (!keyPattern.test(key)) return null;
  const row = await db.apiKey.findUnique({
    where: { hash: hashApiKey(key) },
    select: {
      id: true,
      name: true,
      revokedAt: true,
      lastUsedAt: true,
      section: { select: sectionRefSelect },
    },
  });
  if (!row || row.revokedAt) return null;
  const now = Date.now();
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() >= lastUsedResolutionMs) {
    // Conditional, so concurrent requests (or replicas) write it once per interval at most.
    const stale = new Date(now - lastUsedResolutionMs);
    await db.apiKey.updateMany({
      where: {
        id: row.id,
        revokedAt: null,
        OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: stale } }],
      },
      data: { lastUsedAt: new Date(now) },
    });
  }
  return { kind: 'apiKey', name: row.name, section: row.section };
}
