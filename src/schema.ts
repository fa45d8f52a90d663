import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './modules/common/scalars.js';
import './modules/geo/type.js';
import './modules/geo/queries.js';
import './modules/section/type.js';
import './modules/household/type.js';
import './modules/household/queries.js';
import './modules/household/compiled.js';
import './modules/resident/type.js';
import './modules/resident/queries.js';
import './modules/resident/compiled.js';
import './modules/resident/mutations.js';
import './modules/tag/type.js';
import './modules/tag/queries.js';
import './modules/tag/mutations.js';
import './modules/service/type.js';
import './modules/service/queries.js';
import './modules/service/mutations.js';
import './modules/hotline/type.js';
import './modules/hotline/queries.js';
import './modules/task/type.js';
import './modules/task/queries.js';
import './modules/grant/type.js';
import './modules/grant/mutations.js';
import './modules/audit/type.js';
import './modules/audit/queries.js';
import './modules/report/types.js';
import './modules/report/queries.js';
import './modules/report/saved-type.js';
import './modules/report/saved.js';
import './modules/report/export.js';
import './modules/burden/summary.js';
import './modules/attestation/index.js';
import './modules/import/route.js';
import './modules/import/mapping-type.js';
import './modules/burden/baseline.js';
import './modules/grant/viewer.js';
import './modules/federation/entities.js';

/** The executable schema: every module above registers its types on the one builder. */
export const schema = builder.toSchema();

export function printSchemaSDL(): string {
  return printSchema(lexicographicSortSchema(schema));
}
