import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ledgerCommunity, writeLedgerFile } from '../../bench/ledger-file.js';
import { issueToken } from '../../src/auth/tokens.js';
import { openHub } from '../../src/db/open.js';
import { cliEnv, cliPath } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { jwtSecretText } from '../support/hub.js';
import { insertScenario, sections, tasks } from '../support/scenario.js';
import { tempFolder } from '../tasks/files.js';

/**
 * `onetable import` killed with SIGKILL while it writes residents (one transaction): PostgreSQL
 * rolls the transaction back, nothing of the file is there, and the same import then succeeds.
 */
describe.skipIf(!process.env.DATABASE_URL)('kill -9 during an import (postgres)', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  });

  it('leaves nothing half-loaded', { timeout: 240_000 }, async () => {
    const database: TestDatabase = await createTestDatabase('postgres');
    cleanup.push(() => database.drop());
    if (database.target.kind !== 'postgres') throw new Error('expected PostgreSQL');
    const url = database.target.url;
    const hub = await openHub(database.target);
    await insertScenario(hub.prisma);
    await hub.close();
    const folder = await tempFolder();
    cleanup.push(() => rm(folder, { recursive: true, force: true }));
    const file = path.join(folder, 'ledger.csv');
    expect(ledgerCommunity).toBe('310106001001');
    await writeLedgerFile(file, 20_000);
    const token = await issueToken(new TextEncoder().encode(jwtSecretText), {
      section: sections.c1,
      user: '刘书记',
      ttlSeconds: 600,
    });
    const env = cliEnv({
      DATABASE_URL: url,
      ONETABLE_JWT_SECRET: jwtSecretText,
      ONETABLE_TOKEN: token,
      LOG_LEVEL: 'warn',
    });
    const args = [cliPath, 'import', 'residents', file, '--purpose', tasks.population];
    const watcher = new pg.Client({ connectionString: url });
    await watcher.connect();
    cleanup.push(() => watcher.end());
    const counts = async () => {
      const { rows } =
        await watcher.query(`SELECT (SELECT count(*) FROM resident)::int AS residents, (SELECT count(*) FROM household)::int AS households,
        (SELECT count(*) FROM burden_entry)::int AS entries, (SELECT count(*) FROM audit_event WHERE operation_name LIKE 'importResidents%')::int AS events`);
      return rows[0] as { residents: number; households: number; entries: number; events: number };
    };
    const before = await counts();

    const child = spawn(process.execPath, args, { env });
    const closed = once(child, 'close');
    // Kill once the transaction has written households and is inserting residents.
    let writing = 0;
    for (let i = 0; i < 3000 && child.exitCode === null; i++) {
      const { rows } = await watcher.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'INSERT INTO "resident"%'`,
      );
      if ((rows[0] as { n: number }).n > 0 && ++writing >= 2) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(writing).toBeGreaterThanOrEqual(2);
    child.kill('SIGKILL');
    const [, signal] = (await closed) as [number | null, string | null];
    expect(signal).toBe('SIGKILL');
    // The server ends the dead client's transaction when it notices the connection is gone.
    for (let i = 0; i < 200; i++) {
      const { rows } = await watcher.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
      );
      if ((rows[0] as { n: number }).n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await counts()).toEqual(before);

    const again = spawn(process.execPath, args, { env });
    let stdout = '';
    again.stdout.on('data', (d) => (stdout += d));
    const [code] = (await once(again, 'close')) as [number | null];
    expect(code).toBe(0);
    expect(stdout).toContain('created 20000, updated 0, unchanged 0, skipped 0, failed 0');
    const after = await counts();
    expect(after).toMatchObject({
      residents: before.residents + 20_000,
      entries: before.entries + 1,
      events: before.events + 1,
    });
  });
});
