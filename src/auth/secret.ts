import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The key that signs hub tokens: ONETABLE_JWT_SECRET, or a random key generated once into the
 * data folder (mode 0600) so tokens survive restarts.
 */
export async function loadJwtSecret(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Uint8Array> {
  if (env.ONETABLE_JWT_SECRET) {
    if (env.ONETABLE_JWT_SECRET.length < 32)
      throw new Error('ONETABLE_JWT_SECRET must be at least 32 characters');
    return new TextEncoder().encode(env.ONETABLE_JWT_SECRET);
  }
  const file = path.join(dataDir, 'jwt-secret');
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing) return new TextEncoder().encode(existing.trim());
  await mkdir(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  await writeFile(file, secret, { mode: 0o600, flag: 'wx' }).catch(
    async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    },
  );
  return new TextEncoder().encode((await readFile(file, 'utf8')).trim());
}
