import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 has no `exports` map: Node loads index.js while Vite would pick index.mjs, and two
    // copies of graphql break `instanceof GraphQLError`. Tests load the copy production loads.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['tests/**/*.test.ts'],
    env: { NODE_ENV: 'test' },
    // Each file opens its own fresh database: a copy of a PGlite folder migrated once per run by the
    // global setup, or a new PostgreSQL database.
    globalSetup: ['tests/support/global-setup.ts'],
    // Files share their worker's module graph instead of importing the whole app again each
    // (import time fell from 277 s to 18 s of a run); module state the hub keeps is keyed by its
    // client or configuration, and tests/support/isolation.ts restores the environment per file.
    isolate: false,
    setupFiles: ['tests/support/isolation.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
