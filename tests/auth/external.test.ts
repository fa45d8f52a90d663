import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate, loadAuthConfig } from '../../src/auth/authenticate.js';
import { loadExternalIdp } from '../../src/auth/external.js';
import type { Hub } from '../../src/db/open.js';
import { errorCode, openAuthHub } from '../support/hub.js';

const issuer = 'https://sso.example.gov.cn';
const audience = 'onetable';
const hubSecret = 'hub-secret-hub-secret-hub-secret-hub-0123';

describe('tokens of an external identity provider', () => {
  let hub: Hub;
  let jwks: Server;
  let jwksUrl: string;
  let jwksRequests = 0;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;

  const sign = (claims: JWTPayload, options: { iss?: string; aud?: string; exp?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(options.iss ?? issuer)
      .setAudience(options.aud ?? audience)
      .setSubject('u-1001')
      .setIssuedAt()
      .setExpirationTime(options.exp ?? '10m')
      .sign(keys.privateKey);

  beforeAll(async () => {
    hub = await openAuthHub();
    keys = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => {
      jwksRequests += 1;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(async () => {
    await hub.close();
    await new Promise((resolve) => jwks.close(resolve));
  });

  const env = (extra: Record<string, string> = {}) => ({
    ONETABLE_JWT_SECRET: hubSecret,
    ONETABLE_JWKS_URL: jwksUrl,
    ONETABLE_JWT_ISSUER: issuer,
    ONETABLE_JWT_AUDIENCE: audience,
    ...extra,
  });

  it('accepts a token signed with a key of the JWKS and maps its section claim', async () => {
    const config = await loadAuthConfig('/nonexistent', env());
    const token = await sign({ section: 'civil-affairs', name: '李科员' });
    const principal = await authenticate(`Bearer ${token}`, hub.prisma, config);
    expect(principal).toMatchObject({
      kind: 'external',
      name: '李科员',
      section: { code: 'civil-affairs' },
    });
    // Without a name claim the subject names the user; the JWKS is fetched once and cached.
    const bySubject = await authenticate(
      `Bearer ${await sign({ section: 'health' })}`,
      hub.prisma,
      config,
    );
    expect(bySubject).toMatchObject({
      kind: 'external',
      name: 'u-1001',
      section: { code: 'health' },
    });
    expect(jwksRequests).toBe(1);
  });

  it('reads the section from the configured claim', async () => {
    const config = await loadAuthConfig(
      '/nonexistent',
      env({ ONETABLE_JWT_SECTION_CLAIM: 'onetable_section' }),
    );
    const token = await sign({ onetable_section: 'health', section: 'civil-affairs' });
    expect(await authenticate(`Bearer ${token}`, hub.prisma, config)).toMatchObject({
      section: { code: 'health' },
    });
  });

  it('refuses a wrong issuer, a wrong audience, an expired token, no expiry, an unknown section and a foreign key', async () => {
    const config = await loadAuthConfig('/nonexistent', env());
    // Valid in every other respect, but without `exp`: it would never expire.
    const endless = await new SignJWT({ section: 'health' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('u-1001')
      .setIssuedAt()
      .sign(keys.privateKey);
    const stranger = await generateKeyPair('RS256');
    const foreign = await new SignJWT({ section: 'health' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setExpirationTime('10m')
      .sign(stranger.privateKey);
    const tokens = [
      await sign({ section: 'health' }, { iss: 'https://evil.example' }),
      await sign({ section: 'health' }, { aud: 'another-app' }),
      await sign({ section: 'health' }, { exp: '-5m' }),
      endless,
      await sign({ section: 'no-such-section' }),
      await sign({}),
      foreign,
    ];
    for (const token of tokens)
      expect(await errorCode(authenticate(`Bearer ${token}`, hub.prisma, config))).toBe(
        'UNAUTHENTICATED',
      );
  });

  it('refuses an HS256 token signed with the hub secret but shaped like an external one', async () => {
    const config = await loadAuthConfig('/nonexistent', env());
    const token = await new SignJWT({ section: 'health' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('x')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(hubSecret));
    expect(await errorCode(authenticate(`Bearer ${token}`, hub.prisma, config))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('accepts a PEM public key instead of a JWKS, and refuses symmetric or unknown algorithms', async () => {
    const pem = (await exportSPKI(keys.publicKey)).replace(/\n/g, '\\n');
    const config = await loadAuthConfig(
      '/nonexistent',
      env({ ONETABLE_JWKS_URL: '', ONETABLE_JWT_PUBLIC_KEY: pem }),
    );
    expect(config.external?.algorithms).toEqual(['RS256']);
    expect(
      await authenticate(`Bearer ${await sign({ section: 'health' })}`, hub.prisma, config),
    ).toMatchObject({ kind: 'external' });
    await expect(
      loadExternalIdp({ ONETABLE_JWKS_URL: jwksUrl, ONETABLE_JWT_ALG: 'HS256' }),
    ).rejects.toThrow('asymmetric');
    await expect(
      loadExternalIdp({ ONETABLE_JWKS_URL: jwksUrl, ONETABLE_JWT_ALG: 'none' }),
    ).rejects.toThrow('asymmetric');
    await expect(loadExternalIdp({ ONETABLE_JWT_PUBLIC_KEY: 'not a key' })).rejects.toThrow(
      'PEM SPKI',
    );
    await expect(
      loadExternalIdp({ ONETABLE_JWKS_URL: jwksUrl, ONETABLE_JWT_PUBLIC_KEY: pem }),
    ).rejects.toThrow('not both');
    expect(await loadExternalIdp({})).toBeNull();
  });

  it('answers UNAUTHENTICATED when the identity provider cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const config = await loadAuthConfig(
      '/nonexistent',
      env({ ONETABLE_JWKS_URL: `http://127.0.0.1:${port}/jwks` }),
    );
    expect(
      await errorCode(
        authenticate(`Bearer ${await sign({ section: 'health' })}`, hub.prisma, config),
      ),
    ).toBe('UNAUTHENTICATED');
  });
});
