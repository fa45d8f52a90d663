import fc from 'fast-check';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/app.js';
import { gid } from '../support/ids.js';
import { sections, tasks } from '../support/scenario.js';
import { gql, startSecuredHub, type SecuredHub } from '../support/hub.js';

/**
 * Property: whatever valid query a section sends, for whatever purpose, no answer holds a value
 * its grants do not allow. Grants are read from the database (the upper bound over all task
 * limits), stored values too; queries are generated over the schema's personal types.
 */
const order = ['NONE', 'AGGREGATE', 'MASKED', 'FULL'];
const sectionCodes = [
  sections.street,
  sections.c1,
  sections.c2,
  'civil-affairs',
  'health',
  'housing',
  'admin',
  'auditor',
];
const purposes = [tasks.population, tasks.epidemic, null];

let t: SecuredHub;
let server: RunningServer;
/** section → `Type.field` → highest level granted under any task. */
const grants = new Map<string, Map<string, string>>();
/** `Type:rowId` → field → the value as FULL shows it. */
const stored = new Map<string, Record<string, unknown>>();
const sensitiveTags = new Set<string>();

beforeAll(async () => {
  t = await startSecuredHub();
  server = await t.serve({ rateLimits: { requests: 0, authFailures: 0 } });
  const db = t.hub.prisma;
  for (const g of await db.fieldGrant.findMany({
    include: { section: { select: { code: true } } },
  })) {
    const table = grants.get(g.section.code) ?? new Map<string, string>();
    const key = `${g.typeName}.${g.fieldName}`;
    if (order.indexOf(g.level) > order.indexOf(table.get(key) ?? 'NONE')) table.set(key, g.level);
    grants.set(g.section.code, table);
  }
  for (const r of await db.resident.findMany()) {
    stored.set(`Resident:${r.id}`, {
      name: r.name,
      idNumber: r.idNumber,
      phone: r.phone,
      birthDate: r.birthDate.toISOString().slice(0, 10),
      ethnicity: r.ethnicity,
    });
  }
  for (const h of await db.household.findMany())
    stored.set(`Household:${h.id}`, { address: h.address });
  for (const s of await db.serviceRecord.findMany())
    stored.set(`ServiceRecord:${s.id}`, { notes: s.notes });
  for (const c of await db.hotlineCase.findMany())
    stored.set(`HotlineCase:${c.id}`, { summary: c.summary });
  for (const tag of await db.tag.findMany({ where: { sensitive: true } }))
    sensitiveTags.add(tag.code);
});
afterAll(() => t?.close());

const pick = <T>(items: T[]) => fc.subarray(items, { minLength: 1 });
const residentFields = pick([
  'name',
  'idNumber',
  'phone',
  'birthDate',
  'age',
  'ethnicity',
  'gender',
  'status',
  'household { __typename id address }',
  'tags { code }',
  'serviceRecords(first: 3) { edges { node { __typename id notes } } }',
]);
const resident = residentFields.map((f) => `__typename id ${f.join(' ')}`);
const household = fc
  .tuple(pick(['address', 'size', 'head']), resident)
  .map(
    ([f, r]) =>
      `__typename id ${f.map((x) => (x === 'head' ? `head { ${r} }` : x)).join(' ')} members { ${r} }`,
  );
const first = fc.integer({ min: 1, max: 10 });
const roots = fc.oneof(
  fc
    .tuple(
      first,
      resident,
      fc.constantFrom(
        '',
        'filter: { tag: "ELDERLY_ALONE" }',
        'filter: { community: "COMMUNITY" }',
        'filter: { ageMin: 60 }',
      ),
    )
    .map(([n, r, f]) => `residents(first: ${n} ${f}) { totalCount edges { node { ${r} } } }`),
  fc.tuple(first, household).map(([n, h]) => `households(first: ${n}) { edges { node { ${h} } } }`),
  fc
    .tuple(first, resident)
    .map(
      ([n, r]) =>
        `serviceRecords(first: ${n}) { edges { node { __typename id notes kind resident { ${r} } } } }`,
    ),
  first.map(
    (n) => `hotlineCases(first: ${n}) { edges { node { __typename id summary category } } }`,
  ),
  fc
    .tuple(fc.integer({ min: 1, max: 6 }), resident)
    .map(([id, r]) => `node(id: "RESIDENT${id}") { ... on Resident { ${r} } }`),
  fc
    .tuple(fc.integer({ min: 1, max: 3 }), household)
    .map(([id, h]) => `household(id: "HOUSEHOLD${id}") { ${h} }`),
);
const requests = fc.record({
  section: fc.constantFrom(...sectionCodes),
  purpose: fc.constantFrom(...purposes),
  fields: fc.array(roots, { minLength: 1, maxLength: 3 }),
});

/** Every violation of the grant table in one answer. */
function violations(section: string, data: unknown, text: string): string[] {
  const table = grants.get(section) ?? new Map<string, string>();
  const level = (key: string) => table.get(key) ?? 'NONE';
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== 'object' || value === null) return;
    const object = value as Record<string, unknown>;
    const type = object.__typename;
    if (typeof type === 'string' && typeof object.id === 'string') {
      const row = stored.get(`${type}:${decodeGlobalID(object.id).id}`) ?? {};
      for (const [field, shown] of Object.entries(object)) {
        const granted = level(`${type}.${field}`);
        if (!table.has(`${type}.${field}`) && !(field in row) && field !== 'age') continue;
        if (
          (granted === 'NONE' || granted === 'AGGREGATE') &&
          shown !== null &&
          typeof shown !== 'object'
        )
          found.push(`${type}.${field} readable under ${granted}`);
        if (
          granted === 'MASKED' &&
          field === 'age' &&
          typeof shown === 'number' &&
          shown % 10 !== 0
        )
          found.push('Resident.age not masked');
        if (
          granted === 'MASKED' &&
          field !== 'ethnicity' &&
          typeof row[field] === 'string' &&
          shown === row[field]
        )
          found.push(`${type}.${field} shown in full under MASKED`);
      }
      if (type === 'Resident' && Array.isArray(object.tags)) {
        for (const tag of object.tags as Array<{ code: string }>) {
          if (
            sensitiveTags.has(tag.code) &&
            order.indexOf(level(`Tag.${tag.code}`)) < order.indexOf('MASKED')
          )
            found.push(`sensitive tag ${tag.code} listed`);
        }
      }
    }
    Object.values(object).forEach(visit);
  };
  visit(data);
  // Anywhere in the answer (errors included): no full value of a field granted less than FULL.
  for (const [key, row] of stored) {
    const type = key.split(':')[0]!;
    for (const [field, value] of Object.entries(row)) {
      if (
        typeof value === 'string' &&
        value.length >= 4 &&
        level(`${type}.${field}`) !== 'FULL' &&
        text.includes(value)
      )
        found.push(`${type}.${field} value appears in the answer`);
    }
  }
  return found;
}

describe('no answer holds a value the section is not granted', () => {
  it('holds for generated queries, sections and purposes', async () => {
    const ids = t.ids;
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(requests, async ({ section, purpose, fields }) => {
        const query = `{ ${fields.map((f, i) => `q${i}: ${f}`).join(' ')} }`
          .replace(/COMMUNITY/g, gid('Community', ids.communities.c1))
          .replace(/RESIDENT(\d)/g, (_, n) =>
            gid('Resident', Object.values(ids.residents)[Number(n) - 1]!),
          )
          .replace(/HOUSEHOLD(\d)/g, (_, n) =>
            gid('Household', Object.values(ids.households)[Number(n) - 1]!),
          );
        const answer = await gql(server.url, query, undefined, { section, purpose });
        expect([200, 400, 403], answer.text.slice(0, 200)).toContain(answer.status);
        for (const e of answer.body?.errors ?? [])
          expect(e.extensions?.code, answer.text.slice(0, 300)).not.toBe('INTERNAL_SERVER_ERROR');
        if (answer.status === 200) answered++;
        expect(
          violations(section, answer.body?.data, answer.text),
          `${section} ${purpose}: ${query}`,
        ).toEqual([]);
      }),
      { numRuns: 60, seed: Number(process.env.FC_SEED) || undefined },
    );
    expect(answered).toBeGreaterThan(10);
  });
});
