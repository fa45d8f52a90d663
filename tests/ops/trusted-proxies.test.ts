import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrustedProxies } from '../../src/server/client-address.js';
import { type RunningServer, startServer } from '../../src/server/app.js';
import { testDatabaseKinds } from '../support/databases.js';
import { insertScenario } from '../support/scenario.js';
import { jwtSecretText, startTestHub, type TestHub } from '../support/hub.js';

const limits = { authFailures: 3, requests: 0 };

/** Sends `{ __typename }` from 127.0.0.1 with the given X-Forwarded-For and credential; returns the status. */
async function status(url: string, forwardedFor: string, credential: string): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${credential}`,
      'x-forwarded-for': forwardedFor,
    },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('ONETABLE_TRUSTED_PROXIES entries', () => {
  it('takes addresses and CIDR ranges of both families, and refuses anything else by name', () => {
    const trusted = new TrustedProxies(['10.0.0.0/8', '127.0.0.1', 'fd00::/8']);
    expect(trusted.trusts('10.200.3.4')).toBe(true);
    expect(trusted.trusts('127.0.0.1')).toBe(true);
    expect(trusted.trusts('127.0.0.2')).toBe(false);
    expect(trusted.trusts('fd12::1')).toBe(true);
    expect(trusted.trusts('fe80::1')).toBe(false);
    expect(trusted.trusts('not-an-address')).toBe(false);
    for (const bad of ['10.0.0.0/33', 'localhost', '10.0.0.1/8/1', '::1/129'])
      expect(() => new TrustedProxies([bad])).toThrow(`"${bad}" is not an IP address or CIDR`);
  });
});

/** The failed-credential budget over real HTTP, counted per client address. */
describe.each(testDatabaseKinds())('client address behind proxies (%s)', (kind) => {
  let behindProxy: TestHub;
  let direct: RunningServer;
  let valid: string;
  beforeAll(async () => {
    behindProxy = await startTestHub(
      kind,
      (hub) => insertScenario(hub.prisma).then(() => {}),
      undefined,
      {
        rateLimits: limits,
        trustedProxies: ['127.0.0.1', '::1'],
      },
    );
    direct = await startServer(behindProxy.hub.prisma, {
      host: '127.0.0.1',
      port: 0,
      auth: { jwtSecret: new TextEncoder().encode(jwtSecretText) },
      rateLimits: limits,
      trustedProxies: [],
    });
    valid = await behindProxy.token({ section: 'street:310106001' });
  });
  afterAll(async () => {
    await direct?.close();
    await behindProxy?.close();
  });

  it('ignores X-Forwarded-For from an untrusted peer: forged addresses share the peer budget', async () => {
    for (let i = 1; i <= limits.authFailures; i++)
      expect(await status(direct.url, `198.51.100.${i}`, 'wrong')).toBe(401);
    // A fresh forged address does not buy a fresh budget, not even with a valid credential.
    expect(await status(direct.url, '198.51.100.99', 'wrong')).toBe(429);
    expect(await status(direct.url, '198.51.100.100', valid)).toBe(429);
  });

  it('believes a trusted peer: the rightmost untrusted hop is the client and is limited alone', async () => {
    const attacker = '203.0.113.7';
    for (let i = 0; i < limits.authFailures; i++)
      expect(await status(behindProxy.url, attacker, 'wrong')).toBe(401);
    expect(await status(behindProxy.url, attacker, valid)).toBe(429);
    // Prepending a forged hop does not help: the proxy appended the real one on the right.
    expect(await status(behindProxy.url, `192.0.2.1, ${attacker}`, valid)).toBe(429);
    // Everyone else behind the same load balancer keeps working.
    expect(await status(behindProxy.url, '203.0.113.8', valid)).toBe(200);
    expect(await status(behindProxy.url, `${attacker}, 203.0.113.9`, valid)).toBe(200);
    // Trusted hops are skipped: 127.0.0.1 in the chain is a proxy, not the client.
    expect(await status(behindProxy.url, `${attacker}, 127.0.0.1`, valid)).toBe(429);
  });
});
