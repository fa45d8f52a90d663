import { afterAll } from 'vitest';

/**
 * Test files share their worker's modules (`isolate: false` in tests/vitest.config.ts): the
 * app's module graph is imported once per worker, not once per file, which took a third of
 * `npm test`. What a file changes in the process's environment is undone when it ends, so the
 * next file in the same worker starts from the environment the run started with.
 */
const started = { ...process.env };

afterAll(() => {
  for (const name of Object.keys(process.env)) if (!(name in started)) delete process.env[name];
  Object.assign(process.env, started);
});
