import type { IncomingMessage } from 'node:http';
import { intFromEnv } from '../../config.js';
import { AppError, badInput, ErrorCode } from '../../errors.js';
import { registerRoute, type RouteRequest, sendJson, sendRouteError } from '../../routes.js';
import { type ImportKind, importKinds } from './fields.js';
import { type Mapping, parseMapping } from './mapping.js';
import { checkMappingName } from './saved-mapping.js';
import { type ImportOptions, type OnExisting, runImport } from './run.js';

/** ONETABLE_IMPORT_MAX_BYTES: largest ledger file accepted by POST /import/<kind> (default 64 MB). */
export const importMaxBytes = () =>
  intFromEnv('ONETABLE_IMPORT_MAX_BYTES', 64 * 1024 * 1024, process.env);

async function readFileBody(req: IncomingMessage, max: number): Promise<Uint8Array> {
  if (Number(req.headers['content-length'] ?? 0) > max) throw tooLarge(max);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) throw tooLarge(max);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const tooLarge = (max: number) =>
  new AppError(
    ErrorCode.BAD_USER_INPUT,
    `file: larger than ${max} bytes (ONETABLE_IMPORT_MAX_BYTES)`,
    { field: 'file', http: { status: 413 } },
  );

const flag = (search: URLSearchParams, name: string) => {
  const value = search.get(name);
  if (value === null || value === '' || value === '1' || value === 'true') return value !== null;
  if (value === '0' || value === 'false') return false;
  throw badInput(name, 'must be true or false');
};

/** The query options of the route, checked (the same names as the CLI's options, camel-cased). */
export function importOptions(kind: ImportKind, search: URLSearchParams): ImportOptions {
  const onExisting = search.get('onExisting') ?? 'skip';
  if (onExisting !== 'skip' && onExisting !== 'update' && onExisting !== 'fail')
    throw badInput('onExisting', 'must be skip, update or fail');
  let mapping: Mapping | undefined;
  const mappingText = search.get('mapping');
  if (mappingText !== null) {
    try {
      mapping = parseMapping(kind, JSON.parse(mappingText));
    } catch (error) {
      throw error instanceof SyntaxError ? badInput('mapping', 'must be JSON') : error;
    }
  }
  const mappingName = search.get('mappingName') ?? undefined;
  if (mappingName !== undefined && mapping)
    throw badInput('mappingName', 'give mapping or mappingName, not both');
  const saveMappingAs = search.get('saveMapping') ?? undefined;
  if (saveMappingAs !== undefined) {
    checkMappingName(saveMappingAs, 'saveMapping');
    if (!mapping) throw badInput('saveMapping', 'saves the mapping given: give mapping too');
  }
  const community = search.get('community') ?? undefined;
  if (community !== undefined && !/^\d{6,16}$/.test(community))
    throw badInput('community', 'must be a community code (digits)');
  return {
    kind,
    community,
    mapping,
    mappingName: mappingName === undefined ? undefined : checkMappingName(mappingName),
    saveMappingAs,
    onExisting: onExisting as OnExisting,
    dryRun: flag(search, 'dryRun'),
    partial: flag(search, 'partial'),
  };
}

/**
 * POST /import/<residents|households|services|tags>?community=&onExisting=&dryRun=&partial=&mapping=
 * (or &mappingName=, a mapping the section saved; &saveMapping=NAME saves the mapping given)
 * with the CSV or XLSX file as the body; Authorization and X-Purpose as for /graphql. Answers the
 * ImportResult as JSON (200, also when lines were refused: see `applied` and `errors`).
 */
async function importRoute({ req, res, url, params, context }: RouteRequest): Promise<void> {
  try {
    const kind = params.kind as ImportKind;
    const options = importOptions(kind, url.searchParams);
    const ctx = await context();
    const bytes = await readFileBody(req, importMaxBytes());
    sendJson(res, 200, await runImport(ctx, bytes, options));
  } catch (error) {
    sendRouteError(res, error);
  }
}

registerRoute({
  method: 'POST',
  pattern: new RegExp(`/import/(?<kind>${importKinds.join('|')})`),
  handle: importRoute,
});
