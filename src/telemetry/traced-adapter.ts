import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { inSpan, isTracing } from './tracing.js';

/** The SQL verb of a statement (SELECT, INSERT, …): the only part of it a span carries. */
function verb(sql: string): string {
  const word = /^\s*(?:\/\*[\s\S]*?\*\/\s*)*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SQL';
  return /^(SELECT|INSERT|UPDATE|DELETE|WITH|BEGIN|COMMIT|ROLLBACK|SET|SAVEPOINT|RELEASE)$/.test(
    word,
  )
    ? word
    : 'OTHER';
}

const statementMethods = new Set(['queryRaw', 'executeRaw']);

/** Wraps an adapter or a transaction so that each statement is a `db <verb>` span. */
function traceStatements<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, property) {
      const value = Reflect.get(object, property) as unknown;
      if (typeof value !== 'function') return value;
      if (statementMethods.has(String(property)))
        return (query: { sql: string }, ...rest: unknown[]) => {
          const operation = verb(query.sql);
          return inSpan(
            `db ${operation}`,
            { 'db.system.name': 'postgresql', 'db.operation.name': operation },
            () => (value as (...args: unknown[]) => Promise<unknown>).call(object, query, ...rest),
            'client',
          );
        };
      if (property === 'startTransaction')
        return async (...args: unknown[]) =>
          traceStatements(
            (await (value as (...a: unknown[]) => Promise<object>).apply(object, args)) as object,
          );
      return (value as (...args: unknown[]) => unknown).bind(object);
    },
  });
}

/**
 * The hub's driver-adapter factory, with a span per statement when tracing runs (decided at
 * connect time, which Prisma does on its first query). Without tracing: the factory itself.
 */
export function tracedFactory(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return new Proxy(factory, {
    get(object, property) {
      if (property !== 'connect') return Reflect.get(object, property) as unknown;
      return async () => {
        const adapter = await object.connect();
        return isTracing() ? traceStatements(adapter) : adapter;
      };
    },
  });
}
