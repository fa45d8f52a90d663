/**
 * The GraphQL documents of scenarios 1–3: OneTable's (as the civil-affairs section, with its
 * purpose) and PostGraphile's equivalents (Amber preset naming, pg-aggregates for the report).
 */
import type { Fixture, HttpRequest, Params, SingleScenario } from './index.js';

const page = `query BenchPage($first: Int!) { residents(first: $first) { edges { node {
  id name idNumber phone birthDate age gender status
  household { address members { name } } community { name } tags { code }
} } } }`;

const resident = `query BenchResident($id: ID!) { resident(id: $id) {
  id name idNumber phone birthDate age gender status community { name }
  serviceRecords(first: 20) { edges { node { kind occurredAt notes recordedBy } } }
} }`;

const report = `query BenchReport { report(input: { dataset: RESIDENTS, dimensions: [COMMUNITY, AGE_BAND], measures: [COUNT] }) {
  columns { key } rows { values }
} }`;

/** Relay global id, as OneTable's Node ids are encoded. */
export const residentGlobalId = (id: number) => Buffer.from(`Resident:${id}`).toString('base64');

export function onetableRequest(
  scenario: SingleScenario,
  fixture: Fixture,
  params: Params,
): HttpRequest {
  const body =
    scenario === 'page'
      ? { query: page, variables: { first: params.pageSize } }
      : scenario === 'resident'
        ? { query: resident, variables: { id: residentGlobalId(params.residentId) } }
        : { query: report };
  return {
    method: 'POST',
    path: '/graphql',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${fixture.token}`,
      'x-purpose': fixture.purpose,
    },
    body: JSON.stringify(body),
  };
}

// PostGraphile 5

const pglPage = `query BenchPage($first: Int!) { allResidents(first: $first, orderBy: PRIMARY_KEY_ASC) { nodes {
  rowId name idNumber phone birthDate gender status
  householdByHouseholdId { address residentsByHouseholdId(orderBy: PRIMARY_KEY_ASC) { nodes { name } } }
  communityByCommunityId { name }
  residentTagsByResidentId(orderBy: TAG_ID_ASC) { nodes { tagByTagId { code } } }
} } }`;

const pglResident = `query BenchResident($id: Int!) { residentByRowId(rowId: $id) {
  rowId name idNumber phone birthDate gender status communityByCommunityId { name }
  serviceRecordsByResidentId(first: 20, orderBy: [OCCURRED_AT_DESC, PRIMARY_KEY_DESC]) { nodes { kind occurredAt notes recordedBy } }
} }`;

// groupedAggregates from @graphile/pg-aggregates; `count` and `BIRTH_DATE_AGE_BAND` come from
// the bench plugin in ../servers/postgraphile.ts (documented extension points of the plugin).
const pglReport = `query BenchReport { allResidents { groupedAggregates(groupBy: [COMMUNITY_ID, BIRTH_DATE_AGE_BAND]) {
  keys count { rowId }
} } }`;

export function postgraphileRequest(scenario: SingleScenario, params: Params): HttpRequest {
  const body =
    scenario === 'page'
      ? { query: pglPage, variables: { first: params.pageSize } }
      : scenario === 'resident'
        ? { query: pglResident, variables: { id: params.residentId } }
        : { query: pglReport };
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}
