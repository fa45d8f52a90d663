/**
 * Prints the civil-affairs elderly-care list from a running OneTable hub.
 *
 *   ONETABLE_TOKEN=$(npx onetable token --section civil-affairs) npm run example
 *
 * Environment: ONETABLE_TOKEN (required), ONETABLE_URL (default http://127.0.0.1:4000/graphql),
 * ONETABLE_PURPOSE (task code; default: the year's task about people living alone).
 * Options: --csv (CSV instead of a table), --community <ID>, --tag <code>, --days <n> (a visit is
 * due after n days without one; default 30).
 */
import { parseArgs } from 'node:util';
import { createClient, isOneTableError } from '@onetable/sdk';
import { buildCareList, findCareTask, toCsv, toTable } from './care-list.js';

const { values } = parseArgs({
  options: {
    csv: { type: 'boolean', default: false },
    community: { type: 'string' },
    tag: { type: 'string', default: 'ELDERLY_ALONE' },
    days: { type: 'string', default: '30' },
  },
});

async function main(): Promise<number> {
  const token = process.env.ONETABLE_TOKEN;
  if (!token) {
    console.error(
      'Set ONETABLE_TOKEN, e.g. ONETABLE_TOKEN=$(npx onetable token --section civil-affairs) npm run example',
    );
    return 2;
  }
  const dueAfterDays = Number(values.days);
  if (!Number.isInteger(dueAfterDays) || dueAfterDays < 1) {
    console.error('--days must be a whole number of days');
    return 2;
  }
  const url = process.env.ONETABLE_URL ?? 'http://127.0.0.1:4000/graphql';
  let hub = createClient({ url, token });
  const purpose = process.env.ONETABLE_PURPOSE ?? (await findCareTask(hub));
  if (!purpose) {
    console.error(
      'No task about people living alone on the task list: set ONETABLE_PURPOSE to a task code',
    );
    return 2;
  }
  hub = hub.withPurpose(purpose);
  const rows = await buildCareList(hub, {
    tag: values.tag,
    community: values.community,
    asOf: new Date(),
    dueAfterDays,
  });
  const due = rows.filter((row) => row.due).length;
  const summary = `${values.tag}: ${rows.length} residents, ${due} due for a home visit (no visit in ${dueAfterDays} days); purpose ${purpose}`;
  if (values.csv) {
    process.stdout.write(toCsv(rows));
    console.error(summary);
  } else {
    process.stdout.write(toTable(rows));
    console.log(`\n${summary}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Typed errors: say what to do about the usual ones.
    if (isOneTableError(error)) {
      const hints: Partial<Record<typeof error.code, string>> = {
        UNAUTHENTICATED: 'the token is missing, expired or signed with another key',
        PURPOSE_NOT_ALLOWED: 'your section may not name this task as its purpose',
        FORBIDDEN: 'your section has no grant on a field this list reads',
        NETWORK_ERROR: 'is the hub running (npm start)?',
      };
      console.error(
        `OneTable: ${error.code}: ${error.message}${hints[error.code] ? ` (${hints[error.code]})` : ''}`,
      );
    } else {
      console.error(error);
    }
    process.exit(1);
  },
);
