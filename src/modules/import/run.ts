import { createHash } from 'node:crypto';
import { forbidden, purposeRequired } from '../../access/access.js';
import { purposeAllowed, purposeNotAllowed } from '../../access/purpose.js';
import { appendAuditEvent } from '../audit/chain.js';
import { kickAuditLinker } from '../audit/linker.js';
import { auditEventOf } from '../audit/plugin.js';
import type { Context } from '../../context.js';
import { badInput, ErrorCode, isAppError } from '../../errors.js';
import type { AuditOutcome } from '../../generated/prisma/enums.js';
import { logger } from '../../logger.js';
import { recordBurden } from '../burden/ledger.js';
import { type FieldName, type ImportKind, kinds } from './fields.js';
import { loadHouseholds } from './households.js';
import { layoutOf, type Mapping, recordsOf } from './mapping.js';
import { readSheet, type Sheet } from './parse.js';
import type { Progress } from './progress.js';
import { loadResidents } from './residents.js';
import { loadServices, loadTags } from './services.js';
import type { Counts, Load } from './sql.js';
import { validateLines } from './lines.js';
import { findMapping, saveMapping } from './saved-mapping.js';
import type { RowError } from './validate.js';

export type OnExisting = 'skip' | 'update' | 'fail';

export interface ImportOptions {
  kind: ImportKind;
  /** Community code; a committee's own community when omitted. */
  community?: string;
  mapping?: Mapping;
  /** A mapping the section saved under this name (instead of `mapping`). */
  mappingName?: string;
  /** Save `mapping` under this name for the section once the file's headings matched (also on a dry run). */
  saveMappingAs?: string;
  onExisting: OnExisting;
  dryRun: boolean;
  partial: boolean;
  /** Hears how far the import got (the CLI's progress bar). */
  progress?: Progress;
  /** Whether to write the import's log line (default true; the CLI prints its own summary instead). */
  log?: boolean;
}

export interface ImportResult {
  kind: ImportKind;
  community: string;
  /** SHA-256 (hex) of the file as received: the audit event's operation hash. */
  sha256: string;
  format: 'csv' | 'xlsx';
  encoding: string;
  headerLine: number;
  /** Headings left out of the import (not a field of this kind). */
  ignoredHeadings: string[];
  /** Each heading of the heading line and the field it was read as (null: not imported). */
  columns: Array<{ heading: string; field: FieldName | null }>;
  counts: Counts;
  /** Line errors, by line; messages name headings and rules, never values. */
  errors: RowError[];
  /** Whether the database was changed (false for a dry run and for a refused all-or-nothing import). */
  applied: boolean;
  dryRun: boolean;
}

const refusals = new Set<unknown>([
  ErrorCode.FORBIDDEN,
  ErrorCode.PURPOSE_REQUIRED,
  ErrorCode.PURPOSE_NOT_ALLOWED,
]);

/** Thrown inside the transaction to roll it back: a dry run, or errors without --partial. */
class Rollback extends Error {}

/** The transaction of a 100,000-line import takes seconds; this bounds a stuck one. */
const transactionTimeoutMs = 30 * 60_000;

/** Who may import where: a committee or street office, with a purpose it owns or assists, into a community of its jurisdiction. */
async function communityOf(
  ctx: Context,
  code: string | undefined,
): Promise<{ id: number; code: string }> {
  const section = ctx.principal.section;
  if (section.level === 'DISTRICT')
    throw forbidden('only committees and street offices import ledgers');
  if (!ctx.purpose) throw purposeRequired();
  if (!(await purposeAllowed(ctx, ctx.purpose)))
    throw purposeNotAllowed(
      `task ${ctx.purpose} is not one this section is responsible for or assists with`,
    );
  if (code === undefined && section.level !== 'COMMUNITY')
    throw badInput(
      'community',
      'a street office names the community to import into (--community CODE)',
    );
  const community =
    code === undefined
      ? await ctx.prisma.community.findUnique({
          where: { id: section.communityId ?? -1 },
          select: { id: true, code: true },
        })
      : await ctx.prisma.community.findUnique({
          where: { code },
          select: { id: true, code: true },
        });
  // Row-level security hides communities outside the jurisdiction: they look like unknown codes.
  if (!community) throw forbidden("community: not a community of this section's jurisdiction");
  return community;
}

function isRowSecurityRefusal(error: unknown): boolean {
  const text =
    error instanceof Error
      ? `${error.message} ${JSON.stringify((error as { meta?: unknown }).meta ?? null)}`
      : '';
  return text.includes('42501') || text.includes('row-level security');
}

function operationName(kind: ImportKind, counts: Counts, dryRun: boolean): string {
  const c = counts;
  return `${kinds[kind].operation} lines=${c.lines} created=${c.created} updated=${c.updated} unchanged=${c.unchanged} skipped=${c.skipped} failed=${c.failed}${dryRun ? ' dry-run' : ''}`;
}

const auditFields: Record<ImportKind, string[]> = {
  residents: [
    'Resident.idNumber',
    'Resident.name',
    'Resident.phone',
    'Resident.ethnicity',
    'Resident.birthDate',
    'Resident.gender',
    'Household.address',
  ],
  households: ['Household.address', 'Resident.idNumber'],
  services: ['Resident.idNumber', 'ServiceRecord.notes'],
  tags: ['Resident.idNumber', 'Resident.tags'],
};

/**
 * Imports a ledger file as the request's principal, within its jurisdiction (every statement runs
 * under the request's row-level-security scope), in one transaction: all or nothing unless
 * `partial`, nothing at all for a dry run. Audited (file SHA-256, counts, purpose) and, when
 * applied, recorded in the burden ledger. The CLI and POST /import/<kind> both run this.
 */
export async function runImport(
  ctx: Context,
  bytes: Uint8Array,
  options: ImportOptions,
): Promise<ImportResult> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let community: { id: number; code: string };
  try {
    community = await communityOf(ctx, options.community);
  } catch (error) {
    if (isAppError(error) && refusals.has(error.extensions.code)) {
      await appendAuditEvent(
        ctx.prisma,
        auditEventOf(ctx, kinds[options.kind].operation, sha256, 'DENIED'),
      );
    }
    throw error;
  }
  if (options.mappingName !== undefined)
    options = { ...options, mapping: await findMapping(ctx, options.kind, options.mappingName) };
  options.progress?.('reading', 0, 1);
  let sheet: Sheet | null = await readSheet(bytes);
  const { format, encoding } = sheet;
  const layout = layoutOf(sheet, options.kind, options.mapping);
  if (options.saveMappingAs !== undefined) {
    await saveMapping(ctx, options.kind, options.saveMappingAs, options.mapping ?? {});
  }
  options.progress?.('checking', 0, 1);
  const { lines, errors, count } = validateLines(
    options.kind,
    recordsOf(sheet, layout),
    layout.labels,
  );
  // eslint-disable-next-line no-useless-assignment -- drops the reference so the cells can be collected
  sheet = null; // the cells are not needed any more: let a large file's go before loading
  options.progress?.('checked', 1, 1);
  const counts: Counts = {
    lines: count,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    failed: 0,
    householdsCreated: 0,
    tagsAdded: 0,
  };
  const result: ImportResult = {
    kind: options.kind,
    community: community.code,
    sha256,
    format,
    encoding,
    headerLine: layout.headerLine,
    ignoredHeadings: layout.ignored,
    columns: layout.headings.map((heading, i) => ({ heading, field: layout.columns[i] ?? null })),
    counts,
    errors,
    applied: false,
    dryRun: options.dryRun,
  };
  const load: Load = {
    tx: ctx.prisma,
    communityId: community.id,
    sectionId: ctx.principal.section.id,
    principalName: ctx.principal.name,
    onExisting: options.onExisting,
    stamp: new Date().toISOString().replace('T', ' ').replace('Z', ''),
    counts,
    errors,
    labels: layout.labels,
    written: new Set(),
    read: new Set(),
    progress: options.progress ?? (() => {}),
  };
  const finish = () => {
    counts.failed = new Set(errors.map((e) => e.line)).size;
    errors.sort((a, b) => a.line - b.line);
  };
  const outcome = (): AuditOutcome =>
    errors.length === 0 ? 'OK' : options.partial && !options.dryRun ? 'PARTIAL' : 'ERROR';
  try {
    await ctx.prisma.$transaction(
      async (tx) => {
        load.tx = tx;
        if (options.kind === 'residents')
          await loadResidents(load, lines.residents, options.partial);
        else if (options.kind === 'households') await loadHouseholds(load, lines.households);
        else if (options.kind === 'services') await loadServices(load, lines.services);
        else await loadTags(load, lines.tags);
        finish();
        if (options.dryRun || (errors.length > 0 && !options.partial)) throw new Rollback();
        await recordBurden(tx as typeof ctx.prisma, {
          kind: 'IMPORT',
          sectionId: ctx.principal.section.id,
          dataset: kinds[options.kind].dataset,
          communityIds: [community.id],
        });
        await appendAuditEvent(
          tx as typeof ctx.prisma,
          {
            ...auditEventOf(ctx, operationName(options.kind, counts, false), sha256, outcome()),
            fields: auditFields[options.kind],
            residentIds: [...load.written, ...load.read],
          },
          { inTransaction: true },
        );
        result.applied = true;
      },
      { timeout: transactionTimeoutMs, maxWait: 60_000 },
    );
    // The event committed with the import: now it can be chained.
    kickAuditLinker(ctx.prisma);
  } catch (error) {
    if (!(error instanceof Rollback)) {
      if (isRowSecurityRefusal(error))
        throw forbidden("the file writes rows outside this section's jurisdiction");
      throw error;
    }
    // Nothing was written: the event lists the residents the file was compared with.
    await appendAuditEvent(ctx.prisma, {
      ...auditEventOf(ctx, operationName(options.kind, counts, options.dryRun), sha256, outcome()),
      fields: auditFields[options.kind],
      residentIds: [...load.read],
    });
  }
  if (options.log !== false)
    logger.info(
      {
        requestId: ctx.requestId,
        section: ctx.principal.section.code,
        kind: options.kind,
        applied: result.applied,
        dryRun: options.dryRun,
        ...counts,
      },
      'ledger import',
    );
  return result;
}
