import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiKey,
  findApiKeyPrincipal,
  hashApiKey,
  lastUsedResolutionMs,
  listApiKeys,
  revokeApiKey,
} from '../../src/auth/api-keys.js';
import { authenticate } from '../../src/auth/authenticate.js';
import type { Hub } from '../../src/db/open.js';
import { errorCode, openAuthHub, testSecret } from '../support/hub.js';

const config = { jwtSecret: testSecret };

describe('API keys', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await openAuthHub();
  });
  afterAll(() => hub.close());

  it('creates a key that authenticates until it is revoked', async () => {
    const created = await createApiKey(hub.prisma, {
      sectionCode: 'health',
      name: '家医签约系统',
      createdBy: 'ops',
    });
    expect(created.key).toMatch(/^ot_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const stored = await hub.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.hash).toBe(hashApiKey(created.key));
    expect(JSON.stringify(stored)).not.toContain(created.key);

    const principal = await authenticate(`Bearer ${created.key}`, hub.prisma, config);
    expect(principal).toMatchObject({
      kind: 'apiKey',
      name: '家医签约系统',
      section: { code: 'health' },
    });

    const revoked = await revokeApiKey(hub.prisma, created.id);
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await errorCode(authenticate(`Bearer ${created.key}`, hub.prisma, config))).toBe(
      'UNAUTHENTICATED',
    );
    // Idempotent: a second revocation keeps the first time.
    expect((await revokeApiKey(hub.prisma, created.id)).revokedAt).toEqual(revoked.revokedAt);
  });

  it('refuses unknown, malformed and altered keys', async () => {
    const { key } = await createApiKey(hub.prisma, {
      sectionCode: 'health',
      name: 'altered',
      createdBy: 'ops',
    });
    const altered = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    for (const candidate of [altered, 'ot_', `ot_${'x'.repeat(43)}`, `${key}x`]) {
      expect(await findApiKeyPrincipal(hub.prisma, candidate)).toBeNull();
      expect(await errorCode(authenticate(`Bearer ${candidate}`, hub.prisma, config))).toBe(
        'UNAUTHENTICATED',
      );
    }
  });

  it('rejects an unknown section, an empty name and an unknown id with clear messages', async () => {
    await expect(
      createApiKey(hub.prisma, { sectionCode: 'nope', name: 'x', createdBy: 'ops' }),
    ).rejects.toThrow('unknown section "nope"');
    await expect(
      createApiKey(hub.prisma, { sectionCode: 'health', name: '  ', createdBy: 'ops' }),
    ).rejects.toThrow('name must not be empty');
    await expect(revokeApiKey(hub.prisma, 999_999)).rejects.toThrow('no API key with id 999999');
  });

  it('lists keys with their section and without any secret', async () => {
    const { key, id } = await createApiKey(hub.prisma, {
      sectionCode: 'civil-affairs',
      name: 'listed',
      createdBy: 'ops',
    });
    const listing = await listApiKeys(hub.prisma);
    const entry = listing.find((k) => k.id === id);
    expect(entry).toMatchObject({
      name: 'listed',
      sectionCode: 'civil-affairs',
      createdBy: 'ops',
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(Object.keys(entry ?? {}).sort()).toEqual([
      'createdAt',
      'createdBy',
      'id',
      'lastUsedAt',
      'name',
      'prefix',
      'revokedAt',
      'sectionCode',
    ]);
    const text = JSON.stringify(listing);
    expect(text).not.toContain(key);
    expect(text).not.toContain(hashApiKey(key));
  });

  it('records lastUsedAt at most once a minute per key', async () => {
    const { key, id } = await createApiKey(hub.prisma, {
      sectionCode: 'health',
      name: 'busy',
      createdBy: 'ops',
    });
    const writes: string[] = [];
    const listener = (sql: string) => {
      if (/^UPDATE/i.test(sql.trim())) writes.push(sql);
    };
    hub.statements.add(listener);
    try {
      for (let i = 0; i < 20; i += 1)
        expect(await findApiKeyPrincipal(hub.prisma, key)).not.toBeNull();
    } finally {
      hub.statements.delete(listener);
    }
    expect(writes).toHaveLength(1);
    const first = (await hub.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt;
    expect(first).toBeInstanceOf(Date);

    // A minute later the next use writes again.
    const old = new Date(Date.now() - lastUsedResolutionMs - 1000);
    await hub.prisma.apiKey.update({ where: { id }, data: { lastUsedAt: old } });
    await findApiKeyPrincipal(hub.prisma, key);
    const second = (await hub.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt;
    expect(second!.getTime()).toBeGreaterThan(old.getTime() + 1000);
  });
});
