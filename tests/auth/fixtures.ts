import { openHub, type Hub } from '../../src/db/open.js';

export const testSecret = new TextEncoder().encode('auth-test-secret-auth-test-secret-0123');

/** A migrated PGlite (in memory unless a folder is given) with one district and two sections. */
export async function openAuthHub(dataDir = 'memory://'): Promise<Hub> {
  const hub = await openHub({ kind: 'pglite', dataDir });
  const district = await hub.prisma.district.create({ data: { code: '310106', name: '静安区' } });
  for (const [code, name] of [
    ['civil-affairs', '区民政局'],
    ['health', '区卫健委'],
  ] as const) {
    await hub.prisma.section.create({
      data: { code, name, level: 'DISTRICT', districtId: district.id },
    });
  }
  return hub;
}

/** The error code of a rejected promise (UNAUTHENTICATED for every credential failure). */
export async function errorCode(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
  } catch (error) {
    const extensions = (error as { extensions?: { code?: string } }).extensions;
    return extensions?.code ?? `not an AppError: ${String(error)}`;
  }
  return undefined;
}
