import { purposeRequired } from '../../access/access.js';
import { purposeAllowed, purposeNotAllowed } from '../../access/purpose.js';
import { appendAuditEvent } from '../audit/chain.js';
import { auditEventOf, operationHash } from '../audit/plugin.js';
import type { Context } from '../../context.js';
import { badInput, ErrorCode, isAppError } from '../../errors.js';
import { logger } from '../../logger.js';
import { registerRoute, type RouteRequest, sendRouteError } from '../../routes.js';
import { recordReport } from '../burden/report.js';
import { prepareReport } from './engine.js';
import { csvWriter, xlsxWriter } from './export-format.js';
import { streamPrepared } from './rows.js';
import { findSavedReport } from './saved.js';
import { loadedInput } from './saved-input.js';

const refusals = new Set<unknown>([
  ErrorCode.FORBIDDEN,
  ErrorCode.PURPOSE_REQUIRED,
  ErrorCode.PURPOSE_NOT_ALLOWED,
]);

async function audit(ctx: Context, savedInput: unknown, outcome: 'OK' | 'DENIED') {
  await appendAuditEvent(
    ctx.prisma,
    auditEventOf(
      ctx,
      'exportReport',
      await operationHash(JSON.stringify(savedInput ?? null)),
      outcome,
    ),
  );
}

/**
 * GET /reports/<SavedReport ID>/export?format=csv|xlsx — the saved report, run with the caller's
 * grants, jurisdiction and purpose (Authorization and X-Purpose as for /graphql), streamed as a
 * file. The audit event is committed before the first byte; the ledger entry once the
 * last row is written, before the response ends.
 */
async function exportReport({ res, url, params, context, schema }: RouteRequest): Promise<void> {
  let ctx: Context | undefined;
  let savedInput: unknown;
  const format = url.searchParams.get('format') ?? 'csv';
  try {
    if (format !== 'csv' && format !== 'xlsx') throw badInput('format', 'must be csv or xlsx');
    ctx = await context();
    if (!ctx.purpose) throw purposeRequired();
    if (!(await purposeAllowed(ctx, ctx.purpose))) {
      throw purposeNotAllowed(
        `task ${ctx.purpose} is not one this section is responsible for or assists with`,
      );
    }
    const saved = await findSavedReport(ctx, decodeURIComponent(params.id ?? ''));
    savedInput = saved.input;
    const input = loadedInput(schema, saved.input);
    const prepared = await prepareReport(ctx, input);
    await audit(ctx, savedInput, 'OK');
    const writer = format === 'csv' ? csvWriter(res) : xlsxWriter(res);
    const filename = `report-${saved.id}.${writer.extension}`;
    res.writeHead(200, {
      'content-type': writer.contentType,
      'content-disposition': `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(`${saved.name}.${writer.extension}`)}`,
      'cache-control': 'no-store',
    });
    await writer.start(prepared.columns, prepared.dimensions);
    await streamPrepared(ctx, prepared, (rows) => writer.write(rows));
    // Ledger before the response ends: a client that has the whole file finds the entry written.
    await recordReport(ctx, 'EXPORT', input, saved.id);
    await writer.end();
  } catch (error) {
    if (res.headersSent) {
      // A file cut short must not look complete: abort the response instead of ending it.
      logger.error(
        { err: error instanceof Error ? error.name : 'unknown', requestId: ctx?.requestId },
        'report export failed while streaming',
      );
      res.destroy();
      return;
    }
    if (ctx && isAppError(error) && refusals.has(error.extensions.code))
      await audit(ctx, savedInput, 'DENIED');
    sendRouteError(res, error);
  }
}

registerRoute({ method: 'GET', pattern: /\/reports\/(?<id>[^/]+)\/export/, handle: exportReport });
