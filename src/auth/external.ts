import {
  createRemoteJWKSet,
  type CryptoKey,
  errors,
  importSPKI,
  type JWTPayload,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';

/**
 * Tokens from an external identity provider (the city's SSO, an OIDC provider), verified with
 * its public keys: a JWKS URL or one PEM public key. Only asymmetric algorithms are accepted,
 * so nobody holding a shared secret (or no key at all: `alg: none`) can mint such a token.
 */
export const asymmetricAlgorithms = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

export interface ExternalIdp {
  key: JWTVerifyGetKey | CryptoKey;
  algorithms: string[];
  issuer?: string;
  audience?: string;
  /** The claim that holds the caller's section code. */
  sectionClaim: string;
  /** For logs: where the keys come from, never a key. */
  source: string;
}

/** Clock skew tolerated between the identity provider and this server, in seconds. */
const clockToleranceSeconds = 30;

function isAsymmetric(alg: string): boolean {
  return (asymmetricAlgorithms as readonly string[]).includes(alg);
}

/**
 * Reads the external identity provider from the environment; null when none is configured.
 * A half-valid configuration is an error at start-up rather than silently open or closed.
 */
export async function loadExternalIdp(
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExternalIdp | null> {
  const jwksUrl = env.ONETABLE_JWKS_URL?.trim();
  const pem = env.ONETABLE_JWT_PUBLIC_KEY?.trim();
  if (!jwksUrl && !pem) return null;
  if (jwksUrl && pem) throw new Error('set ONETABLE_JWKS_URL or ONETABLE_JWT_PUBLIC_KEY, not both');
  const alg = env.ONETABLE_JWT_ALG?.trim() || undefined;
  if (alg && !isAsymmetric(alg)) {
    throw new Error(
      `ONETABLE_JWT_ALG must be an asymmetric algorithm (${asymmetricAlgorithms.join(', ')}), got "${alg}"`,
    );
  }
  const common = {
    issuer: env.ONETABLE_JWT_ISSUER?.trim() || undefined,
    audience: env.ONETABLE_JWT_AUDIENCE?.trim() || undefined,
    sectionClaim: env.ONETABLE_JWT_SECTION_CLAIM?.trim() || 'section',
  };
  if (jwksUrl) {
    let url: URL;
    try {
      url = new URL(jwksUrl);
    } catch {
      throw new Error('ONETABLE_JWKS_URL is not a valid URL');
    }
    const algorithms = alg ? [alg] : [...asymmetricAlgorithms];
    return {
      ...common,
      key: createRemoteJWKSet(url),
      algorithms,
      source: `JWKS ${url.origin}${url.pathname}`,
    };
  }
  const algorithm = alg ?? 'RS256';
  // Environment variables often carry a PEM with its line breaks written as \n.
  const text = pem!.replace(/\\n/g, '\n');
  const key = await importSPKI(text, algorithm).catch((error: unknown) => {
    throw new Error(`ONETABLE_JWT_PUBLIC_KEY is not a PEM SPKI public key for ${algorithm}`, {
      cause: error,
    });
  });
  return { ...common, key, algorithms: [algorithm], source: `public key (${algorithm})` };
}

async function verify(idp: ExternalIdp, token: string): Promise<JWTPayload> {
  const options = {
    algorithms: idp.algorithms,
    issuer: idp.issuer,
    audience: idp.audience,
    requiredClaims: ['exp'],
    clockTolerance: clockToleranceSeconds,
  };
  // Two calls rather than a union: jose's overloads take a key or a key resolver, not either.
  if (typeof idp.key === 'function') return (await jwtVerify(token, idp.key, options)).payload;
  return (await jwtVerify(token, idp.key, options)).payload;
}

/**
 * Verifies an external token and returns its section code and user name, or null when the
 * token is not valid. `onUnavailable` hears about failures that are not the token's fault
 * (the JWKS endpoint cannot be reached), so an operator can see them; the token is never passed.
 */
export async function verifyExternalToken(
  idp: ExternalIdp,
  token: string,
  onUnavailable: (reason: string) => void = () => {},
): Promise<{ section: string; user: string } | null> {
  let payload: JWTPayload;
  try {
    payload = await verify(idp, token);
  } catch (error) {
    if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) {
      onUnavailable(error instanceof Error ? error.name : 'unknown error');
    }
    return null;
  }
  const section = payload[idp.sectionClaim];
  const user = typeof payload.name === 'string' && payload.name !== '' ? payload.name : payload.sub;
  if (typeof section !== 'string' || section === '' || typeof user !== 'string' || user === '')
    return null;
  return { section, user };
}
