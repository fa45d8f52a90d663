import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/hub.js';

/** A GET over plain node:http, so the body arrives as sent (fetch would decompress it). */
function get(url: string, acceptEncoding?: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
      request(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      })
        .on('error', reject)
        .end();
    },
  );
}

const built = (name: string) => readFile(new URL(`../../dist/web/${name}`, import.meta.url));

describe('the bundles, compressed over real HTTP', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub('pglite');
    base = t.url.replace(/\/graphql$/, '');
  });
  afterAll(() => t?.close());

  it('sends brotli or gzip as Accept-Encoding allows, the same bytes once decoded', async () => {
    for (const name of ['app.js', 'app.css', 'ide.js', 'workers/graphql.js']) {
      const raw = await built(name);
      const cases = [
        { accept: 'gzip, deflate, br, zstd', encoding: 'br', decode: brotliDecompressSync },
        { accept: 'gzip, deflate', encoding: 'gzip', decode: gunzipSync },
        { accept: 'br;q=0.5, gzip;q=1', encoding: 'gzip', decode: gunzipSync },
        { accept: '*', encoding: 'br', decode: brotliDecompressSync },
      ];
      for (const { accept, encoding, decode } of cases) {
        const res = await get(`${base}/web/${name}`, accept);
        expect(res.status, `${name} ${accept}`).toBe(200);
        expect(res.headers['content-encoding'], `${name} ${accept}`).toBe(encoding);
        expect(res.headers.vary).toBe('Accept-Encoding');
        expect(Number(res.headers['content-length'])).toBe(res.body.length);
        expect(res.body.length).toBeLessThan(raw.length / 2);
        expect(decode(res.body).equals(raw), `${name} ${accept}`).toBe(true);
      }
    }
  });

  it('sends the file as it is when no encoding is accepted (or every one is refused)', async () => {
    const raw = await built('app.js');
    for (const accept of [undefined, 'identity', 'br;q=0, gzip;q=0', 'deflate']) {
      const res = await get(`${base}/web/app.js`, accept);
      expect(res.headers['content-encoding'], String(accept)).toBeUndefined();
      expect(res.headers.vary).toBe('Accept-Encoding');
      expect(res.body.equals(raw)).toBe(true);
    }
  });

  it('does not serve the compressed copies by name, nor compress the pages', async () => {
    expect((await get(`${base}/web/app.js.br`, 'br')).status).toBe(404);
    expect((await get(`${base}/web/app.js.gz`, 'gzip')).status).toBe(404);
    const page = await get(`${base}/`, 'gzip, br');
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBeUndefined();
    expect(page.body.toString()).toContain('/web/app.js');
  });
});
