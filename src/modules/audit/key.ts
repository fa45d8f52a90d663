import { createHmac } from 'node:crypto';
import { loadJwtSecret } from '../../auth/secret.js';
import { loadConfig } from '../../config.js';

/**
 * The key of audit operation hashes. An operation hash names a query document so auditors can
 * group events by it; a plain SHA-256 would let anyone who reads the events test guesses of a
 * literal written into the query (an ID number) against it. Under a key of the hub they cannot.
 *
 * ONETABLE_AUDIT_KEY (at least 32 characters), else derived from the hub-token secret with its
 * own label, as the attestation subject key is: replicas share that secret, so the same document
 * gets the same hash on every replica for as long as the secret (or ONETABLE_AUDIT_KEY) stays.
 */
export const auditKeyLabel = 'onetable audit operation hash';

/** The hub-token secret the running server uses, set by startServer; else the configured one is read. */
let serverSecret: Uint8Array | undefined;
let cached:
  | { configured: string | undefined; secret: Uint8Array | undefined; key: Promise<Buffer> }
  | undefined;

export function useHubSecretForAuditKey(secret: Uint8Array): void {
  serverSecret = secret;
}

async function resolve(
  configured: string | undefined,
  secret: Uint8Array | undefined,
): Promise<Buffer> {
  if (configured !== undefined) {
    if (configured.length < 32)
      throw new Error('ONETABLE_AUDIT_KEY must be at least 32 characters');
    return Buffer.from(configured, 'utf8');
  }
  const hubSecret = secret ?? (await loadJwtSecret(loadConfig().dataDir));
  return createHmac('sha256', hubSecret).update(auditKeyLabel).digest();
}

/** The process's audit key; rejects when ONETABLE_AUDIT_KEY is too short. */
export function auditKey(): Promise<Buffer> {
  const configured = process.env.ONETABLE_AUDIT_KEY || undefined;
  if (!cached || cached.configured !== configured || cached.secret !== serverSecret) {
    const key = resolve(configured, serverSecret);
    // A failure is not remembered: the next call tries again (and fails again if misconfigured).
    key.catch(() => {
      if (cached?.key === key) cached = undefined;
    });
    cached = { configured, secret: serverSecret, key };
  }
  return cached.key;
}

/** HMAC-SHA256 (hex) of a query document under the audit key; variables are never hashed or stored. */
export async function operationHash(source: string | undefined): Promise<string> {
  return createHmac('sha256', await auditKey())
    .update(source ?? '')
    .digest('hex');
}
