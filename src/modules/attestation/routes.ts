import { type JWK } from 'jose';
import { registerRoute, sendJson } from '../../routes.js';
import { attestationKey } from './keys.js';

/**
 * GET /.well-known/jwks.json: every public key the hub (any replica) ever signed attestation
 * receipts with, so a receipt can be verified offline. Public: keys are not personal data.
 */
registerRoute({
  method: 'GET',
  pattern: /\/\.well-known\/jwks\.json/,
  async handle({ res, prisma }) {
    await attestationKey(prisma).catch(() => undefined); // publish this replica's key too
    const rows = await prisma.signingKey.findMany({ orderBy: { createdAt: 'asc' } });
    res.setHeader('cache-control', 'public, max-age=300');
    sendJson(res, 200, { keys: rows.map((r) => r.publicJwk as JWK) });
  },
});
