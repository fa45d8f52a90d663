import { describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../support/databases.js';
import { type Edges } from '../support/hub.js';
import { moduleHub } from '../support/module-hub.js';
import { gid } from '../support/ids.js';
import { tasks } from '../support/scenario.js';

describe.each(testDatabaseKinds())('service records over HTTP (%s)', (kind) => {
  const t = moduleHub(kind);

  it('lists service records', async () => {
    const res = await t.gql<{
      serviceRecords: Edges<{ resident: { name: string } }> & { totalCount: number };
    }>(`{
      serviceRecords(filter: { kind: HOME_VISIT }) { totalCount edges { node { resident { name } } } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.serviceRecords.edges[0]?.node.resident.name).toBe('王秀英');
  });

  it('records a service, and refuses one dated in the future', async () => {
    const resident = gid('Resident', t.ids.residents.chenJing);
    const rec = await t.gql<{
      recordService: {
        kind: string;
        notes: string | null;
        recordedBy: string;
        task: { code: string } | null;
        resident: { name: string };
      };
    }>(
      `mutation($input: RecordServiceInput!) { recordService(input: $input) { kind notes recordedBy task { code } resident { name } } }`,
      {
        input: {
          resident,
          kind: 'ASSISTANCE',
          occurredAt: '2026-11-02T09:30:00+08:00',
          notes: '协助办理居住证',
          task: tasks.population,
        },
      },
    );
    expect(rec.errors).toBeUndefined();
    expect(rec.data!.recordService).toMatchObject({
      kind: 'ASSISTANCE',
      task: { code: tasks.population },
      resident: { name: '陈静' },
    });
    const future = await t.gql(
      `mutation($input: RecordServiceInput!) { recordService(input: $input) { kind } }`,
      {
        input: { resident, kind: 'ASSISTANCE', occurredAt: '2999-01-01T00:00:00Z' },
      },
    );
    expect(future.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.occurredAt',
    });
  });
});
