import { readFile } from 'node:fs/promises';
import { parse, print, visit, type DefinitionNode, type NameNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../src/seed/index.js';
import { readOperations } from '../../src/server/trusted-operations.js';
import { compiledPlans } from '../../src/telemetry/metrics.js';
import { testDatabaseKinds } from '../support/databases.js';
import {
  post,
  readPath,
  startTestHub,
  type Caller,
  type GraphQLBody,
  type TestHub,
} from '../support/hub.js';
import { gid } from '../support/ids.js';
import { tasks } from '../support/scenario.js';

const caller: Caller = { section: 'civil-affairs', purpose: tasks.population };

/** Plans made so far in this process, by when (counters are process-wide: compare deltas). */
async function made(when: 'start' | 'first_use'): Promise<number> {
  const { values } = await compiledPlans.get();
  return values.filter((v) => v.labels.when === when).reduce((sum, v) => sum + v.value, 0);
}

/** The SDK's operations are planned when the server starts, whatever formatting a client sends. */
describe.each(testDatabaseKinds())('compiled reads: plans built at start (%s)', (kind) => {
  let t: TestHub;
  let atStart = 0;
  let firstId = 0;
  beforeAll(async () => {
    const before = await made('start');
    t = await startTestHub(
      kind,
      async (hub) => {
        await seedDatabase(hub.prisma, { residents: 30, seed: 5 });
        firstId = (await hub.prisma.resident.findFirstOrThrow({ orderBy: { id: 'asc' } })).id;
      },
      caller,
    );
    atStart = (await made('start')) - before;
  });
  afterAll(() => t?.close());

  /** A request as the caller (post: token and X-Purpose), with the read path that answered it. */
  async function ask(query: string, variables: Record<string, unknown>, operationName?: string) {
    const answer = await post<GraphQLBody<unknown>>(
      t.url,
      { query, variables, operationName },
      caller,
    );
    expect(answer.body, answer.text).not.toBeNull(); // a JSON body, as every answer must be
    return { path: readPath(answer), body: answer.body };
  }

  it('plans every query of schema/operations/ at start (both schemas: the API and the subgraph)', async () => {
    const queries = (await readOperations()).filter((o) => o.operation.operation === 'query');
    expect(queries.length).toBeGreaterThan(5);
    expect(atStart).toBe(2 * queries.length);
  });

  it('answers an SDK operation sent in another formatting from its start plan, planning nothing', async () => {
    const file = await readFile(
      new URL('../../schema/operations/residents.graphql', import.meta.url),
      'utf8',
    );
    const fragments = await readFile(
      new URL('../../schema/operations/fragments.graphql', import.meta.url),
      'utf8',
    );
    // Printed by graphql-js, with a comment: not the text of the file, the same operation.
    const document = parse(`${file}\n${fragments}`);
    const byName = new Map(
      document.definitions.map((d) => [(d as { name?: NameNode }).name?.value, d]),
    );
    const used = new Set<string>();
    const pending: DefinitionNode[] = [byName.get('Residents')!];
    while (pending.length > 0)
      visit(pending.pop()!, {
        FragmentSpread(node) {
          if (!used.has(node.name.value)) {
            used.add(node.name.value);
            pending.push(byName.get(node.name.value)!);
          }
        },
      });
    const definitions = [byName.get('Residents')!, ...[...used].map((n) => byName.get(n)!)];
    const reformatted = `# sent by a client\n${definitions.map((d) => print(d)).join('\n')}`;
    const before = await made('first_use');
    const answer = await ask(reformatted, { first: 5 }, 'Residents');
    expect(answer.body.errors).toBeUndefined();
    expect(answer.path).toBe('compiled');
    expect(await made('first_use')).toBe(before);
  });

  it('plans another document on its first use only', async () => {
    const query = `query Mine($id: ID!) { resident(id: $id) { id name } }`;
    const before = await made('first_use');
    for (let i = 0; i < 3; i += 1) {
      const answer = await ask(query, { id: gid('Resident', firstId) });
      expect(answer.path).toBe('compiled');
    }
    expect(await made('first_use')).toBe(before + 1);
  });
});
