import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { authenticate, type AuthConfig } from '../../src/auth/authenticate.js';
import { hubIssuer, issueToken, verifyHubToken } from '../../src/auth/tokens.js';
import type { Hub } from '../../src/db/open.js';
import { errorCode, openAuthHub, testSecret } from '../support/hub.js';

const config: AuthConfig = { jwtSecret: testSecret };
const bearer = (token: string) => `Bearer ${token}`;

describe('hub tokens', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await openAuthHub();
  });
  afterAll(() => hub.close());

  it('issues a token that authenticates as a user of its section', async () => {
    const token = await issueToken(testSecret, {
      section: 'civil-affairs',
      user: '王科长',
      ttlSeconds: 600,
    });
    expect(await verifyHubToken(testSecret, token)).toEqual({
      section: 'civil-affairs',
      user: '王科长',
    });
    const principal = await authenticate(bearer(token), hub.prisma, config);
    expect(principal).toMatchObject({
      kind: 'token',
      name: '王科长',
      section: { code: 'civil-affairs', level: 'DISTRICT' },
    });
  });

  it('refuses an expired token', async () => {
    const token = await new SignJWT({ section: 'civil-affairs' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(hubIssuer)
      .setSubject('王科长')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(testSecret);
    expect(await errorCode(authenticate(bearer(token), hub.prisma, config))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('still refuses a token once it expires after it was verified and remembered', async () => {
    const token = await issueToken(testSecret, { section: 'health', user: 'b', ttlSeconds: 60 });
    const claims = { section: 'health', user: 'b' };
    expect(await verifyHubToken(testSecret, token)).toEqual(claims);
    expect(await verifyHubToken(testSecret, token)).toEqual(claims);
    // A shorter configured maximum lifetime holds for a remembered token too.
    expect(await verifyHubToken(testSecret, token, 30)).toBeNull();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 61_000);
      expect(await verifyHubToken(testSecret, token)).toBeNull();
      expect(await errorCode(authenticate(bearer(token), hub.prisma, config))).toBe(
        'UNAUTHENTICATED',
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const token = await issueToken(testSecret, { section: 'health', user: 'a', ttlSeconds: 600 });
    const [header, , signature] = token.split('.');
    const payload = Buffer.from(
      JSON.stringify({ section: 'civil-affairs', sub: 'a', iss: hubIssuer, exp: 4102444800 }),
    ).toString('base64url');
    expect(
      await errorCode(
        authenticate(bearer(`${header}.${payload}.${signature}`), hub.prisma, config),
      ),
    ).toBe('UNAUTHENTICATED');
  });

  it('refuses alg none, another secret, another issuer and an asymmetric algorithm', async () => {
    const claims = { section: 'civil-affairs' };
    const unsigned = new UnsecuredJWT(claims)
      .setIssuer(hubIssuer)
      .setSubject('x')
      .setExpirationTime('1h')
      .encode();
    const otherSecret = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(hubIssuer)
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-another-0'));
    const otherIssuer = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('elsewhere')
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(testSecret);
    const { privateKey } = await generateKeyPair('RS256');
    const rs256 = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(hubIssuer)
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(privateKey);
    for (const token of [unsigned, otherSecret, otherIssuer, rs256]) {
      expect(await errorCode(authenticate(bearer(token), hub.prisma, config))).toBe(
        'UNAUTHENTICATED',
      );
    }
  });

  it('refuses a valid token of a section that does not exist, and malformed headers, alike', async () => {
    const ghost = await issueToken(testSecret, {
      section: 'no-such-section',
      user: 'x',
      ttlSeconds: 600,
    });
    const good = await issueToken(testSecret, { section: 'health', user: 'x', ttlSeconds: 600 });
    const headers = [
      bearer(ghost),
      undefined,
      '',
      'Bearer',
      `Basic ${good}`,
      `Bearer ${good} extra`,
      `Bearer ${'a'.repeat(9000)}`,
    ];
    const messages = new Set<string>();
    for (const header of headers) {
      const error = await authenticate(header, hub.prisma, config).then(
        () => null,
        (e: Error & { extensions?: { code?: string } }) => e,
      );
      expect(error?.extensions?.code).toBe('UNAUTHENTICATED');
      messages.add(error?.message ?? '');
    }
    // One message for every failure: nothing tells which check failed.
    expect(messages.size).toBe(1);
  });
});
