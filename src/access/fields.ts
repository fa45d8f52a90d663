/**
 * Which fields are personal is declared on each field (see src/access/policy.ts); this module
 * re-exports what the rest of the hub asks of those declarations.
 */
export { isPersonalField, maskOf, needsPurpose, personalFieldNames } from './policy.js';

/** The type name under which tag grants are kept: field name = tag code. */
export const tagGrantType = 'Tag';
