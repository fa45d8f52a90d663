import { startTestHub } from './tests/support/hub.ts';
import { insertScenario } from './tests/support/scenario.ts';
import { gid } from './tests/support/ids.ts';
let ids: any;
const t = await startTestHub('pglite', async (hub) => { ids = await insertScenario(hub.prisma); }, undefined, { compiledReads: true });
const page = `query BenchPage($first: Int!) { residents(first: $first) { edges { node {
  id name idNumber phone birthDate age gender status
  household { address members { name } } community { name } tags { code }
} } } }`;
const resident = `query BenchResident($id: ID!) { resident(id: $id) {
  id name idNumber phone birthDate age gender status community { name }
  serviceRecords(first: 20) { edges { node { kind occurredAt notes recordedBy } } }
} }`;
for (const q of [page, resident, page, resident]) {
  const sql = await t.countStatements(async () => {
  const r = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token({ section: 'civil-affairs' })}`, 'x-purpose': 'T2026-001' }, body: JSON.stringify({ query: q, variables: { id: gid('Resident', ids.residents.zhangWei), first: 2 } }) });
  console.log(r.headers.get('x-onetable-read-path'), (await r.text()).slice(0, 200));
  });
  console.log(sql.length, 'statements', sql.map((s) => s.slice(0, 60)));
}
await t.close();
