import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appendAuditEvent } from '../../src/modules/audit/chain.js';
import { registerAuditCommands } from '../../src/cli/audit.js';
import { openHub } from '../../src/db/open.js';
import { tasks } from '../support/scenario.js';

/** Runs `onetable audit verify` in this process on the data folder; returns stdout and exit code. */
async function verify(dataDir: string) {
  vi.stubEnv('ONETABLE_DATA_DIR', dataDir);
  vi.stubEnv('DATABASE_URL', '');
  const lines: string[] = [];
  const stdout = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const program = new Command('onetable').exitOverride();
  registerAuditCommands(program);
  try {
    await program.parseAsync(['audit', 'verify'], { from: 'user' });
    return { stdout: lines.join(''), code: process.exitCode ?? 0 };
  } finally {
    process.exitCode = undefined;
    stdout.mockRestore();
    stderr.mockRestore();
    vi.unstubAllEnvs();
  }
}

describe('onetable audit verify', () => {
  let dataDir: string;
  const ids: bigint[] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'onetable-audit-'));
    const hub = await openHub({ kind: 'pglite', dataDir });
    try {
      for (let i = 0; i < 3; i += 1) {
        const event = await appendAuditEvent(hub.prisma, {
          principal: 'apiKey:report-bot',
          sectionCode: 'health',
          purpose: tasks.population,
          operationName: null,
          operationHash: 'c'.repeat(64),
          fields: ['Resident.age'],
          residentIds: [i + 1],
          outcome: 'OK',
        });
        ids.push(event.id);
      }
    } finally {
      await hub.close();
    }
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('prints the number of events of an intact chain and exits 0', async () => {
    expect(await verify(dataDir)).toEqual({ stdout: 'audit chain intact: 3 events\n', code: 0 });
  });

  it('names the first broken event and exits 1', async () => {
    const hub = await openHub({ kind: 'pglite', dataDir });
    try {
      await hub.asOwner('ALTER TABLE audit_event DISABLE TRIGGER USER');
      await hub.asOwner(`UPDATE audit_event SET outcome = 'DENIED' WHERE id = $1`, [ids[1]]);
      await hub.asOwner('ALTER TABLE audit_event ENABLE TRIGGER USER');
    } finally {
      await hub.close();
    }
    const { stdout, code } = await verify(dataDir);
    expect(stdout).toMatch(
      new RegExp(`^audit chain broken at event ${ids[1]}: hash does not match`),
    );
    expect(code).toBe(1);
  });
});
