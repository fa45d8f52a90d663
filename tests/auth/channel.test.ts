import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminSecretHeader,
  handleAdminRequest,
  removeServerInfo,
  writeServerInfo,
} from '../../src/admin/channel.js';
import { runAdminCommand } from '../../src/admin/client.js';
import type { Hub } from '../../src/db/open.js';
import { openAuthHub } from '../support/hub.js';

/** The admin channel in this process: a server holding a real PGlite folder, the CLI client beside it. */
describe('the admin channel', () => {
  let dataDir: string;
  let hub: Hub;
  let http: Server;
  let base: string;
  let handled = 0;
  const env = () => ({ ONETABLE_DATA_DIR: dataDir, DATABASE_URL: '' });

  const listen = async (server: Server, host: string) => {
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    return `http://${host}:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'onetable-admin-'));
    hub = await openAuthHub(dataDir);
    http = createServer((req, res) => {
      handled += 1;
      void handleAdminRequest(req, res, hub.prisma, dataDir);
    });
    base = await listen(http, '127.0.0.1');
    await writeServerInfo(dataDir, `${base}/graphql`);
  });
  afterAll(async () => {
    await new Promise((resolve) => http.close(resolve));
    await hub.close().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
  });

  const post = (body: unknown, secret?: string) =>
    fetch(`${base}/admin/local`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secret === undefined ? {} : { [adminSecretHeader]: secret }),
      },
      body: JSON.stringify(body),
    });

  it('writes a 0600 secret and the server info', async () => {
    expect((await stat(path.join(dataDir, 'admin-secret'))).mode & 0o777).toBe(0o600);
    const info = JSON.parse(
      await readFile(path.join(dataDir, 'onetable.server.json'), 'utf8'),
    ) as unknown;
    expect(info).toEqual({ pid: process.pid, url: `${base}/graphql` });
  });

  it('runs CLI commands through the server that holds the folder', async () => {
    const before = handled;
    const created = await runAdminCommand(
      'apikey.create',
      { sectionCode: 'health', name: 'via-server', createdBy: 't' },
      { env: env() },
    );
    expect(created).toMatchObject({ sectionCode: 'health', id: expect.any(Number) });
    expect(await runAdminCommand('section.get', { code: 'health' }, { env: env() })).toMatchObject({
      code: 'health',
      level: 'DISTRICT',
    });
    expect(await runAdminCommand('section.get', { code: 'nope' }, { env: env() })).toBeNull();
    const list = await runAdminCommand('apikey.list', {}, { env: env() });
    expect(list.map((k) => k.name)).toContain('via-server');
    expect(JSON.stringify(list)).not.toContain(created.key);
    const revoked = await runAdminCommand('apikey.revoke', { id: created.id }, { env: env() });
    expect(revoked.revokedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(handled - before).toBe(5);
  });

  it('passes operator errors back as they are', async () => {
    await expect(
      runAdminCommand(
        'apikey.create',
        { sectionCode: 'nope', name: 'x', createdBy: 't' },
        { env: env() },
      ),
    ).rejects.toThrow('unknown section "nope"');
    await expect(runAdminCommand('apikey.revoke', { id: 424242 }, { env: env() })).rejects.toThrow(
      'no API key with id 424242',
    );
  });

  it('refuses a wrong or missing secret and unknown commands', async () => {
    const secret = (await readFile(path.join(dataDir, 'admin-secret'), 'utf8')).trim();
    expect((await post({ command: 'apikey.list' })).status).toBe(403);
    expect((await post({ command: 'apikey.list' }, `${secret}x`)).status).toBe(403);
    expect((await post({ command: 'apikey.list' }, '')).status).toBe(403);
    expect((await post({ command: 'constructor' }, secret)).status).toBe(404);
    expect((await post({ command: 'apikey.revoke', args: { id: 'abc' } }, secret)).status).toBe(
      400,
    );
    expect(
      (await fetch(`${base}/admin/local`, { headers: { [adminSecretHeader]: secret } })).status,
    ).toBe(405);
  });

  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === 'IPv4');
  it.skipIf(!external)(
    'refuses peers that are not on the loopback interface, even with the secret',
    async () => {
      const secret = (await readFile(path.join(dataDir, 'admin-secret'), 'utf8')).trim();
      const outside = createServer(
        (req, res) => void handleAdminRequest(req, res, hub.prisma, dataDir),
      );
      const url = await listen(outside, external!.address);
      try {
        const res = await fetch(`${url}/admin/local`, {
          method: 'POST',
          headers: { [adminSecretHeader]: secret },
          body: JSON.stringify({ command: 'apikey.list' }),
        });
        expect(res.status).toBe(403);
      } finally {
        await new Promise((resolve) => outside.close(resolve));
      }
    },
  );

  it('refuses to open a folder a live process holds without serving, and opens it once free', async () => {
    await removeServerInfo(dataDir);
    await expect(runAdminCommand('apikey.list', {}, { env: env() })).rejects.toThrow(
      'does not serve the admin channel',
    );
    await hub.close();
    const local = await runAdminCommand('apikey.list', {}, { env: env() });
    expect(local.map((k) => k.name)).toContain('via-server');
    // A lock left by a dead process does not count as a server.
    await writeFile(path.join(dataDir, 'onetable.lock'), '2147483646');
    expect(
      await runAdminCommand('section.get', { code: 'civil-affairs' }, { env: env() }),
    ).toMatchObject({ code: 'civil-affairs' });
  });
});
