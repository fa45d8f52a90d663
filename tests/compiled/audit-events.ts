import type { PrismaClient } from '../../src/db/client.js';

/**
 * The audit events of a differential run, compared pair by pair: the compiled path's request `c<i>`
 * against graphql-js' `g<i>` (the principal's user names them). Each request has at most one
 * event; a second one for a compiled request means its statement's event differed from the
 * answer's (src/compiled/execute.ts appends Node's too) and is reported as such.
 */
export async function auditDifferences(prisma: PrismaClient, n: number): Promise<string[]> {
  const events = await prisma.auditEvent.findMany({ orderBy: { id: 'asc' } });
  const byUser = new Map<string, Array<(typeof events)[number]>>();
  for (const e of events) {
    const user = e.principal.split(':').pop()!;
    byUser.set(user, [...(byUser.get(user) ?? []), e]);
  }
  const view = (e: (typeof events)[number] | undefined) =>
    e && {
      fields: e.fields,
      residentIds: e.residentIds,
      outcome: e.outcome,
      purpose: e.purpose,
      section: e.sectionCode,
      op: e.operationName,
      hash: e.operationHash,
    };
  const differences: string[] = [];
  for (let i = 0; i < n; i++) {
    const [a, b] = [byUser.get(`c${i}`) ?? [], byUser.get(`g${i}`) ?? []];
    if (a.length > 1 || b.length > 1)
      differences.push(`case ${i}: ${a.length} compiled events, ${b.length} graphql-js events`);
    else if (JSON.stringify(view(a[0])) !== JSON.stringify(view(b[0])))
      differences.push(`case ${i}: ${JSON.stringify(view(a[0]))} vs ${JSON.stringify(view(b[0]))}`);
  }
  return differences;
}
