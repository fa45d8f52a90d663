import {
  CommunitiesDocument,
  createClient,
  CreateResidentDocument,
  HouseholdWithMembersDocument,
  isOneTableError,
  OneTableError,
  type OneTableClient,
  ResidentDocument,
  ResidentsOfCommunityDocument,
  ResidentServiceRecordsDocument,
  ResidentsDocument,
  TasksDocument,
  UpdateResidentDocument,
} from '@onetable/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatIdNumber } from '../../src/modules/resident/id-number.js';
import { startTestHub, type TestHub } from '../support/hub.js';
import { gid } from '../support/ids.js';
import {
  idNumberOf,
  insertScenario,
  purpose,
  type ScenarioIds,
  sections,
  tasks,
} from '../support/scenario.js';

/** Runs `work` and returns the OneTableError it throws. */
async function failure(work: () => Promise<unknown>): Promise<OneTableError> {
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof OneTableError))
    throw new Error(`expected a OneTableError, got ${String(error)}`);
  return error;
}

describe('the SDK against a running hub', () => {
  let t: TestHub;
  let ids: ScenarioIds;
  let street: OneTableClient;
  beforeAll(async () => {
    t = await startTestHub('pglite', async (hub) => {
      ids = await insertScenario(hub.prisma);
    });
    street = createClient({
      url: t.url,
      token: await t.token({ section: sections.street }),
      purpose,
    });
  });
  afterAll(() => t?.close());

  it('returns typed results with the auth and purpose headers set', async () => {
    const committee = createClient({
      url: t.url,
      token: await t.token({ section: sections.c1 }),
      purpose,
    });
    const { resident } = await committee.request(ResidentDocument, {
      id: gid('Resident', ids.residents.wangXiuying),
    });
    expect(resident).toMatchObject({
      name: '王秀英',
      idNumber: idNumberOf('wangXiuying'),
      household: { address: '华山路100弄2号302室' },
    });
    expect(resident?.tags.map((tag) => tag.code)).toEqual(['ELDERLY_ALONE']);
    const listed = await street.request(TasksDocument);
    expect(listed.tasks.map((task) => task.code)).toEqual([tasks.population, tasks.epidemic]);
  });

  it("reads a household with its members and a resident's service records", async () => {
    const { household } = await street.request(HouseholdWithMembersDocument, {
      id: gid('Household', ids.households.h3),
    });
    expect(household?.head?.name).toBe('陈静');
    expect(household?.members?.map((member) => member.relationToHead)).toEqual([
      'SELF',
      'SPOUSE',
      'CHILD',
    ]);
    const { serviceRecords } = await street.request(ResidentServiceRecordsDocument, {
      resident: gid('Resident', ids.residents.wangXiuying),
      kind: 'HOME_VISIT',
    });
    expect(serviceRecords.totalCount).toBe(1);
    expect(serviceRecords.edges[0]?.node).toMatchObject({
      kind: 'HOME_VISIT',
      occurredAt: '2026-10-08T02:00:00.000Z',
      task: { code: purpose },
    });
  });

  it('pages through a connection with more than one page', async () => {
    const communityPages = [];
    for await (const page of street.pages(
      CommunitiesDocument,
      { first: 1 },
      (data) => data.communities,
    ))
      communityPages.push(page);
    expect(communityPages.map((page) => page.edges.map((edge) => edge.node.name))).toEqual([
      ['华山居委会'],
      ['新福康里居委会'],
    ]);
    const names: Array<string | null> = [];
    let requests = 0;
    const counting = createClient({
      url: t.url,
      token: await t.token({ section: sections.street }),
      purpose,
      fetch: (input, init) => ((requests += 1), fetch(input, init)),
    });
    for await (const resident of counting.paginate(
      ResidentsDocument,
      { first: 2 },
      (data) => data.residents,
    ))
      names.push(resident.name);
    expect(names).toEqual(['张伟', '李芳', '王秀英', '陈静', '周磊', '周小明']);
    expect(requests).toBe(3);
    const firstOnly = [];
    const c2 = gid('Community', ids.communities.c2);
    for await (const page of street.pages(
      ResidentsOfCommunityDocument,
      { community: c2, first: 1 },
      (d) => d.residents,
      { maxPages: 2 },
    )) {
      firstOnly.push(page.totalCount);
    }
    expect(firstOnly).toEqual([3, 3]);
  });

  it('throws typed errors: UNAUTHENTICATED, PURPOSE_REQUIRED, PURPOSE_NOT_ALLOWED, BAD_USER_INPUT, NETWORK_ERROR', async () => {
    const stranger = createClient({ url: t.url, token: 'not-a-token' });
    const unauthenticated = await failure(() => stranger.request(TasksDocument));
    expect(unauthenticated.code).toBe('UNAUTHENTICATED');
    expect(unauthenticated.status).toBe(401);
    expect(isOneTableError(unauthenticated, 'UNAUTHENTICATED')).toBe(true);

    const noPurpose = await failure(() =>
      street
        .withPurpose(undefined)
        .request(ResidentDocument, { id: gid('Resident', ids.residents.zhangWei) }),
    );
    expect(noPurpose.is('PURPOSE_REQUIRED')).toBe(true);
    expect(noPurpose.status).toBe(403);

    const perRequest = await failure(() =>
      street.request(
        ResidentDocument,
        { id: gid('Resident', ids.residents.zhangWei) },
        { purpose: 'T2099-999' },
      ),
    );
    expect(perRequest.code).toBe('PURPOSE_NOT_ALLOWED');

    const badInput = await failure(() => street.request(ResidentDocument, { id: 'garbage' }));
    expect(badInput.code).toBe('BAD_USER_INPUT');
    expect(badInput.field).toBe('id');

    const unreachable = createClient({
      url: 'http://127.0.0.1:9/graphql',
      token: 'x',
      timeoutMs: 5_000,
    });
    expect((await failure(() => unreachable.request(TasksDocument))).code).toBe('NETWORK_ERROR');
  });

  it('creates and updates a resident; a stale version is a typed CONFLICT', async () => {
    const committee = createClient({
      url: t.url,
      token: await t.token({ section: sections.c2 }),
      purpose,
    });
    const { createResident } = await committee.request(CreateResidentDocument, {
      input: {
        idNumber: formatIdNumber('320102', new Date('1990-04-12T00:00:00Z'), 123),
        name: '赵敏',
        ethnicity: '回族',
        residenceType: 'NON_LOCAL',
        community: gid('Community', ids.communities.c2),
        moveInDate: '2024-03-01',
      },
    });
    expect(createResident).toMatchObject({
      name: '赵敏',
      gender: 'MALE',
      version: 1,
      community: { name: '新福康里居委会' },
    });
    const input = { id: createResident.id, version: createResident.version, phone: '13912345678' };
    const { updateResident } = await committee.request(UpdateResidentDocument, { input });
    expect(updateResident).toMatchObject({ phone: '13912345678', version: 2 });
    const stale = await failure(() => committee.request(UpdateResidentDocument, { input }));
    expect(stale.is('CONFLICT')).toBe(true);
  });

  it('gives partial data with FORBIDDEN field errors through execute(), and throws them from request()', async () => {
    const housing = createClient({
      url: t.url,
      token: await t.token({ section: 'housing' }),
      purpose,
    });
    const id = gid('Resident', ids.residents.zhangWei);
    const result = await housing.execute(ResidentDocument, { id });
    expect(result.data.resident?.name).toBe('张*'); // housing sees names masked
    expect(result.errors.map((error) => [error.code, error.path?.join('.')])).toContainEqual([
      'FORBIDDEN',
      'resident.ethnicity',
    ]);
    const thrown = await failure(() => housing.request(ResidentDocument, { id }));
    expect(thrown.code).toBe('FORBIDDEN');
    expect(thrown.requestId).toBeTruthy();
    expect(thrown.data).toMatchObject({ resident: { ethnicity: null } });
  });
});
