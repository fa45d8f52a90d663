import { formatIdNumber } from '../../src/modules/resident/id-number.js';
import { codeOf } from '../support/hub.js';
import { tasks } from '../support/scenario.js';

/** Mixed traffic for fault tests: residents created into a household (a two-statement transaction), and reads. */
export const createResident = `mutation Create($i: CreateResidentInput!) { createResident(input: $i) { id household { id } } }`;
export const readResidents = `query Read { residents(first: 20) { totalCount edges { node { id name household { address } } } } }`;

/** Input of the i-th resident of a run: a valid, unique ID number, a name carrying the run's marker. */
export function residentInput(i: number, marker: string, community: string, household: string) {
  const birth = new Date(Date.UTC(1960, 0, 1 + i));
  return {
    name: `${marker}${[...String(i)].map((d) => '零一二三四五六七八九'[Number(d)]).join('')}`,
    idNumber: formatIdNumber('310115', birth, 100 + (i % 800)),
    ethnicity: '汉族',
    residenceType: 'NON_LOCAL',
    moveInDate: '2020-01-01',
    community,
    household,
    relationToHead: 'OTHER',
  };
}

export interface Outcome {
  status: number;
  code: string | null;
  text: string;
  id?: string;
}

/** Sends one GraphQL request; a dropped connection or refused port is an outcome too (status 0). */
export async function send(
  url: string,
  token: string,
  query: string,
  variables?: unknown,
  purpose = tasks.population,
): Promise<Outcome> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-purpose': purpose,
      },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    const body = JSON.parse(text) as {
      data?: any;
      errors?: Array<{ extensions?: { code?: string } }>;
    };
    return {
      status: res.status,
      code: codeOf(body) ?? null,
      text,
      id: body.data?.createResident?.id,
    };
  } catch (error) {
    return { status: 0, code: 'NETWORK', text: String(error) };
  }
}

/** What a cleanly failed answer may say: the code, nothing about the database. */
export const leakPattern =
  /ECONN|terminat|SELECT|INSERT|UPDATE |postgres|prisma|pg_|stack|\.ts:|\.js:/i;
export const cleanFailureCodes = ['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE'];
