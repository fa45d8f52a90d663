import { startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario, purpose, sections } from '../support/scenario.js';

export { purpose, sections };

export interface ImportAnswer {
  status: number;
  body: any;
}

/** Posts a ledger to POST /import/<kind> as `section` (default: the committee of 华山 community, c1). */
export async function postImport(
  hub: TestHub,
  kind: string,
  file: Uint8Array | string,
  query: Record<string, string> = {},
  caller: { section?: string; purpose?: string | null } = {},
): Promise<ImportAnswer> {
  const url = new URL(`/import/${kind}`, hub.url);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const headers: Record<string, string> = {
    authorization: `Bearer ${await hub.token({ section: caller.section ?? sections.c1, user: '刘书记' })}`,
    'content-type': 'application/octet-stream',
  };
  const p = caller.purpose === undefined ? purpose : caller.purpose;
  if (p) headers['x-purpose'] = p;
  const res = await fetch(url, {
    method: 'POST',
    headers,
    body: typeof file === 'string' ? Buffer.from(file) : file,
  });
  return { status: res.status, body: await res.json() };
}

export const startImportHub = (kind: 'pglite' | 'postgres') =>
  startTestHub(kind, async (hub) => void (await insertScenario(hub.prisma)));

/** Every resident of the database with what an import could change (the hub's own client: the whole district). */
export async function snapshot(hub: TestHub) {
  const residents = await hub.hub.prisma.resident.findMany({
    orderBy: { id: 'asc' },
    include: { tags: true },
  });
  const households = await hub.hub.prisma.household.findMany({ orderBy: { id: 'asc' } });
  const services = await hub.hub.prisma.serviceRecord.count();
  return { residents, households, services };
}
