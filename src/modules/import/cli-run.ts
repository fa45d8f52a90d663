import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadAuthConfig } from '../../auth/authenticate.js';
import { databaseTarget, loadConfig } from '../../config.js';
import { commandContext } from '../../context.js';
import { openHub } from '../../db/open.js';
import { withRequestScope } from '../../db/scope.js';
import type { Progress } from './progress.js';
import type { ImportOptions, ImportResult } from './run.js';
import { runImport } from './run.js';

/**
 * Where `onetable import` runs the import: through a running hub (POST /import/<kind>, the
 * server holding the PGlite folder or --url), or in this process on a database it opens.
 */
/** Credentials come from the environment, never the command line (other users can read it in ps). */
function credential(env: NodeJS.ProcessEnv): string {
  const value = env.ONETABLE_API_KEY || env.ONETABLE_TOKEN;
  if (!value)
    throw new Error(
      "set ONETABLE_API_KEY (a section's API key) or ONETABLE_TOKEN (a hub token) to import a ledger",
    );
  return value;
}

/** Through a running hub: POST /import/<kind> with the file as the body. */
export async function importThroughHub(
  base: string,
  bytes: Uint8Array,
  options: ImportOptions,
  purpose: string,
  env: NodeJS.ProcessEnv,
): Promise<ImportResult> {
  const url = new URL(`/import/${options.kind}`, base);
  if (options.community) url.searchParams.set('community', options.community);
  if (options.mapping) url.searchParams.set('mapping', JSON.stringify(options.mapping));
  if (options.mappingName !== undefined) url.searchParams.set('mappingName', options.mappingName);
  if (options.saveMappingAs !== undefined)
    url.searchParams.set('saveMapping', options.saveMappingAs);
  url.searchParams.set('onExisting', options.onExisting);
  if (options.dryRun) url.searchParams.set('dryRun', 'true');
  if (options.partial) url.searchParams.set('partial', 'true');
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${credential(env)}`,
      'x-purpose': purpose,
      'content-type': 'application/octet-stream',
    },
    body: bytes,
  });
  const body = (await response.json().catch(() => null)) as
    | (ImportResult & { errors?: unknown })
    | { errors?: Array<{ message: string; extensions?: { code?: string } }> }
    | null;
  if (!response.ok || !body || !('counts' in body)) {
    const error = (
      body as { errors?: Array<{ message: string; extensions?: { code?: string } }> } | null
    )?.errors?.[0];
    throw new Error(
      error
        ? `${error.extensions?.code ?? response.status}: ${error.message}`
        : `HTTP ${response.status}`,
    );
  }
  return body as ImportResult;
}

/**
 * V8's collector, made callable. A CLI import is one batch whose garbage (cells, statement
 * arguments) V8 would otherwise let pile up to several times the live data before collecting;
 * collecting between its stages keeps a 100,000-line import's peak memory near what it holds.
 */
function collector(): () => void {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return () => {};
  }
}

/** The progress callback, collecting garbage at each new stage and every 20 chunks of a stage. */
function collecting(progress: Progress | undefined): Progress {
  const gc = collector();
  let stage = '';
  let calls = 0;
  return (now, done, total) => {
    if (now !== stage || ++calls % 20 === 0) gc();
    stage = now;
    progress?.(now, done, total);
  };
}

/** In this process: the database opened here, the credential checked as the server checks it. */
export async function importHere(
  bytes: Uint8Array,
  options: ImportOptions,
  purpose: string,
  env: NodeJS.ProcessEnv,
): Promise<ImportResult> {
  const config = loadConfig(env);
  // Field policies are registered while the schema is built (the CLI loads it only now).
  await import('../../schema.js');
  const hub = await openHub(databaseTarget(config), undefined, { existing: true });
  try {
    const auth = await loadAuthConfig(config.dataDir, env);
    return await withRequestScope(async () => {
      const ctx = await commandContext(hub.prisma, auth, credential(env), purpose, randomUUID());
      return runImport(ctx, bytes, {
        ...options,
        log: false,
        progress: collecting(options.progress),
      });
    });
  } finally {
    await hub.close();
  }
}
