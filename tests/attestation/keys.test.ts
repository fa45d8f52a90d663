import { rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attestationKey, attestationKeyFile } from '../../src/modules/attestation/keys.js';
import { openHub, type Hub } from '../../src/db/open.js';
import { tempDataDir } from '../support/cli-admin.js';
import { createTestDatabase } from '../support/databases.js';

/** Without ONETABLE_ATTESTATION_KEY the key is generated once into the data folder, mode 0600. */
describe('the attestation key', () => {
  let hub: Hub;
  let dataDir: string;
  beforeAll(async () => {
    delete process.env.ONETABLE_ATTESTATION_KEY;
    dataDir = await tempDataDir('onetable-attestation-key-');
    process.env.ONETABLE_DATA_DIR = dataDir;
    hub = await openHub((await createTestDatabase('pglite')).target);
  });
  afterAll(async () => {
    await hub?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is generated into the data folder (0600) and published in signing_key', async () => {
    const key = await attestationKey(hub.prisma);
    const file = await stat(path.join(dataDir, attestationKeyFile));
    expect(file.mode & 0o777).toBe(0o600);
    expect(key.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', kid: key.kid, alg: 'ES256' });
    expect(key.publicJwk.d).toBeUndefined();
    const rows = await hub.prisma.signingKey.findMany();
    expect(rows.map((r) => r.kid)).toEqual([key.kid]);
    expect((await attestationKey(hub.prisma)).kid).toBe(key.kid);
  });
});
