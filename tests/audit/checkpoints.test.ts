import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendAuditEvent,
  auditEventHash,
  genesisHash,
  verifyAuditChain,
} from '../../src/modules/audit/chain.js';
import {
  type CheckpointKey,
  type CheckpointLine,
  checkCheckpoints,
  checkpointKeyFile,
  eventPositions,
  loadCheckpointKey,
  readCheckpointFile,
  signCheckpoint,
  startCheckpointWriter,
} from '../../src/modules/audit/checkpoint.js';
import { loadJwtSecret } from '../../src/auth/secret.js';
import { issueToken } from '../../src/auth/tokens.js';
import { type Hub, openHub } from '../../src/db/open.js';
import { migratedDataDir } from '../support/cli-admin.js';
import { runCli, startServe, stop } from '../support/cli.js';
import { createTestDatabase, type TestDatabase, testDatabaseKinds } from '../support/databases.js';
import { tasks } from '../support/scenario.js';

const quiet = { info: () => {}, error: () => {} };

async function lines(file: string): Promise<CheckpointLine[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CheckpointLine);
}

async function until(condition: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * What a database superuser can do: with the append-only triggers off, change an event and
 * recompute every hash after it with the project's own hash function, so `audit verify` passes.
 */
async function rewriteChain(hub: Hub, id: bigint, principal: string): Promise<void> {
  await hub.asOwner('ALTER TABLE audit_event DISABLE TRIGGER USER');
  try {
    let prevHash = genesisHash;
    for (const event of await hub.prisma.auditEvent.findMany({ orderBy: { id: 'asc' } })) {
      const rewritten = {
        ...event,
        principal: event.id === id ? principal : event.principal,
        prevHash,
      };
      const hash = auditEventHash(rewritten);
      await hub.asOwner(
        'UPDATE audit_event SET principal = $1, prev_hash = $2, hash = $3 WHERE id = $4',
        [rewritten.principal, prevHash, hash, event.id],
      );
      prevHash = hash;
    }
  } finally {
    await hub.asOwner('ALTER TABLE audit_event ENABLE TRIGGER USER');
  }
}

async function deleteEvent(hub: Hub, id: bigint): Promise<void> {
  await hub.asOwner('ALTER TABLE audit_event DISABLE TRIGGER USER');
  try {
    await hub.asOwner('DELETE FROM audit_event WHERE id = $1', [id]);
  } finally {
    await hub.asOwner('ALTER TABLE audit_event ENABLE TRIGGER USER');
  }
}

describe.each(testDatabaseKinds())('audit checkpoints (%s)', (kind) => {
  let database: TestDatabase;
  let hub: Hub;
  let dir: string;
  let file: string;
  let key: CheckpointKey;
  const ids: bigint[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    hub = await openHub(database.target);
    dir = await mkdtemp(path.join(tmpdir(), 'onetable-checkpoints-'));
    file = path.join(dir, 'checkpoints.jsonl');
    // An EC P-256 key given as ONETABLE_AUDIT_CHECKPOINT_KEY (the serve test below uses a generated Ed25519 one).
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    key = await loadCheckpointKey('/nonexistent', {
      ONETABLE_AUDIT_CHECKPOINT_KEY: JSON.stringify(await exportJWK(privateKey)),
    });
  });
  afterAll(async () => {
    await hub?.close();
    await database?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  async function append(n: number) {
    for (let i = 0; i < n; i += 1) {
      const event = await appendAuditEvent(hub.prisma, {
        principal: 'token:auditor-test',
        sectionCode: 'health',
        purpose: tasks.population,
        operationName: 'Look',
        operationHash: 'd'.repeat(64),
        fields: ['Resident.name'],
        residentIds: [ids.length + 1],
        outcome: 'OK',
      });
      ids.push(event.id);
    }
  }
  /** Reads the files and checks them against the database, two ids per batch (to cross batches). */
  async function check(files = [file], pinned: Set<string> | null = null) {
    const read = (await Promise.all(files.map((f) => readCheckpointFile(f, pinned)))).flat();
    return checkCheckpoints(read, (after, batch) => eventPositions(hub.prisma, after, batch), 2);
  }

  it('signs the head at start and at each interval, not the same head twice, and at stop', async () => {
    await append(2);
    const writer = await startCheckpointWriter(hub.prisma, {
      file,
      intervalSeconds: 1,
      key,
      log: quiet,
    });
    const first = await lines(file);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      v: 1,
      eventId: String(ids[1]),
      events: 2,
      kid: key.kid,
      jwk: { kty: 'EC', crv: 'P-256', kid: key.kid },
    });
    expect(first[0]?.hash).toBe(
      (await hub.prisma.auditEvent.findUniqueOrThrow({ where: { id: ids[1]! } })).hash,
    );
    expect(JSON.stringify(first)).not.toContain('"d"');
    await append(1);
    await until(async () => (await lines(file)).length === 2);
    expect((await lines(file))[1]).toMatchObject({ eventId: String(ids[2]), events: 3 });
    // Nothing new: no new line.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await lines(file)).toHaveLength(2);
    await append(1);
    await writer.stop();
    const all = await lines(file);
    expect(all).toHaveLength(3);
    expect(all[2]).toMatchObject({ eventId: String(ids[3]), events: 4 });
  });

  it('agrees with the chain it was written from, batch after batch', async () => {
    expect(await check()).toMatchObject({
      ok: true,
      checkpoints: 3,
      latest: { eventId: String(ids[3]), events: 4 },
    });
    // Pinned to the signing key: still fine.
    expect(await check([file], new Set([key.kid]))).toMatchObject({ ok: true, checkpoints: 3 });
  });

  it('refuses a line that was edited, does not verify, lies about the count, or is not of a pinned key', async () => {
    const [good] = await lines(file);
    const other = await loadCheckpointKey(dir, {});
    const head = { eventId: good!.eventId, hash: good!.hash, events: good!.events };
    const cases: Array<[CheckpointLine | string, string]> = [
      [{ ...good!, hash: 'e'.repeat(64) }, 'the line differs from what was signed'],
      [{ ...good!, jws: `${good!.jws.slice(0, -4)}AAAA` }, 'its signature does not verify'],
      [{ ...good!, jwk: other.publicJwk }, 'its kid is not the thumbprint of its jwk'],
      [
        await signCheckpoint(key, { ...head, events: head.events + 1 }),
        `${head.events} events up to event ${head.eventId}, ${head.events + 1} when signed`,
      ],
      ['{"v":1,', 'not a JSON line'],
    ];
    for (const [line, reason] of cases) {
      const forged = path.join(dir, 'forged.jsonl');
      await writeFile(forged, `${typeof line === 'string' ? line : JSON.stringify(line)}\n`);
      const verdict = await check([file, forged]);
      expect(verdict).toMatchObject({ ok: false, where: `${forged}:1`, disagreeing: 1 });
      expect(verdict.ok ? '' : verdict.reason).toContain(reason);
    }
    // A valid line of another key passes unless the key is pinned.
    const foreign = path.join(dir, 'foreign.jsonl');
    await writeFile(foreign, `${JSON.stringify(await signCheckpoint(other, head))}\n`);
    expect(await check([file, foreign])).toMatchObject({ ok: true, checkpoints: 4 });
    const pinned = await check([file, foreign], new Set([key.kid]));
    expect(pinned).toMatchObject({ ok: false, where: `${foreign}:1` });
    expect(pinned.ok ? '' : pinned.reason).toBe(
      `signed with key ${other.kid}, which is not a pinned --public-key`,
    );
    // An empty file proves nothing.
    await writeFile(foreign, '');
    expect(await check([foreign])).toMatchObject({ ok: false, checkpoints: 0 });
  });

  it('names the checkpoint of a removed last event, which the chain alone cannot show', async () => {
    await deleteEvent(hub, ids[3]!);
    expect(await verifyAuditChain(hub.prisma)).toEqual({ ok: true, events: 3, unlinked: 0 });
    const verdict = await check();
    expect(verdict).toMatchObject({ ok: false, where: `${file}:3`, disagreeing: 1 });
    expect(verdict.ok ? '' : verdict.reason).toBe(
      `event ${ids[3]} does not exist: events were removed`,
    );
  });

  it('names the first checkpoint after a superuser rewrote and re-hashed the chain, which verify passes', async () => {
    await rewriteChain(hub, ids[2]!, 'token:someone-else');
    expect(await verifyAuditChain(hub.prisma)).toEqual({ ok: true, events: 3, unlinked: 0 });
    const verdict = await check();
    // Line 1 (event 2) still agrees; line 2 (event 3, rewritten) is the first that does not.
    expect(verdict).toMatchObject({
      ok: false,
      where: `${file}:2`,
      disagreeing: 2,
      claim: { eventId: String(ids[2]) },
    });
    expect(verdict.ok ? '' : verdict.reason).toMatch(
      new RegExp(`^event ${ids[2]} has another hash than was signed`),
    );
  });
});

describe('audit checkpoints of onetable serve, checked by onetable audit verify', () => {
  let dataDir: string;
  let outDir: string;
  beforeAll(async () => {
    dataDir = await migratedDataDir('onetable-checkpoint-serve-');
    outDir = await mkdtemp(path.join(tmpdir(), 'onetable-checkpoint-file-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await rm(outDir, { recursive: true, force: true });
  });

  it('writes at intervals and at shutdown; verify --checkpoints catches a re-hashed chain that plain verify passes', async () => {
    const file = path.join(outDir, 'checkpoints.jsonl');
    const env = {
      ONETABLE_DATA_DIR: dataDir,
      ONETABLE_DEMO_RESIDENTS: '30',
      ONETABLE_AUDIT_CHECKPOINT_FILE: file,
      ONETABLE_AUDIT_CHECKPOINT_SECONDS: '3600',
    };
    /** A request refused for its missing purpose: one audit event. */
    const refused = async (url: string) => {
      const token = await issueToken(await loadJwtSecret(dataDir), {
        section: 'civil-affairs',
        user: 'test',
        ttlSeconds: 60,
      });
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: 'query Look { residents(first: 1) { edges { node { name } } } }',
        }),
      });
      expect(res.status).toBe(403);
    };

    // 1. A long interval: the only checkpoint is the one written at the clean shutdown.
    const first = await startServe(env);
    try {
      for (let i = 0; i < 3; i += 1) await refused(first.url);
      expect(await lines(file)).toEqual([]);
    } finally {
      expect(await stop(first.child)).toBe(0);
    }
    expect(await lines(file)).toMatchObject([
      { eventId: '3', events: 3, jwk: { kty: 'OKP', crv: 'Ed25519' } },
    ]);
    expect((await stat(path.join(dataDir, checkpointKeyFile))).mode & 0o777).toBe(0o600);

    // 2. Every second: a checkpoint at start, then one for the new event; verify through the server.
    const second = await startServe({ ...env, ONETABLE_AUDIT_CHECKPOINT_SECONDS: '1' });
    try {
      await refused(second.url);
      await until(async () => (await lines(file)).some((line) => line.events === 4));
      const publicKey = await runCli(['audit', 'checkpoint-key'], env);
      expect(publicKey.code).toBe(0);
      expect(JSON.parse(publicKey.stdout)).toEqual((await lines(file))[0]?.jwk);
      await writeFile(path.join(outDir, 'public.jwk'), publicKey.stdout);
      const ok = await runCli(
        ['audit', 'verify', '--checkpoints', file, '--public-key', path.join(outDir, 'public.jwk')],
        env,
      );
      expect(ok.stderr).toContain('through the server');
      expect(ok.stdout).toMatch(
        /^audit chain intact: 4 events\naudit checkpoints agree: 3 checkpoints \(latest: event 4, 4 events, signed [^)]+\)\n$/,
      );
      expect(ok.code).toBe(0);
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
    expect(await lines(file)).toHaveLength(3);

    const hub = await openHub({ kind: 'pglite', dataDir });
    try {
      await rewriteChain(hub, 2n, 'token:nobody');
    } finally {
      await hub.close();
    }
    const [plain, checked] = [
      await runCli(['audit', 'verify'], env),
      await runCli(['audit', 'verify', '--checkpoints', file], env),
    ];
    expect(plain).toMatchObject({ code: 0, stdout: 'audit chain intact: 4 events\n' });
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('audit chain intact: 4 events\n');
    expect(checked.stdout).toMatch(
      new RegExp(
        `audit checkpoint ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1 \\(event 3, signed [^)]+\\) disagrees: event 3 has another hash than was signed.*; 3 of 3 checkpoints disagree\\n$`,
      ),
    );
  }, 240_000);
});
