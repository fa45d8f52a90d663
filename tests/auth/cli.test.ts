import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exists, logMessages, migratedDataDir, statusWith } from '../support/cli-admin.js';
import { runCli, startServe, stop } from '../support/cli.js';

/**
 * `onetable token` and `onetable apikey` against a PGlite folder that `onetable serve` holds:
 * they must go through the running server (the folder lock refuses a second opener), and open
 * the folder themselves once the server is gone.
 */
describe('onetable token and apikey while serve runs', () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dataDir = await migratedDataDir();
    env = { ONETABLE_DATA_DIR: dataDir, ONETABLE_DEMO_RESIDENTS: '30' };
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('creates, lists and revokes keys and issues tokens through the server, then locally', async () => {
    const serve = await startServe(env);
    let keyId: string;
    let key: string;
    let stopped: number | null | undefined;
    try {
      expect(await exists(path.join(dataDir, 'onetable.server.json'))).toBe(true);

      const created = await runCli(
        ['apikey', 'create', '--section', 'health', '--name', '家医签约系统'],
        env,
      );
      expect(created.stderr).toContain('will not be shown again');
      expect(created.code).toBe(0);
      key = created.stdout.trim();
      expect(key).toMatch(/^ot_[A-Za-z0-9_-]{43}$/);
      keyId = /API key (\d+)/.exec(created.stderr)?.[1] ?? '';
      expect(await statusWith(serve.url, key)).toBe(200);

      const listed = await runCli(['apikey', 'list'], env);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toMatch(/^ID\s+NAME\s+PREFIX\s+SECTION/);
      expect(listed.stdout).toContain('家医签约系统');
      expect(listed.stdout).toContain(key.slice(0, 10));
      expect(listed.stdout).not.toContain(key);

      const token = await runCli(
        ['token', '--section', 'civil-affairs', '--user', '王科长', '--ttl', '1h'],
        env,
      );
      expect(token.code).toBe(0);
      expect(await statusWith(serve.url, token.stdout.trim())).toBe(200);

      const unknown = await runCli(['token', '--section', 'no-such-section'], env);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('unknown section "no-such-section"');

      const revoked = await runCli(['apikey', 'revoke', keyId], env);
      expect(revoked.code).toBe(0);
      expect(await statusWith(serve.url, key)).toBe(401);
    } finally {
      stopped = await stop(serve.child);
    }
    expect(stopped).toBe(0);
    // Every command ran inside the server: it logged each one that succeeded (the unknown section failed).
    expect(logMessages(serve.logs).filter((m) => m.startsWith('admin command'))).toEqual([
      'admin command apikey.create',
      'admin command apikey.list',
      'admin command section.require',
      'admin command apikey.revoke',
    ]);
    expect(await exists(path.join(dataDir, 'onetable.server.json'))).toBe(false);

    const local = await runCli(['apikey', 'list', '--json'], env);
    expect(local.code).toBe(0);
    const keys = JSON.parse(local.stdout) as Array<{
      id: number;
      revokedAt: string | null;
      lastUsedAt: string | null;
    }>;
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ id: Number(keyId) });
    expect(keys[0]?.revokedAt).not.toBeNull();
    expect(keys[0]?.lastUsedAt).not.toBeNull();
    // Eight CLI processes and a server with demo data: 40 s alone on a loaded 2-core machine.
  }, 150_000);
});
