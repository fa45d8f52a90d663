import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAuthConfig } from '../../src/auth/authenticate.js';
import { hubIssuer } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { runCli } from '../support/cli.js';
import { jwtSecretText, startTestHub, type TestHub, codeOf } from '../support/hub.js';
import { insertScenario, sections } from '../support/scenario.js';

const secret = new TextEncoder().encode(jwtSecretText);
const now = () => Math.floor(Date.now() / 1000);
const hours = 3600;

/** A hub token signed with the servers' key, with exactly this iat and exp (left out when undefined). */
function token(claims: { iat?: number; exp?: number }): Promise<string> {
  const jwt = new SignJWT({ section: sections.street })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(hubIssuer)
    .setSubject('tester');
  if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
  if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
  return jwt.sign(secret);
}

/** POSTs a query without personal fields over HTTP; returns the status and the error, if any. */
async function ask(hub: TestHub, credential: string) {
  const res = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  const body = (await res.json()) as {
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
  };
  return {
    status: res.status,
    code: codeOf(body),
    message: body.errors?.[0]?.message,
  };
}

describe('lifetime of hub tokens, over HTTP', () => {
  let hub: TestHub;
  let short: TestHub;
  beforeAll(async () => {
    hub = await startTestHub('pglite', async (h) => void (await insertScenario(h.prisma)));
    // A server configured as `onetable serve` is, with ONETABLE_TOKEN_MAX_TTL=30m.
    const configured = await loadAuthConfig('/nonexistent', {
      ONETABLE_JWT_SECRET: jwtSecretText,
      ONETABLE_TOKEN_MAX_TTL: '30m',
    });
    expect(configured.maxTokenTtlSeconds).toBe(1800);
    short = await startTestHub(
      'pglite',
      async (h) => void (await insertScenario(h.prisma)),
      undefined,
      { auth: { maxTokenTtlSeconds: configured.maxTokenTtlSeconds } },
    );
  });
  afterAll(async () => {
    await hub?.close();
    await short?.close();
  });

  it('accepts a token of exactly the default maximum, 12h', async () => {
    const t = now();
    expect(await ask(hub, await token({ iat: t, exp: t + 12 * hours }))).toMatchObject({
      status: 200,
      code: undefined,
    });
  });

  it('refuses, like any invalid token, one without exp, without iat, longer than 12h, or issued in the future', async () => {
    const t = now();
    const refused = [
      await token({ iat: t }),
      await token({ exp: t + 600 }),
      await token({ iat: t, exp: t + 12 * hours + 1 }),
      // exp - iat is short, but the token would stay valid for a day: iat lies in the future.
      await token({ iat: t + 24 * hours, exp: t + 24 * hours + 600 }),
    ];
    const answers = await Promise.all(refused.map((credential) => ask(hub, credential)));
    const garbage = await ask(hub, 'not-a-token');
    for (const answer of answers)
      expect(answer).toEqual({ status: 401, code: 'UNAUTHENTICATED', message: garbage.message });
  });

  it('applies ONETABLE_TOKEN_MAX_TTL', async () => {
    const t = now();
    expect((await ask(short, await token({ iat: t, exp: t + 1800 }))).status).toBe(200);
    expect(await ask(short, await token({ iat: t, exp: t + 1801 }))).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    // The tokens the test harness issues (10 minutes) pass too.
    expect((await short.gql('{ __typename }')).status).toBe(200);
  });
});

describe('ONETABLE_TOKEN_MAX_TTL', () => {
  it('takes seconds or 30m/8h/7d, and refuses anything else with a clear message', () => {
    expect(loadConfig({}).tokenMaxTtlSeconds).toBe(12 * hours);
    expect(loadConfig({ ONETABLE_TOKEN_MAX_TTL: '3600' }).tokenMaxTtlSeconds).toBe(3600);
    expect(loadConfig({ ONETABLE_TOKEN_MAX_TTL: '7d' }).tokenMaxTtlSeconds).toBe(7 * 24 * hours);
    for (const bad of ['0', '-5', '8 hours', '1.5h', 'h']) {
      expect(() => loadConfig({ ONETABLE_TOKEN_MAX_TTL: bad })).toThrow(
        'ONETABLE_TOKEN_MAX_TTL must be a positive number of seconds or a duration',
      );
    }
  });
});

describe('onetable token --ttl', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'onetable-token-ttl-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('refuses a lifetime above the maximum before it opens the database', async () => {
    const env = { ONETABLE_DATA_DIR: dataDir };
    const [above, configured] = await Promise.all([
      runCli(['token', '--section', 'civil-affairs', '--ttl', '13h'], env),
      runCli(['token', '--section', 'civil-affairs', '--ttl', '2h'], {
        ...env,
        ONETABLE_TOKEN_MAX_TTL: '90m',
      }),
    ]);
    expect(above).toMatchObject({ code: 1, stdout: '' });
    expect(above.stderr).toBe(
      'onetable: --ttl 13h is longer than the longest token lifetime, 12h (ONETABLE_TOKEN_MAX_TTL)\n',
    );
    expect(configured).toMatchObject({ code: 1, stdout: '' });
    expect(configured.stderr).toContain(
      '--ttl 2h is longer than the longest token lifetime, 90m (ONETABLE_TOKEN_MAX_TTL)',
    );
    // Refused up front: no database, no secret was created.
    expect(await readdir(dataDir)).toEqual([]);
  }, 60_000);
});
