import { createHmac } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  calculateJwkThumbprint,
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from 'jose';
import { loadJwtSecret } from '../../auth/secret.js';
import { loadConfig } from '../../config.js';
import type { PrismaClient } from '../../db/client.js';

/** The ES256 key this process signs attestation receipts with. */
export interface AttestationKey {
  kid: string;
  privateKey: CryptoKey;
  /** Public JWK with kid, alg and use: what /.well-known/jwks.json publishes. */
  publicJwk: JWK;
}

export const attestationAlg = 'ES256';
export const attestationKeyFile = 'attestation-key.jwk';

async function privateJwk(env: NodeJS.ProcessEnv): Promise<JWK> {
  if (env.ONETABLE_ATTESTATION_KEY) {
    try {
      return JSON.parse(env.ONETABLE_ATTESTATION_KEY) as JWK;
    } catch {
      throw new Error('ONETABLE_ATTESTATION_KEY must be a private EC P-256 JWK (JSON)');
    }
  }
  // Generated once into the data folder (mode 0600), like the hub-token secret.
  const dataDir = loadConfig(env).dataDir;
  const file = path.join(dataDir, attestationKeyFile);
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing) return JSON.parse(existing) as JWK;
  const { privateKey } = await generateKeyPair(attestationAlg, { extractable: true });
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(await exportJWK(privateKey)), {
    mode: 0o600,
    flag: 'wx',
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return JSON.parse(await readFile(file, 'utf8')) as JWK;
}

async function loadKey(env: NodeJS.ProcessEnv): Promise<AttestationKey> {
  const jwk = await privateJwk(env);
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.d)
    throw new Error('the attestation key must be a private EC P-256 JWK');
  const publicJwk: JWK = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateKey = (await importJWK(
    { ...jwk, alg: attestationAlg },
    attestationAlg,
  )) as CryptoKey;
  return { kid, privateKey, publicJwk: { ...publicJwk, kid, alg: attestationAlg, use: 'sig' } };
}

/** The loaded key, by where it came from: the configured JWK or the data folder it is kept in. */
let loaded: { source: string; key: Promise<AttestationKey> } | undefined;
const published = new WeakSet<PrismaClient>();

/** Where the key comes from under `env`: a change of either loads the key again. */
const keySource = (env: NodeJS.ProcessEnv) =>
  env.ONETABLE_ATTESTATION_KEY
    ? `jwk:${env.ONETABLE_ATTESTATION_KEY}`
    : `dir:${loadConfig(env).dataDir}`;

/**
 * The process's attestation key (ONETABLE_ATTESTATION_KEY, else generated into the data folder),
 * with its public half recorded in `signing_key`, so every replica's key is published and a
 * receipt stays verifiable after the key is replaced.
 */
export async function attestationKey(db: PrismaClient): Promise<AttestationKey> {
  const source = keySource(process.env);
  if (loaded?.source !== source) {
    const key = loadKey(process.env);
    // A failure is not remembered: the next call tries again.
    key.catch(() => {
      if (loaded?.key === key) loaded = undefined;
    });
    loaded = { source, key };
  }
  const current = await loaded.key;
  if (!published.has(db)) {
    await db.signingKey.upsert({
      where: { kid: current.kid },
      create: { kid: current.kid, publicJwk: current.publicJwk as object },
      update: {},
    });
    published.add(db);
  }
  return current;
}

let subjectKey: { source: string; key: Promise<Buffer> } | undefined;

/**
 * HMAC-SHA256 of an ID number: how attestations name their subject without storing the number.
 * Keyed by ONETABLE_SUBJECT_KEY, else derived from the hub-token secret, which replicas share,
 * so the rate limits count the same subject as the same on every replica.
 */
export async function subjectDigest(idNumber: string): Promise<string> {
  const configured = process.env.ONETABLE_SUBJECT_KEY;
  const source = configured
    ? `key:${configured}`
    : `hub:${process.env.ONETABLE_JWT_SECRET ?? ''}|${loadConfig(process.env).dataDir}`;
  if (subjectKey?.source !== source) {
    const key = configured
      ? Promise.resolve(Buffer.from(configured, 'utf8'))
      : loadJwtSecret(loadConfig(process.env).dataDir).then((secret) =>
          createHmac('sha256', secret).update('onetable attestation subject').digest(),
        );
    key.catch(() => {
      if (subjectKey?.key === key) subjectKey = undefined;
    });
    subjectKey = { source, key };
  }
  return createHmac('sha256', await subjectKey.key)
    .update(idNumber.toUpperCase())
    .digest('hex');
}
