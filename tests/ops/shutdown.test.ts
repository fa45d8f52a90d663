import { once } from 'node:events';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createTestDatabase, testDatabaseKinds } from '../support/databases.js';
import { jwtSecretText } from '../support/hub.js';
import { tokenFor } from '../support/hub.js';
import { descendants, isRunning, printed, startNpm } from './npm-start.js';

/** SIGTERM to `npm start`: readiness 503 at once, new requests 503 + Retry-After, in-flight ones finish, exit 0. */
describe.each(testDatabaseKinds())('SIGTERM to npm start (%s)', (kind) => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  });

  it(
    'drains: the in-flight request finishes, new ones are refused, node exits 0 and frees the folder',
    { timeout: 180_000 },
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'onetable-drain-'));
      cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
      const env: Record<string, string> = {
        ONETABLE_DATA_DIR: dataDir,
        ONETABLE_DEMO_RESIDENTS: '20',
        ONETABLE_JWT_SECRET: jwtSecretText,
      };
      if (kind === 'postgres') {
        const database = await createTestDatabase('postgres');
        cleanup.push(() => database.drop());
        if (database.target.kind === 'postgres') env.DATABASE_URL = database.target.url;
      }
      const { child, url, lines } = await startNpm(env);
      const processes = descendants(child.pid!);
      cleanup.push(async () => processes.forEach((pid) => isRunning(pid) && process.kill(pid)));
      expect(processes.length).toBeGreaterThan(0);
      const base = url.replace(/\/graphql$/, '');
      expect((await fetch(`${base}/readyz`)).status).toBe(200);

      // An in-flight request: its headers are in, its body is not complete yet.
      const body = JSON.stringify({ query: '{ __typename }' });
      const inFlight = request(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${await tokenFor('street:310106001')}`,
        },
      });
      const answered = once(inFlight, 'response');
      inFlight.write(body.slice(0, 5));
      inFlight.flushHeaders();
      // Admitted once the server counts two requests in flight: it and the scrape asking.
      while (
        !/^onetable_http_requests_in_flight 2$/m.test(await (await fetch(`${base}/metrics`)).text())
      );

      const exited = once(child, 'close');
      child.kill('SIGTERM');
      await printed(lines, child, 'draining in-flight requests');
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      const refused = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(
        ((await refused.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]
          ?.extensions.code,
      ).toBe('SERVICE_UNAVAILABLE');

      inFlight.end(body.slice(5));
      const [response] = (await answered) as [import('node:http').IncomingMessage];
      let text = '';
      for await (const chunk of response) text += chunk;
      expect(response.statusCode).toBe(200);
      expect(JSON.parse(text)).toEqual({ data: { __typename: 'Query' } });

      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
      expect(lines.join('\n')).toContain('"stopped"');
      // No orphan: every process npm started has ended with it.
      expect(processes.filter(isRunning)).toEqual([]);
      if (kind === 'pglite') {
        await expect(access(path.join(dataDir, 'onetable.lock'))).rejects.toThrow();
        const reopened = await runCli(['migrate'], env);
        expect(reopened.stderr).not.toContain('in use by process');
        expect(reopened.code).toBe(0);
      }
    },
  );
});
