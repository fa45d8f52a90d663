import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer } from '../../src/server/app.js';
import { type Edges, jwtSecretText, startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario, purpose } from '../support/scenario.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hmac = (key: string | Buffer, text: string) =>
  createHmac('sha256', key).update(text).digest('hex');
/** The key derived from the hub-token secret, as src/modules/audit/key.ts documents it. */
const derivedKey = createHmac('sha256', jwtSecretText)
  .update('onetable audit operation hash')
  .digest();

/** A query with a personal value written into it as a literal: the hash must not give it away. */
const lookup = (name: string) =>
  `query Lookup { residents(filter: { nameContains: "${name}" }) { edges { node { name } } } }`;
const lastEvents = `query { auditEvents(first: 50) { edges { node { operationName operationHash } } } }`;

describe('the operation hash of audit events, over HTTP', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub('pglite', async (hub) => void (await insertScenario(hub.prisma)));
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await t?.close();
  });

  async function hashesOf(operationName: string): Promise<string[]> {
    const res = await t.gql<{
      auditEvents: Edges<{ operationName: string | null; operationHash: string | null }>;
    }>(lastEvents, {}, { section: 'auditor' });
    expect(res.errors).toBeUndefined();
    return res
      .data!.auditEvents.edges.map((e) => e.node)
      .filter((n) => n.operationName === operationName)
      .map((n) => n.operationHash ?? '');
  }

  it('is HMAC-SHA256 under the key derived from the hub-token secret, not a plain SHA-256', async () => {
    const query = lookup('王秀英');
    for (let i = 0; i < 2; i += 1)
      expect(
        (await t.gql(query, {}, { section: 'civil-affairs', purpose })).errors,
      ).toBeUndefined();
    const hashes = await hashesOf('Lookup');
    // Stable: the same document, the same hash, so auditors can still group by it.
    expect(hashes).toEqual([hmac(derivedKey, query), hmac(derivedKey, query)]);
    // An auditor hashing guessed names into the query gets nowhere without the key.
    expect(hashes[0]).not.toBe(sha256(query));
  });

  it('uses ONETABLE_AUDIT_KEY when it is set', async () => {
    const key = 'audit-key-audit-key-audit-key-audit-key-0123';
    vi.stubEnv('ONETABLE_AUDIT_KEY', key);
    const query = lookup('张伟').replace('Lookup', 'Keyed');
    expect((await t.gql(query, {}, { section: 'civil-affairs', purpose })).errors).toBeUndefined();
    expect(await hashesOf('Keyed')).toEqual([hmac(key, query)]);
    vi.unstubAllEnvs();
  });

  it('refuses to start with an ONETABLE_AUDIT_KEY shorter than 32 characters, without echoing it', async () => {
    vi.stubEnv('ONETABLE_AUDIT_KEY', 'too-short-secret');
    const start = startServer(t.hub.prisma, {
      host: '127.0.0.1',
      port: 0,
      auth: { jwtSecret: new TextEncoder().encode(jwtSecretText) },
    });
    const error = await start.then(
      () => null,
      (e: Error) => e,
    );
    vi.unstubAllEnvs();
    expect(error?.message).toBe('ONETABLE_AUDIT_KEY must be at least 32 characters');
  });
});
