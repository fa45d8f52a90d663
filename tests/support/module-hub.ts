import { afterAll, beforeAll } from 'vitest';
import { startTestHub, type Caller, type TestHub } from './hub.js';
import { insertScenario, type ScenarioIds } from './scenario.js';

/**
 * The hub of a module test (tests/household, tests/geo, tests/service, tests/tag, …): the
 * scenario on a fresh database, a server asked as the scenario's street office with its task,
 * and the scenario's ids. It is the TestHub the file's tests talk to, with `ids` beside it.
 */
export interface ModuleHub extends TestHub {
  readonly ids: ScenarioIds;
}

/**
 * Starts a module test's hub before the tests of the enclosing `describe` and closes it after
 * them (beforeAll/afterAll). Call it inside the `describe`; read the answer in tests only (before
 * beforeAll has run there is no hub yet, and reading one throws).
 */
export function moduleHub(kind: 'pglite' | 'postgres'): ModuleHub {
  let running: TestHub | undefined;
  let scenario: ScenarioIds | undefined;
  beforeAll(async () => {
    running = await startTestHub(kind, async (hub) => {
      scenario = await insertScenario(hub.prisma);
    });
  });
  afterAll(() => running?.close());

  const started = (): TestHub => {
    if (!running) throw new Error('moduleHub: the hub starts in beforeAll; read it in a test');
    return running;
  };
  return {
    get database() {
      return started().database;
    },
    get hub() {
      return started().hub;
    },
    get url() {
      return started().url;
    },
    get ids() {
      started();
      return scenario!;
    },
    gql<T = unknown>(query: string, variables?: Record<string, unknown>, caller?: Caller) {
      return started().gql<T>(query, variables, caller);
    },
    token: (caller) => started().token(caller),
    countStatements: (work) => started().countStatements(work),
    close: () => started().close(),
  };
}
