import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { insertScenario } from '../support/scenario.js';
import { subgraphGql } from './subgraph.js';

/** `_service { sdl }` prints the schema: in production mode it is introspection, for the admin section only. */
describe.each(testDatabaseKinds())('the subgraph SDL in production mode (%s)', (kind) => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub(
      kind,
      async (hub) => void (await insertScenario(hub.prisma)),
      undefined,
      {
        mode: { production: true },
      },
    );
  });
  afterAll(() => t?.close());

  it('refuses _service to a section that is not admin, as it refuses __schema', async () => {
    const street = await subgraphGql(t, '{ _service { sdl } }');
    expect(street.status).toBe(403);
    expect(street.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const admin = await subgraphGql(t, '{ _service { sdl } }', {}, { section: 'admin' });
    expect(admin.errors).toBeUndefined();
    expect(admin.data!._service.sdl).toContain('@key(fields: "id")');
  });

  it('still resolves entity references for any section', async () => {
    const res = await subgraphGql(t, '{ _entities(representations: []) { __typename } }');
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ _entities: [] });
  });
});
