/**
 * @onetable/sdk: a typed client for the OneTable hub.
 *
 *   const hub = createClient({ url, token, purpose: 'T2026-013' });
 *   const { communities } = await hub.request(CommunitiesDocument, { first: 10 });
 *   for await (const r of hub.paginate(ResidentsDocument, { first: 100 }, (d) => d.residents)) …
 *
 * Every operation in schema/operations/*.graphql is exported as `<Name>Document` (a
 * TypedDocumentNode) with its result type `<Name>Query` / `<Name>Mutation` and its variables.
 */
export {
  createClient,
  type ClientOptions,
  type OneTableClient,
  type RequestOptions,
  type Result,
  type VariablesArgs,
} from './client.js';
export {
  type ErrorCode,
  type ErrorDetail,
  errorCodes,
  isOneTableError,
  OneTableError,
} from './errors.js';
export {
  type Connection,
  nodesOf,
  type PagedVariables,
  type PageOptions,
  pagesOf,
} from './paginate.js';
export * from './generated/graphql.js';
