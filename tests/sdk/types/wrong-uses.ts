/**
 * Type-level test of the SDK: every line marked @ts-expect-error must fail to type-check, so if
 * the SDK's types went slack (e.g. `any`), tsc would report the directive as unused. Checked by
 * `npm run typecheck` and by tests/sdk/types.test.ts; never executed.
 */
import {
  CommunitiesDocument,
  createClient,
  isOneTableError,
  ResidentDocument,
  ResidentsDocument,
  UpdateResidentDocument,
} from '@onetable/sdk';

const hub = createClient({
  url: 'http://127.0.0.1:4000/graphql',
  token: 'token',
  purpose: 'T2026-001',
});

export async function residentFields() {
  const { resident } = await hub.request(ResidentDocument, { id: 'UmVzaWRlbnQ6MQ==' });
  // @ts-expect-error: the resident is null when it does not exist or is outside the jurisdiction
  console.log(resident.name);
  if (!resident) return;
  // @ts-expect-error: the operation does not select this field
  console.log(resident.salary);
  // @ts-expect-error: a personal field is null when withheld, so it is not a plain string
  const plain: string = resident.name;
  // @ts-expect-error: enum values are a closed union
  if (resident.gender === 'UNKNOWN') console.log(plain);
  const name: string | null = resident.name;
  console.log(
    name,
    resident.household?.address,
    resident.tags.map((tag) => tag.code),
  );
}

export async function variables() {
  // @ts-expect-error: a required variable is missing
  await hub.request(ResidentDocument, {});
  // @ts-expect-error: variables are required when the operation has required ones
  await hub.request(ResidentDocument);
  // @ts-expect-error: a variable of the wrong type
  await hub.request(CommunitiesDocument, { first: '10' });
  // @ts-expect-error: a variable the operation does not declare
  await hub.request(CommunitiesDocument, { fist: 10 });
  // @ts-expect-error: an input field with a value outside its enum
  await hub.request(UpdateResidentDocument, { input: { id: 'x', version: 1, status: 'GONE' } });
  await hub.request(CommunitiesDocument);
}

export async function pagination() {
  for await (const resident of hub.paginate(
    ResidentsDocument,
    { first: 100 },
    (data) => data.residents,
  )) {
    console.log(resident.name, resident.community.name);
    // @ts-expect-error: paginated nodes are typed like any result
    console.log(resident.household);
  }
  // @ts-expect-error: the selector must return a connection (edges and pageInfo)
  hub.paginate(ResidentsDocument, { first: 100 }, (data) => data.residents.totalCount);
}

export function errors(error: unknown) {
  if (isOneTableError(error)) {
    // @ts-expect-error: codes are a closed union
    if (error.code === 'NOT_A_CODE') return;
    if (error.is('CONFLICT')) {
      // @ts-expect-error: narrowed to CONFLICT
      const other: 'FORBIDDEN' = error.code;
      return other;
    }
  }
  return undefined;
}
