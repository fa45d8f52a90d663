import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRoute, sendJson, sendRouteError } from '../../src/routes.js';
import {
  codeOf,
  gql,
  type GraphQLBody,
  type SecuredHub,
  startSecuredHub,
  tokenFor,
} from '../support/hub.js';

const query = '{ communities { totalCount } }';
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

// A module route, registered like a domain module's: its context() is rate limited too.
registerRoute({
  method: 'GET',
  pattern: /\/test\/whoami/,
  handle: async ({ res, context }) => {
    try {
      const ctx = await context();
      sendJson(res, 200, { section: ctx.principal.section.code });
    } catch (error) {
      sendRouteError(res, error);
    }
  },
});

let t: SecuredHub;
beforeAll(async () => {
  t = await startSecuredHub();
});
afterAll(() => t?.close());

const statusesOf = async (url: string, n: number, user: string) => {
  const answers = [];
  for (let i = 0; i < n; i++)
    answers.push(await gql(url, query, undefined, { user, purpose: null }));
  return answers;
};

describe('rate limits in memory (one process)', () => {
  it('gives each principal its own budget and answers RATE_LIMITED 429 with Retry-After', async () => {
    const server = await t.serve({
      rateLimits: { requests: 5, authFailures: 0, windowSeconds: 60, redisUrl: undefined },
    });
    const first = await statusesOf(server.url, 6, 'alice');
    expect(first.slice(0, 5).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    const refused = first[5]!;
    expect(refused.status).toBe(429);
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body.errors?.[0]?.extensions?.retryAfterSeconds).toBe(retryAfter);
    expect((await gql(server.url, query, undefined, { user: 'bob', purpose: null })).status).toBe(
      200,
    );
  });

  it('limits module routes through the same budget', async () => {
    const server = await t.serve({
      rateLimits: { requests: 2, authFailures: 0, windowSeconds: 60, redisUrl: undefined },
    });
    const url = server.url.replace(/\/graphql$/, '/test/whoami');
    const headers = { authorization: `Bearer ${await tokenFor('civil-affairs', 'carol')}` };
    expect((await fetch(url, { headers })).status).toBe(200);
    expect(
      (
        await gql(server.url, query, undefined, {
          section: 'civil-affairs',
          user: 'carol',
          purpose: null,
        })
      ).status,
    ).toBe(200);
    const refused = await fetch(url, { headers });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(codeOf((await refused.json()) as GraphQLBody<unknown>)).toBe('RATE_LIMITED');
  });

  it('refuses an address after too many failed authentications, even with valid credentials then', async () => {
    const server = await t.serve({
      rateLimits: { requests: 0, authFailures: 3, windowSeconds: 60, redisUrl: undefined },
    });
    const bad = { headers: { authorization: 'Bearer forged.token.here' } };
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await gql(server.url, query, undefined, bad));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 429]);
    expect(codeOf(answers[3]!)).toBe('RATE_LIMITED');
    const valid = await gql(server.url, query, undefined, { purpose: null });
    expect(valid.status).toBe(429);
  });
});

describe('rate limits in Redis (several replicas)', () => {
  it('lets two servers sharing one Redis see one budget per principal', async () => {
    const prefix = `onetable-test:${randomBytes(6).toString('hex')}:`;
    const config = { requests: 6, authFailures: 2, windowSeconds: 60, redisUrl, prefix };
    const a = await t.serve({ rateLimits: config });
    const b = await t.serve({ rateLimits: config });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await gql(a.url, query, undefined, { user: 'dave', purpose: null })).status);
      statuses.push((await gql(b.url, query, undefined, { user: 'dave', purpose: null })).status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(6);
    expect(statuses.slice(6)).toEqual([429, 429]);
    expect((await gql(b.url, query, undefined, { user: 'erin', purpose: null })).status).toBe(200);
    // Failed authentication counts across replicas as well.
    const bad = { headers: { authorization: 'Bearer forged' } };
    expect((await gql(a.url, query, undefined, bad)).status).toBe(401);
    expect((await gql(b.url, query, undefined, bad)).status).toBe(401);
    expect((await gql(a.url, query, undefined, bad)).status).toBe(429);
  });

  it('lets requests through when Redis does not answer (fail open)', async () => {
    const server = await t.serve({
      rateLimits: {
        requests: 1,
        authFailures: 1,
        windowSeconds: 60,
        redisUrl: 'redis://127.0.0.1:9',
        prefix: 'x:',
      },
    });
    const answers = await statusesOf(server.url, 3, 'frank');
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
  });
});
