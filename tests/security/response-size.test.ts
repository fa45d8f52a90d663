import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import type { RunningServer } from '../../src/server/app.js';
import { defaultLimits, limitsFromEnv } from '../../src/server/limits.js';
import { people } from '../support/scenario.js';
import { gql, startSecuredHub, type SecuredHub } from '../support/hub.js';

const limit = 800;
const names =
  '{ residents(first: 100) { edges { node { id name idNumber phone birthDate community { name } household { address } } } } }';

let t: SecuredHub;
let small: RunningServer;
let usual: RunningServer;
beforeAll(async () => {
  t = await startSecuredHub();
  small = await t.serve({ limits: { ...defaultLimits, maxResponseBytes: limit } });
  usual = await t.serve();
});
afterAll(() => t?.close());

describe('the response-size cap (ONETABLE_MAX_RESPONSE_BYTES)', () => {
  it('is 5 MB unless configured', () => {
    expect(limitsFromEnv({}).maxResponseBytes).toBe(5_000_000);
    expect(limitsFromEnv({ ONETABLE_MAX_RESPONSE_BYTES: '2048' }).maxResponseBytes).toBe(2048);
    expect(() => limitsFromEnv({ ONETABLE_MAX_RESPONSE_BYTES: '5MB' })).toThrow(
      /ONETABLE_MAX_RESPONSE_BYTES/,
    );
  });

  it('answers the same query in full under the default cap, larger than the small one', async () => {
    const answer = await gql(usual.url, names);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(Buffer.byteLength(answer.text)).toBeGreaterThan(limit);
    expect(answer.text).toContain(people.zhangWei.name);
  });

  it('withholds a larger answer: 400 RESPONSE_TOO_LARGE, no data, no personal value', async () => {
    const answer = await gql(small.url, names);
    expect(answer.status).toBe(400);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors?.[0]?.extensions).toEqual({
      code: ErrorCode.RESPONSE_TOO_LARGE,
      limit: 'responseBytes',
    });
    expect(answer.body.errors?.[0]?.message).toContain(String(limit));
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.headers.get('x-request-id')).toBeTruthy();
    for (const p of Object.values(people)) expect(answer.text).not.toContain(p.name);
  });

  it('still answers small queries on the same server', async () => {
    const answer = await gql<{ residents: { totalCount: number } }>(
      small.url,
      '{ residents(first: 1) { totalCount } }',
    );
    expect(answer.status).toBe(200);
    expect(answer.body.data?.residents.totalCount).toBe(Object.keys(people).length);
  });
});
