import type { GraphQLResolveInfo } from 'graphql';
import type {
  Community,
  Household,
  Resident as ResidentRow,
} from '../../generated/prisma/client.js';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { rowId } from '../common/ids.js';
import { CommunityNode } from '../geo/type.js';
import { HouseholdNode } from '../household/type.js';
import { Resident } from '../resident/type.js';
import { type EntityModel, loadEntity } from './loaders.js';

/**
 * Resident, Household and Community as Apollo Federation 2 entities, keyed by their global ID
 * (`@key(fields: "id")`): another subgraph extends them by that ID, and the gateway asks this hub
 * for their fields through `_entities`.
 *
 * The types are the ones /graphql serves, with the same guarded fields: a field a section may
 * not read is refused or masked, needs a purpose, and is written to the audit trail, whichever
 * endpoint asked. A reference is no way around jurisdiction: it is loaded through the request's
 * scoped client, so a row out of scope resolves to null, as `resident(id:)` answers. A reference
 * whose ID is not one of the type's is BAD_USER_INPUT, as the ID argument of those fields is.
 */
const key = builder.selection<{ id: string }>('id');

function resolver<T>(typename: string, model: EntityModel) {
  return (reference: { id: string }, ctx: Context, info: GraphQLResolveInfo) =>
    loadEntity<T>(ctx, info, model, typename, rowId('representations.id', reference.id, typename));
}

builder.asEntity(Resident, {
  key,
  resolveReference: resolver<ResidentRow>('Resident', 'resident'),
});
builder.asEntity(HouseholdNode, {
  key,
  resolveReference: resolver<Household>('Household', 'household'),
});
builder.asEntity(CommunityNode, {
  key,
  resolveReference: resolver<Community>('Community', 'community'),
});
