import { type Caller, defaultCaller, type GraphQLResponse, type TestHub } from '../support/hub.js';

/** The hub's federation endpoint, beside its /graphql. */
export const subgraphUrl = (t: TestHub) => t.url.replace(/\/graphql$/, '/subgraph');

/** Sends a GraphQL request to the hub's /subgraph as `caller`, over real HTTP. */
export async function subgraphGql<T = any>(
  t: TestHub,
  query: string,
  variables: Record<string, unknown> = {},
  caller: Caller = defaultCaller,
): Promise<GraphQLResponse<T>> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    authorization: `Bearer ${await t.token(caller)}`,
  };
  if (caller.purpose) headers['x-purpose'] = caller.purpose;
  const res = await fetch(subgraphUrl(t), {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as object) };
}

/** `_entities` representations of Residents, by global ID. */
export const residentRefs = (ids: string[]) => ids.map((id) => ({ __typename: 'Resident', id }));

export const residentEntities = `query($r: [_Any!]!) {
  _entities(representations: $r) { ... on Resident { id name phone } }
}`;
