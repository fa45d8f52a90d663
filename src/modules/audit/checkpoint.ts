import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  calculateJwkThumbprint,
  CompactSign,
  compactVerify,
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from 'jose';
import type { PrismaClient } from '../../db/client.js';
import { linkAuditEvents } from './linker.js';

/**
 * Checkpoints of the audit chain outside the database. The chain shows a changed or removed event
 * only to someone who cannot recompute hashes; a database superuser can rewrite events and re-hash
 * the whole chain, and `audit verify` passes. So the running hub signs the chain's head (last event
 * id, its hash, the number of events up to it, the time) every few minutes and appends it as one
 * JSON line to a file kept away from the database. `audit verify --checkpoints` then checks that
 * the chain still has, at every signed id, exactly the signed hash and count.
 *
 * A line: {"v":1,"at":…,"eventId":"…","hash":"…","events":n,"kid":…,"jwk":{public key},"jws":…}
 * where jws is a compact JWS (Ed25519 or ES256) whose payload is {v, at, eventId, hash, events}.
 */
export const checkpointKeyFile = 'audit-checkpoint-key.jwk';
const checkpointType = 'onetable-audit-checkpoint';

export type CheckpointAlg = 'Ed25519' | 'ES256';

export interface CheckpointKey {
  kid: string;
  alg: CheckpointAlg;
  privateKey: CryptoKey;
  /** The public half, with kid and alg: written into every line, printed by `audit checkpoint-key`. */
  publicJwk: JWK;
}

/** The head of the chain: its last event, that event's hash, and how many events there are up to it. */
export interface ChainHead {
  eventId: string;
  hash: string;
  events: number;
}

/** What a checkpoint signs. */
export interface CheckpointClaim extends ChainHead {
  v: 1;
  /** When it was signed (ISO 8601). */
  at: string;
}

export interface CheckpointLine extends CheckpointClaim {
  kid: string;
  jwk: JWK;
  jws: string;
}

function algOf(jwk: JWK): CheckpointAlg {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'Ed25519';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  throw new Error('an audit checkpoint key must be an Ed25519 (OKP) or EC P-256 JWK');
}

/** The public members of a JWK (never `d`), with its thumbprint as kid. */
export async function publicPart(jwk: JWK): Promise<{ kid: string; alg: CheckpointAlg; jwk: JWK }> {
  const alg = algOf(jwk);
  const members: JWK =
    alg === 'Ed25519'
      ? { kty: jwk.kty, crv: jwk.crv, x: jwk.x }
      : { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
  const kid = await calculateJwkThumbprint(members);
  return { kid, alg, jwk: { ...members, kid, alg } };
}

async function privateJwk(dataDir: string, env: NodeJS.ProcessEnv): Promise<JWK> {
  const configured = env.ONETABLE_AUDIT_CHECKPOINT_KEY?.trim();
  if (configured) {
    try {
      return JSON.parse(configured) as JWK;
    } catch {
      throw new Error(
        'ONETABLE_AUDIT_CHECKPOINT_KEY must be a private Ed25519 or EC P-256 JWK (JSON)',
      );
    }
  }
  // Generated once into the data folder (mode 0600), like the hub-token secret.
  const file = path.join(dataDir, checkpointKeyFile);
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing) return JSON.parse(existing) as JWK;
  const { privateKey } = await generateKeyPair('Ed25519', { extractable: true });
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(await exportJWK(privateKey)), {
    mode: 0o600,
    flag: 'wx',
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return JSON.parse(await readFile(file, 'utf8')) as JWK;
}

/** The signing key of checkpoints: ONETABLE_AUDIT_CHECKPOINT_KEY, else `audit-checkpoint-key.jwk` in the data folder. */
export async function loadCheckpointKey(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CheckpointKey> {
  const jwk = await privateJwk(dataDir, env);
  const { kid, alg, jwk: publicJwk } = await publicPart(jwk);
  if (!jwk.d) throw new Error('the audit checkpoint key must be a private JWK (with "d")');
  const privateKey = (await importJWK({ ...jwk, alg }, alg)) as CryptoKey;
  return { kid, alg, privateKey, publicJwk };
}

/**
 * The chain's head, after linking what is waiting; null while the chain is empty. `events` is the
 * head's place (seq): verify checks that places run 1, 2, 3, … with no gap.
 */
export async function chainHead(db: PrismaClient): Promise<ChainHead | null> {
  await linkAuditEvents(db);
  const last = await db.auditEvent.findFirst({
    where: { seq: { not: null } },
    orderBy: { seq: 'desc' },
    select: { id: true, seq: true, hash: true },
  });
  if (!last || last.seq === null || last.hash === null) return null;
  return { eventId: last.id.toString(), hash: last.hash, events: Number(last.seq) };
}

export async function signCheckpoint(
  key: CheckpointKey,
  head: ChainHead,
  at = new Date(),
): Promise<CheckpointLine> {
  const claim: CheckpointClaim = {
    v: 1,
    at: at.toISOString(),
    eventId: head.eventId,
    hash: head.hash,
    events: head.events,
  };
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(claim)))
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: checkpointType })
    .sign(key.privateKey);
  return { ...claim, kid: key.kid, jwk: key.publicJwk, jws };
}

export interface CheckpointWriterOptions {
  file: string;
  intervalSeconds: number;
  key: CheckpointKey;
  log: { info(data: object, message: string): void; error(data: object, message: string): void };
}

export interface CheckpointWriter {
  /** Signs and appends the head now, unless this process already wrote that head. */
  write(): Promise<void>;
  /** Stops the timer and writes a last checkpoint (clean shutdown). */
  stop(): Promise<void>;
}

/**
 * Appends a signed checkpoint to `file` now and every `intervalSeconds`, skipping a head this
 * process has already written. It keeps no state that other processes depend on: with several
 * replicas each appends its own lines (each line is one append, O_APPEND), and any of them may
 * stop or restart. A failed write is logged and retried at the next tick; the file must be
 * writable at start.
 */
export async function startCheckpointWriter(
  db: PrismaClient,
  options: CheckpointWriterOptions,
): Promise<CheckpointWriter> {
  const { file, key, log } = options;
  await appendFile(file, '');
  let lastWritten: string | null = null;
  let running: Promise<void> = Promise.resolve();

  async function writeHead() {
    const head = await chainHead(db);
    if (!head || `${head.eventId}:${head.hash}` === lastWritten) return;
    const line = await signCheckpoint(key, head);
    await appendFile(file, `${JSON.stringify(line)}\n`);
    lastWritten = `${head.eventId}:${head.hash}`;
    log.info(
      { eventId: head.eventId, events: head.events, kid: key.kid },
      'audit checkpoint written',
    );
  }
  const write = () => {
    running = running.then(writeHead).catch((error: unknown) => {
      const code = (error as { code?: unknown })?.code;
      log.error(
        {
          err: error instanceof Error ? error.name : 'unknown',
          code: typeof code === 'string' ? code : undefined,
        },
        'audit checkpoint could not be written',
      );
    });
    return running;
  };

  await write();
  const timer = setInterval(() => void write(), options.intervalSeconds * 1000);
  timer.unref();
  return {
    write,
    async stop() {
      clearInterval(timer);
      await write();
    },
  };
}

// ——— Verification ———

/** What the database holds at the ids checkpoints name (the admin command `audit.positions`). */
export interface EventPositions {
  /** Added to the positions of later batches; 0, as positions are places along the chain. */
  counted: number;
  /** The linked events among `ids`, each with its place along the chain (seq). */
  events: Array<{ id: string; hash: string; position: number }>;
}

/** At most this many ids per `audit.positions` call (a small request through the admin channel). */
export const positionsBatch = 500;

/**
 * For ids (ascending, all greater than `after`): which are linked events, their hashes and their
 * places along the chain. A place is the number of events up to and including it only while the
 * chain's places run 1, 2, 3, … with no gap, which `audit verify` checks in the same run.
 */
export async function eventPositions(
  db: PrismaClient,
  _after: string,
  ids: readonly string[],
): Promise<EventPositions> {
  if (ids.length === 0) return { counted: 0, events: [] };
  const rows = await db.$queryRaw<Array<{ id: string; hash: string; position: string }>>`
    SELECT id::text AS id, hash, seq::text AS position FROM audit_event
    WHERE id = ANY (${[...ids]}::text[]::bigint[]) AND seq IS NOT NULL
    ORDER BY id`;
  return {
    counted: 0,
    events: rows.map((r) => ({ id: r.id, hash: r.hash.trim(), position: Number(r.position) })),
  };
}

/** A checkpoint as read from a file, with where it was found. */
export interface ReadCheckpoint {
  where: string;
  claim?: CheckpointClaim;
  /** Why the line itself is not a valid checkpoint (unreadable, bad signature, unpinned key). */
  problem?: string;
}

export type CheckpointVerdict =
  | { ok: true; checkpoints: number; latest: CheckpointClaim | null }
  | {
      ok: false;
      checkpoints: number;
      disagreeing: number;
      where: string;
      claim?: CheckpointClaim;
      reason: string;
    };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function claimOf(value: Record<string, unknown>): CheckpointClaim | null {
  const { v, at, eventId, hash, events } = value;
  if (
    v !== 1 ||
    typeof at !== 'string' ||
    typeof eventId !== 'string' ||
    !/^[1-9]\d{0,18}$/.test(eventId)
  )
    return null;
  if (
    typeof hash !== 'string' ||
    !/^[0-9a-f]{64}$/.test(hash) ||
    typeof events !== 'number' ||
    !Number.isSafeInteger(events) ||
    events < 1
  )
    return null;
  return { v, at, eventId, hash, events };
}

/**
 * Reads one line: the key it names must be the key it carries (kid = thumbprint of jwk) and, when
 * keys are pinned, one of them; the JWS must verify under it; its payload must be the line's claim.
 */
export async function readCheckpointLine(
  text: string,
  where: string,
  pinned: ReadonlySet<string> | null,
): Promise<ReadCheckpoint> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { where, problem: 'not a JSON line' };
  }
  if (
    !isRecord(value) ||
    !isRecord(value.jwk) ||
    typeof value.kid !== 'string' ||
    typeof value.jws !== 'string'
  ) {
    return { where, problem: 'not a checkpoint (kid, jwk and jws are required)' };
  }
  const claim = claimOf(value);
  if (!claim)
    return { where, problem: 'not a checkpoint (v, at, eventId, hash and events are required)' };
  let key: { kid: string; alg: CheckpointAlg; jwk: JWK };
  try {
    key = await publicPart(value.jwk as JWK);
  } catch {
    return { where, claim, problem: 'its jwk is not an Ed25519 or EC P-256 public key' };
  }
  if (key.kid !== value.kid)
    return { where, claim, problem: 'its kid is not the thumbprint of its jwk' };
  if (pinned && !pinned.has(key.kid))
    return {
      where,
      claim,
      problem: `signed with key ${key.kid}, which is not a pinned --public-key`,
    };
  try {
    const { payload, protectedHeader } = await compactVerify(
      value.jws,
      await importJWK(key.jwk, key.alg),
      { algorithms: [key.alg] },
    );
    const signed = claimOf(
      JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>,
    );
    if (protectedHeader.kid !== key.kid || protectedHeader.typ !== checkpointType || !signed) {
      return { where, claim, problem: 'the signed content is not a checkpoint of this key' };
    }
    if (JSON.stringify(signed) !== JSON.stringify(claim))
      return { where, claim, problem: 'the line differs from what was signed' };
  } catch {
    return { where, claim, problem: 'its signature does not verify' };
  }
  return { where, claim };
}

/** Every checkpoint of a file (blank lines skipped), each checked on its own. */
export async function readCheckpointFile(
  file: string,
  pinned: ReadonlySet<string> | null,
): Promise<ReadCheckpoint[]> {
  const text = await readFile(file, 'utf8');
  const read: ReadCheckpoint[] = [];
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    read.push(await readCheckpointLine(line, `${file}:${i + 1}`, pinned));
  }
  return read;
}

/**
 * Checks checkpoints against the chain as the database holds it: at each signed id the event must
 * exist with exactly the signed hash, and the number of events up to it must be the signed count.
 * `positions` asks the database (see eventPositions), a batch at a time. Names the first
 * checkpoint, in file order, that disagrees.
 */
export async function checkCheckpoints(
  checkpoints: readonly ReadCheckpoint[],
  positions: (after: string, ids: string[]) => Promise<EventPositions>,
  batchSize = positionsBatch,
): Promise<CheckpointVerdict> {
  // No checkpoint proves nothing: an emptied file must not pass for an intact one.
  if (checkpoints.length === 0)
    return {
      ok: false,
      checkpoints: 0,
      disagreeing: 0,
      where: 'files',
      reason: 'there are no checkpoints in them',
    };
  const ids = [
    ...new Set(checkpoints.flatMap((c) => (c.claim && !c.problem ? [c.claim.eventId] : []))),
  ].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const found = new Map<string, { hash: string; events: number }>();
  let after = '0';
  let base = 0;
  for (let i = 0; i < ids.length; i += batchSize) {
    const batch = ids.slice(i, i + batchSize);
    const answer = await positions(after, batch);
    for (const event of answer.events)
      found.set(event.id, { hash: event.hash, events: base + event.position });
    base += answer.counted;
    after = batch[batch.length - 1]!;
  }
  const problems = checkpoints.map((c): string | null => {
    if (c.problem || !c.claim) return c.problem ?? 'unreadable';
    const event = found.get(c.claim.eventId);
    if (!event) return `event ${c.claim.eventId} does not exist: events were removed`;
    if (event.hash !== c.claim.hash)
      return `event ${c.claim.eventId} has another hash than was signed: the chain was changed after ${c.claim.at}`;
    if (event.events !== c.claim.events) {
      return `${event.events} events up to event ${c.claim.eventId}, ${c.claim.events} when signed: events were removed or inserted`;
    }
    return null;
  });
  const first = problems.findIndex((p) => p !== null);
  if (first < 0) {
    const latest = checkpoints.reduce<CheckpointClaim | null>(
      (best, c) =>
        c.claim && (!best || BigInt(c.claim.eventId) > BigInt(best.eventId)) ? c.claim : best,
      null,
    );
    return { ok: true, checkpoints: checkpoints.length, latest };
  }
  const failed = checkpoints[first]!;
  return {
    ok: false,
    checkpoints: checkpoints.length,
    disagreeing: problems.filter((p) => p !== null).length,
    where: failed.where,
    ...(failed.claim ? { claim: failed.claim } : {}),
    reason: problems[first]!,
  };
}

/** The line `audit verify --checkpoints` prints for a verdict. */
export function describeCheckpointVerdict(verdict: CheckpointVerdict): string {
  if (verdict.ok) {
    const latest = verdict.latest
      ? ` (latest: event ${verdict.latest.eventId}, ${verdict.latest.events} events, signed ${verdict.latest.at})`
      : '';
    return `audit checkpoints agree: ${verdict.checkpoints} checkpoint${verdict.checkpoints === 1 ? '' : 's'}${latest}`;
  }
  const signed = verdict.claim
    ? ` (event ${verdict.claim.eventId}, signed ${verdict.claim.at})`
    : '';
  const more =
    verdict.disagreeing > 1
      ? `; ${verdict.disagreeing} of ${verdict.checkpoints} checkpoints disagree`
      : '';
  return `audit checkpoint ${verdict.where}${signed} disagrees: ${verdict.reason}${more}`;
}

/** Thumbprints of the keys in a --public-key file: one JWK, or a JWKS ({"keys": [...]}). */
export async function pinnedKeyIds(file: string): Promise<string[]> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code)
      throw new Error(`cannot read --public-key ${file}`, { cause: error });
    throw new Error(`--public-key ${file} is not JSON`, { cause: error });
  }
  const keys = isRecord(value) && Array.isArray(value.keys) ? value.keys : [value];
  const kids: string[] = [];
  for (const key of keys) {
    try {
      kids.push((await publicPart(key as JWK)).kid);
    } catch {
      throw new Error(
        `--public-key ${file} holds something that is not an Ed25519 or EC P-256 JWK`,
      );
    }
  }
  return kids;
}
