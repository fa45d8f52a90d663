import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { idNumberOf, insertScenario, tasks } from '../support/scenario.js';
import { attest, useTestKeys } from './support.js';

const verify = `query($r: String!, $id: String) { verifyAttestation(reference: $r, idNumber: $id) {
  status valid subjectMatches attestation { reference answer claim kid } } }`;
interface Verified {
  verifyAttestation: {
    status: string;
    valid: boolean;
    subjectMatches: boolean | null;
    attestation: { reference: string; answer: string; claim: string; kid: string } | null;
  };
}

/** Receipts: signed, published key, verification online and offline, tampering and expiry. */
describe.each(testDatabaseKinds())('attestation receipts (%s)', (kind) => {
  let t: TestHub;
  let jwks: ReturnType<typeof createRemoteJWKSet>;
  beforeAll(async () => {
    await useTestKeys();
    t = await startTestHub(kind, async (hub) => void (await insertScenario(hub.prisma)));
    jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', t.url));
  });
  afterAll(() => t?.close());

  it('issues a signed receipt that verifies online and offline with the published key', async () => {
    const res = await attest(t, { claim: 'LIVES_ALONE', idNumber: idNumberOf('wangXiuying') });
    expect(res.errors).toBeUndefined();
    const receipt = res.data!.attest;
    expect(receipt).toMatchObject({
      claim: 'LIVES_ALONE',
      answer: 'TRUE',
      purpose: tasks.population,
      section: { code: 'street:310106001' },
    });
    expect(receipt.reference).toMatch(/^AT\d{8}-[0-9A-Z]{12}$/);
    expect(Date.parse(receipt.expiresAt)).toBeGreaterThan(Date.parse(receipt.issuedAt));

    const published = (await (await fetch(new URL('/.well-known/jwks.json', t.url))).json()) as {
      keys: Array<{ kid: string; d?: string }>;
    };
    expect(published.keys.map((k) => k.kid)).toContain(receipt.kid);
    expect(published.keys.every((k) => k.d === undefined)).toBe(true);

    const { payload, protectedHeader } = await jwtVerify(receipt.jws, jwks, { issuer: 'onetable' });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: receipt.kid });
    expect(payload).toMatchObject({
      jti: receipt.reference,
      att: { claim: 'LIVES_ALONE', answer: 'TRUE', purpose: tasks.population },
    });
    expect(JSON.stringify(payload)).not.toContain(idNumberOf('wangXiuying'));

    const online = await t.gql<Verified>(
      verify,
      { r: receipt.reference, id: idNumberOf('wangXiuying') },
      { section: 'health' },
    );
    expect(online.data!.verifyAttestation).toMatchObject({
      status: 'VALID',
      valid: true,
      subjectMatches: true,
      attestation: { answer: 'TRUE' },
    });
    const other = await t.gql<Verified>(
      verify,
      { r: receipt.reference, id: idNumberOf('zhangWei') },
      { section: 'health' },
    );
    expect(other.data!.verifyAttestation.subjectMatches).toBe(false);
    const unknown = await t.gql<Verified>(
      verify,
      { r: 'AT20260101-XXXXXXXXXXXX' },
      { section: 'health' },
    );
    expect(unknown.data!.verifyAttestation).toEqual({
      status: 'NOT_FOUND',
      valid: false,
      subjectMatches: null,
      attestation: null,
    });
  });

  it('never stores the ID number, only its keyed digest', async () => {
    await attest(t, { claim: 'ALIVE', idNumber: idNumberOf('zhangWei') });
    const rows = await t.hub.prisma.attestation.findMany();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.subjectDigest).toMatch(/^[0-9a-f]{64}$/);
    const text = JSON.stringify(rows);
    for (const person of ['zhangWei', 'wangXiuying'] as const)
      expect(text).not.toContain(idNumberOf(person));
  });

  it('detects a tampered receipt, offline and online', async () => {
    const receipt = (await attest(t, { claim: 'ALIVE', idNumber: idNumberOf('liFang') })).data!
      .attest;
    const [header, payload, signature] = receipt.jws.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    claims.att.answer = 'FALSE';
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    await expect(jwtVerify(forged, jwks, { issuer: 'onetable' })).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
    await t.hub.prisma.attestation.update({
      where: { reference: receipt.reference },
      data: { jws: forged },
    });
    const online = await t.gql<Verified>(verify, { r: receipt.reference }, { section: 'health' });
    expect(online.data!.verifyAttestation).toMatchObject({ status: 'BAD_SIGNATURE', valid: false });
    expect(decodeProtectedHeader(forged).kid).toBe(receipt.kid);
  });

  it('reports an expired receipt as EXPIRED, and offline verification refuses it', async () => {
    process.env.ONETABLE_ATTESTATION_TTL_DAYS = String(1 / 86_400); // one second
    try {
      const receipt = (await attest(t, { claim: 'ALIVE', idNumber: idNumberOf('zhangWei') })).data!
        .attest;
      await new Promise((resolve) => setTimeout(resolve, 2100));
      await expect(jwtVerify(receipt.jws, jwks, { issuer: 'onetable' })).rejects.toMatchObject({
        code: 'ERR_JWT_EXPIRED',
      });
      const online = await t.gql<Verified>(verify, { r: receipt.reference }, { section: 'health' });
      expect(online.data!.verifyAttestation).toMatchObject({ status: 'EXPIRED', valid: false });
    } finally {
      delete process.env.ONETABLE_ATTESTATION_TTL_DAYS;
    }
  });

  it('keeps older keys published: a receipt signed before a key change still verifies', async () => {
    await t.hub.prisma.signingKey.create({
      data: {
        kid: 'retired-key',
        publicJwk: { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA', kid: 'retired-key' },
      },
    });
    const published = (await (await fetch(new URL('/.well-known/jwks.json', t.url))).json()) as {
      keys: Array<{ kid: string }>;
    };
    expect(published.keys.map((k) => k.kid)).toContain('retired-key');
    expect(published.keys.length).toBeGreaterThanOrEqual(2);
  });
});
