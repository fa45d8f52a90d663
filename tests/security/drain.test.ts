import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadJwtSecret } from '../../src/auth/secret.js';
import { issueToken } from '../../src/auth/tokens.js';
import { migratedDataDir } from '../support/cli-admin.js';
import { startServe } from '../support/cli.js';

describe('SIGTERM', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await migratedDataDir('onetable-drain-');
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it(
    'lets an in-flight request finish, then the process exits 0',
    { timeout: 180_000 },
    async () => {
      const { child, url } = await startServe({
        ONETABLE_DATA_DIR: dataDir,
        ONETABLE_DEMO_RESIDENTS: '50',
      });
      const exited = once(child, 'close');
      const token = await issueToken(await loadJwtSecret(dataDir), {
        section: 'civil-affairs',
        user: 'test',
        ttlSeconds: 60,
      });
      const body = JSON.stringify({ query: '{ communities { totalCount } }' });
      // A slow client: the headers and half the body now, the rest after SIGTERM.
      const req = request(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'content-length': Buffer.byteLength(body),
        },
      });
      const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
        req.on('response', (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on('error', reject);
      });
      req.write(body.slice(0, 10));
      await new Promise((r) => setTimeout(r, 300));
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      req.end(body.slice(10));
      const answer = await answered;
      expect(child.exitCode, 'still running while the request was in flight').toBeNull();
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text).data.communities.totalCount).toBeGreaterThan(0);
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
    },
  );
});
