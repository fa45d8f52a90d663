import { clearLogs } from '@prisma/debug';

/**
 * Prisma's driver adapter passes every statement to `@prisma/debug`, which keeps the arguments of
 * the last 100 calls in memory (for its crash reports) even when debugging is off. For an import
 * those are chunks of 5,000 people: up to the whole file, hundreds of megabytes of personal data
 * held until later statements push them out. The import clears that history after each bulk
 * statement. (PGlite's adapter has its own copy of the module, which this does not reach.)
 */
export function forgetStatementArguments(): void {
  clearLogs();
}
