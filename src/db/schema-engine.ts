import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import type { Database } from './adapter.js';

/**
 * Prisma's own schema engine, compiled to WebAssembly, driven through our driver adapter.
 * This is what `prisma migrate` runs; we load it ourselves because the native engine cannot be
 * downloaded offline and the package's default entry imports a `.wasm` file Node will not load.
 */
type WasmExports = Record<string, unknown>;
type Glue = typeof import('@prisma/schema-engine-wasm/schema_engine_bg') & {
  __wbg_set_wasm(exports: WasmExports): void;
};
/** Node has WebAssembly; @types/node 20 does not declare it (it lives in lib.dom). */
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: WasmExports } }>;
};

let glue: Promise<Glue> | undefined;

async function loadGlue(): Promise<Glue> {
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const module = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as Glue;
  const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
  // The engine sets timers it never clears (the process would linger ~10 s after its work);
  // they are unref'd so they no longer keep the process alive.
  const imports: Record<string, unknown> = { ...module };
  for (const name of Object.keys(imports).filter((key) => key.startsWith('__wbg_setTimeout'))) {
    imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
  }
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': imports });
  module.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return module;
}

/**
 * Runs `work` with a schema engine bound to `db` and frees the engine afterwards
 * (a live engine keeps the process from exiting).
 */
export async function withSchemaEngine<T>(
  db: Database,
  schema: string,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  glue ??= loadGlue();
  const { SchemaEngine } = await glue;
  const logs: string[] = [];
  // The engine does not dispose the connections it opens; left open on PostgreSQL they keep
  // Prisma's migration advisory lock and the next process waits for it.
  const opened: SqlDriverAdapter[] = [];
  const track = async (adapter: Promise<SqlDriverAdapter>) => {
    opened.push(await adapter);
    return opened[opened.length - 1]!;
  };
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: db.factory.provider,
    adapterName: db.factory.adapterName,
    connect: () => track(db.factory.connect()),
    connectToShadowDb: () => track(db.factory.connectToShadowDb()),
  };
  const engine = await SchemaEngine.new(
    { datamodels: [['schema.prisma', schema]] },
    (line: string) => logs.push(line),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    return await work(engine);
  } catch (error) {
    throw new Error(`schema engine: ${describeEngineError(error)}`, { cause: error });
  } finally {
    engine.free();
    await Promise.allSettled(opened.map((adapter) => adapter.dispose()));
  }
}

function describeEngineError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    const record = error as Record<string, unknown>;
    if (typeof record.message === 'string') return record.message;
    return JSON.stringify(error);
  }
  return String(error);
}
