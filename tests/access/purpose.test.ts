import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, type GraphQLBody, startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario, sections, tasks } from '../support/scenario.js';

describe('purposes and credentials', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub('pglite', async (hub) => void (await insertScenario(hub.prisma)));
  });
  afterAll(() => t?.close());

  it('needs a purpose to read personal data, and none for the rest', async () => {
    const personal = await t.gql(
      `{ residents(first: 1) { edges { node { name } } } }`,
      {},
      { section: sections.c1 },
    );
    expect(personal.status).toBe(403);
    expect(codeOf(personal)).toBe('PURPOSE_REQUIRED');
    expect(personal.data).toBeUndefined();
    const viaFragment = await t.gql(
      `{ residents(first: 1) { edges { node { ...P } } } } fragment P on Resident { phone }`,
      {},
      { section: sections.c1 },
    );
    expect(codeOf(viaFragment)).toBe('PURPOSE_REQUIRED');
    const plain = await t.gql(
      `{ communities { totalCount } residents { totalCount } }`,
      {},
      { section: sections.c1 },
    );
    expect(plain.errors).toBeUndefined();
    const filter = await t.gql(
      `{ residents(filter: { nameContains: "王" }) { totalCount } }`,
      {},
      { section: sections.c1 },
    );
    expect(codeOf(filter)).toBe('PURPOSE_REQUIRED');
  });

  it('accepts only a task the section is responsible for or assists with', async () => {
    const query = `{ residents(first: 1) { edges { node { name } } } }`;
    expect(
      (await t.gql(query, {}, { section: 'civil-affairs', purpose: tasks.population })).errors,
    ).toBeUndefined();
    expect(
      (await t.gql(query, {}, { section: 'health', purpose: tasks.epidemic })).errors,
    ).toBeUndefined();
    const notTheirs = await t.gql(query, {}, { section: 'civil-affairs', purpose: tasks.epidemic });
    expect(codeOf(notTheirs)).toBe('PURPOSE_NOT_ALLOWED');
    const unknown = await t.gql(query, {}, { section: 'civil-affairs', purpose: 'T1999-999' });
    expect(codeOf(unknown)).toBe('PURPOSE_NOT_ALLOWED');
    const garbage = await t.gql(query, {}, { section: 'civil-affairs', purpose: "x' OR 1=1" });
    expect(codeOf(garbage)).toBe('PURPOSE_NOT_ALLOWED');
  });

  it('filters on a personal field only with a FULL grant on it', async () => {
    const byName = await t.gql(
      `{ residents(filter: { nameContains: "王" }) { totalCount } }`,
      {},
      { section: 'housing', purpose: tasks.population },
    );
    expect(byName.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const byTag = await t.gql(
      `{ residents(filter: { tag: "ELDERLY_ALONE" }) { totalCount } }`,
      {},
      { section: 'housing', purpose: tasks.population },
    );
    expect(codeOf(byTag)).toBe('FORBIDDEN');
    const allowed = await t.gql<{ residents: { totalCount: number } }>(
      `{ residents(filter: { tag: "ELDERLY_ALONE" }) { totalCount } }`,
      {},
      { section: 'civil-affairs', purpose: tasks.population },
    );
    expect(allowed.data?.residents.totalCount).toBe(1);
  });

  it('answers 401 UNAUTHENTICATED without valid credentials, and keeps health checks open', async () => {
    for (const authorization of [
      undefined,
      'Bearer nonsense',
      'Basic abc',
      `Bearer ${await t.token({ section: 'no-such-section' })}`,
    ]) {
      const res = await fetch(t.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({ query: '{ communities { totalCount } }' }),
      });
      expect(res.status, authorization).toBe(401);
      const body = (await res.json()) as GraphQLBody<unknown>;
      expect(codeOf(body)).toBe('UNAUTHENTICATED');
      expect(body.data).toBeUndefined();
    }
    expect((await fetch(t.url.replace('/graphql', '/healthz'))).status).toBe(200);
    expect((await fetch(t.url.replace('/graphql', '/readyz'))).status).toBe(200);
  });
});
